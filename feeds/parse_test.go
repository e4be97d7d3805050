package feeds

import (
	"context"
	"strings"
	"testing"

	"github.com/advocate-app/advocate/advocacy/bundle"
)

func TestDemoNewsParses(t *testing.T) {
	b, err := bundle.Demo().Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	formats := map[string]string{}
	for _, n := range b.News {
		f, err := Parse(n.Data)
		if err != nil {
			t.Fatalf("%s: %v", n.Feed.Title, err)
		}
		if len(f.Items) < 2 {
			t.Fatalf("%s: %d items", n.Feed.Title, len(f.Items))
		}
		for i, it := range f.Items {
			if strings.ContainsAny(it.Summary, "<>") {
				t.Errorf("%s: summary keeps markup: %q", n.Feed.Title, it.Summary)
			}
			if !strings.HasPrefix(it.Link, "https://") {
				t.Errorf("%s: link %q", n.Feed.Title, it.Link)
			}
			if i > 0 && it.Published.After(f.Items[i-1].Published) {
				t.Errorf("%s: items not newest first", n.Feed.Title)
			}
		}
		formats[n.Feed.Title] = f.Format
	}
	if formats["Larkspur Newsroom"] != "rss" || formats["Warehouse Automation Weekly"] != "atom" || formats["Larkspur Alumni Network"] != "json" {
		t.Fatalf("formats = %v", formats)
	}
}

func TestParseRefusesWhatIsNotAFeed(t *testing.T) {
	for _, in := range []string{"", "   ", "hello world", "<html><body>no</body></html>", `{"version":"x"`} {
		if _, err := Parse([]byte(in)); err == nil || !strings.HasPrefix(err.Error(), "feeds: ") {
			t.Errorf("Parse(%q) = %v", in, err)
		}
	}
}

func TestPlainText(t *testing.T) {
	cases := map[string]string{
		"plain":                            "plain",
		"<p>One</p><p>Two &amp; three</p>": "One\nTwo & three",
		"a<script>alert(1)</script>b":      "ab",
		"<style>p{}</style><b>bold</b>":    "bold",
		"x\u0000y   z\n\n\n w":             "x y z\nw",
		"<img src=x onerror=alert(1)>ok":   "ok",
	}
	for in, want := range cases {
		if got := PlainText(in); got != want {
			t.Errorf("PlainText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSafeLink(t *testing.T) {
	for in, want := range map[string]string{
		"https://larkspur.example/a": "https://larkspur.example/a",
		"http://x.example":           "http://x.example",
		"javascript:alert(1)":        "",
		"file:///etc/passwd":         "",
		"data:text/html,hi":          "",
		"/relative":                  "",
	} {
		if got := SafeLink(in); got != want {
			t.Errorf("SafeLink(%q) = %q, want %q", in, got, want)
		}
	}
}

// A self-closing script tag still opens a script in HTML, as browsers read
// it: its content stays hidden up to the closing tag.
func TestPlainTextSelfClosingScriptStillHides(t *testing.T) {
	if got := PlainText("<script/>alert(1)</script><p>shown</p>"); got != "shown" {
		t.Fatalf("PlainText = %q", got)
	}
}
