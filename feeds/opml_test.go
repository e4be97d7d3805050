package feeds

import (
	"net/url"
	"strings"
	"testing"
)

func TestOPMLRoundTrip(t *testing.T) {
	in := `<?xml version="1.0"?><opml version="1.0"><head><title>Mine</title></head><body>
<outline text="Robotics"><outline text="Weekly" type="rss" xmlUrl="https://automation-weekly.example/feed"/>
<outline title="Dup" xmlUrl="https://automation-weekly.example/feed"/>
<outline text="Bad" xmlUrl="javascript:alert(1)"/><outline text="&lt;b&gt;Bold&lt;/b&gt;" xmlUrl="http://b.example/rss"/></outline>
</body></opml>`
	feeds, err := ImportOPML([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(feeds) != 2 || feeds[0].Title != "Weekly" || feeds[1].Title != "Bold" || feeds[1].URL != "http://b.example/rss" {
		t.Fatalf("imported %+v", feeds)
	}
	subs := []Subscription{{URL: feeds[0].URL, Title: feeds[0].Title}, {URL: "bundle:news/x.xml", Title: "Shipped"}, {URL: feeds[1].URL}}
	out, err := ExportOPML("Advocate subscriptions", subs)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ImportOPML(out)
	if err != nil || len(back) != 2 || back[0] != feeds[0] || back[1].URL != feeds[1].URL {
		t.Fatalf("round trip: %+v %v\n%s", back, err, out)
	}
	for _, bad := range []string{"", "<html/>", `<opml><body><outline text="x"/></body></opml>`, strings.Repeat("<opml>", 10)} {
		if _, err := ImportOPML([]byte(bad)); err == nil || !strings.HasPrefix(err.Error(), "feeds: ") {
			t.Errorf("ImportOPML(%q) = %v", bad, err)
		}
	}
}

func FuzzImportOPML(f *testing.F) {
	f.Add([]byte(`<opml version="2.0"><body><outline xmlUrl="https://a.example/f"><outline xmlUrl="http://b.example"/></outline></body></opml>`))
	f.Add([]byte(`<opml><body>` + strings.Repeat(`<outline>`, 100) + `</body></opml>`))
	f.Add([]byte(`<opml><body><outline text="&amp;lt;script&amp;gt;x" title="&#x202E;gnp.exe" xmlUrl="https://u:p@a.example/f"/></body></opml>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		feeds, err := ImportOPML(data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "feeds: ") {
				t.Fatalf("unclear error %v", err)
			}
			return
		}
		for _, fd := range feeds {
			if !strings.HasPrefix(fd.URL, "http://") && !strings.HasPrefix(fd.URL, "https://") {
				t.Fatalf("unsafe address %q", fd.URL)
			}
			if u, err := url.Parse(fd.URL); err != nil || u.User != nil || strings.ContainsFunc(fd.URL, isBidiControl) {
				t.Fatalf("address %q keeps credentials or bidi controls (%v)", fd.URL, err)
			}
			if hasMarkup(fd.Title) || strings.ContainsFunc(fd.Title, isBidiControl) {
				t.Fatalf("title %q is not plain text", fd.Title)
			}
		}
	})
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(rssWith("One", "Two")))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","content_html":"<script>x</script>hi","url":"javascript:1"}]}`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="html">&lt;b&gt;x</title><link href="data:x"/></entry></feed>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		feed, err := Parse(data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "feeds: ") {
				t.Fatalf("unclear error %v", err)
			}
			return
		}
		for _, it := range feed.Items {
			if it.Link != "" && !strings.HasPrefix(it.Link, "http://") && !strings.HasPrefix(it.Link, "https://") {
				t.Fatalf("unsafe link %q", it.Link)
			}
			if u, err := url.Parse(it.Link); err != nil || u.User != nil {
				t.Fatalf("link %q keeps credentials (%v)", it.Link, err)
			}
			for _, text := range []string{feed.Title, it.Title, it.Summary} {
				if hasMarkup(text) || strings.ContainsFunc(text, isBidiControl) {
					t.Fatalf("text %q is not plain", text)
				}
			}
		}
	})
}
