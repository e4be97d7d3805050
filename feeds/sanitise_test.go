package feeds

import (
	"html"
	"strings"
	"testing"
)

// A feed item's link loses its user name and password: nothing shows or
// shares "https://trusted.example@evil.example/", or a password.
func TestItemLinksLoseUserinfo(t *testing.T) {
	t.Parallel()
	feed, err := Parse([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>a</title><link>https://user:secret@news.example/1</link><guid>1</guid></item>
<item><title>b</title><link>https://trusted.example@evil.example/2?x=1#top</link><guid>2</guid></item>
<item><title>c</title><link>http://@news.example/3</link><guid>3</guid></item>
</channel></rss>`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a": "https://news.example/1", "b": "https://evil.example/2?x=1#top", "c": "http://news.example/3"}
	for _, it := range feed.Items {
		if it.Link != want[it.Title] {
			t.Errorf("item %s: link %q, want %q", it.Title, it.Link, want[it.Title])
		}
	}
}

func TestSafeLinkDropsUserinfoAndBidi(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"https://user:pass@a.example/x":      "https://a.example/x",
		"https://user@a.example:8443/x":      "https://a.example:8443/x",
		"https://a.example/?q=\u2066x\u2069": "",
		"https://a\u202e.example/":           "",
		"https://a.example/gnp\u202e.exe":    "",
		"https://user:pass@/x":               "",
	} {
		if got := SafeLink(in); got != want {
			t.Errorf("SafeLink(%q) = %q, want %q", in, got, want)
		}
	}
}

// Bidi embedding, override and isolate controls do not survive plain text:
// "\u202Egnp.exe" would otherwise read as "exe.png".
func TestPlainTextDropsBidiControls(t *testing.T) {
	t.Parallel()
	controls := "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069"
	for _, in := range []string{
		"invoice\u202Egnp.exe",
		"<p>invoice\u202Egnp.exe</p>",
		"&#x202E;x &#8238;y &#x2066;z&#x2069;",
		"a" + controls + "b",
	} {
		got := PlainText(in)
		if strings.ContainsAny(got, controls) {
			t.Errorf("PlainText(%q) = %q keeps a bidi control", in, got)
		}
	}
	if got := PlainText("a" + controls + "b"); got != "ab" {
		t.Errorf("controls between letters: %q, want ab", got)
	}
	// Marks that only set the direction of a character stay: Arabic and
	// Hebrew text needs them.
	if got := PlainText("\u200Fשלום\u200E"); got != "\u200Fשלום\u200E" {
		t.Errorf("direction marks: %q", got)
	}
}

// Escaped markup that decoding brings out is not left as markup: a feed
// whose XML holds "&amp;lt;script&amp;gt;" does not yield "<script>".
func TestPlainTextLeavesNoMarkup(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"&lt;script&gt;alert(1)&lt;/script&gt;Hi":     "Hi",
		"&lt;b&gt;Bold&lt;/b&gt; news":                "Bold news",
		"<p>&lt;img src=x onerror=alert(1)&gt;ok</p>": "ok",
		"&lt;b&gt;Tom &amp;amp; Jerry&lt;/b&gt;":      "Tom & Jerry",
		"&amp;lt;b&amp;gt;":                           "&lt;b&gt;",
		"&lt;&lt;b&gt;b&gt;":                          "",
		"a &lt; b and c &gt; d":                       "a < b and c > d",
		"&lt;\u202Eb&gt;x":                            "x",
		"&lt;!-- hidden --&gt;shown":                  "shown",
	}
	for in, want := range cases {
		if got := PlainText(in); got != want {
			t.Errorf("PlainText(%q) = %q, want %q", in, got, want)
		}
	}
	// Each layer peeled may bring out another; past a few, what is left is
	// defused rather than peeled without end.
	if got := PlainText(layered(maxMarkupPasses)); got != "y" {
		t.Errorf("%d layers: %q, want y", maxMarkupPasses, got)
	}
	if got := PlainText(layered(maxMarkupPasses + 1)); got != "\u2039b>y" {
		t.Errorf("%d layers: %q, want ‹b>y", maxMarkupPasses+1, got)
	}
	feed, err := Parse([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>&amp;lt;b&amp;gt;T</title>
<item><title>&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;Headline</title><link>https://a.example/1</link>
<description>&amp;lt;img src=x onerror=alert(1)&amp;gt;Summary</description></item></channel></rss>`))
	if err != nil {
		t.Fatal(err)
	}
	it := feed.Items[0]
	if feed.Title != "T" || it.Title != "Headline" || it.Summary != "Summary" {
		t.Fatalf("feed %q, item %q / %q", feed.Title, it.Title, it.Summary)
	}
}

// layered is markup whose every layer of decoding brings out a tag.
func layered(n int) string {
	s := "<b>y"
	for range n - 1 {
		s = "<b>" + html.EscapeString(s)
	}
	return s
}

func FuzzPlainText(f *testing.F) {
	for _, s := range []string{"<p>a</p>", "&lt;script&gt;x", "&amp;lt;b&amp;gt;", "\u202Ex", "a < b", "<<b>b>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := PlainText(s)
		if hasMarkup(got) {
			t.Fatalf("PlainText(%q) = %q holds markup", s, got)
		}
		if strings.ContainsFunc(got, isBidiControl) {
			t.Fatalf("PlainText(%q) = %q holds a bidi control", s, got)
		}
	})
}
