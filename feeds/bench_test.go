package feeds

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

// BenchmarkRefresh1000 refreshes 1,000 feeds from a local server where
// half answer 304 Not Modified.
func BenchmarkRefresh1000(b *testing.B) {
	ctx := context.Background()
	body := []byte(rssWith("Alpha", "Beta", "Gamma", "Delta", "Epsilon"))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/feed/%d", &n)
		if n%2 == 0 && r.Header.Get("If-None-Match") == `"same"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"same"`)
		w.Write(body)
	}))
	defer srv.Close()
	db := openDB(b)
	for i := range 1000 {
		db.Subscribe(ctx, fmt.Sprintf("%s/feed/%d", srv.URL, i), "", OriginUser, nil)
	}
	r := &Refresher{DB: db, Fetcher: loopbackFetcher()}
	if _, err := r.RefreshDue(ctx, true, nil); err != nil { // every feed learns its ETag
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		sum, err := r.RefreshDue(ctx, true, nil)
		if err != nil || sum.Unchanged != 500 || sum.Fetched != 500 {
			subs, _ := db.Subscriptions(ctx)
			for _, s := range subs {
				if s.LastError != "" {
					b.Fatalf("%+v %v: %s", sum, err, s.LastError)
				}
			}
			b.Fatalf("%+v %v", sum, err)
		}
	}
}

func benchFeedBytes(b *testing.B) []byte {
	data, err := os.ReadFile("../assets/demo/news/newsroom.xml")
	if err != nil {
		b.Fatal(err)
	}
	// Fifty items, each with some HTML to make plain.
	var items strings.Builder
	for i := range 50 {
		fmt.Fprintf(&items, `<item><title>Item %d &amp; more</title><link>https://news.example/%d</link><guid>g%d</guid><pubDate>Sat, 21 Nov 2026 10:00:00 GMT</pubDate><description><![CDATA[<p>Paragraph <b>%d</b> with a <a href="https://x.example">link</a>.</p><p>And a second one.</p>]]></description></item>`, i, i, i, i)
	}
	return bytes.Replace(data, []byte("</channel>"), []byte(items.String()+"</channel>"), 1)
}

// BenchmarkParse is our pipeline (parse, plain text, safe links, order);
// BenchmarkParseGofeedRaw is gofeed alone on the same bytes.
func BenchmarkParse(b *testing.B) {
	data := benchFeedBytes(b)
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseGofeedRaw(b *testing.B) {
	data := benchFeedBytes(b)
	for b.Loop() {
		if _, err := gofeed.NewParser().Parse(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoad50000 reads 50,000 stored items, newest first, as the News
// list loads them.
func BenchmarkLoad50000(b *testing.B) {
	ctx := context.Background()
	db := openDB(b)
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	for f := range 100 {
		id, _ := db.Subscribe(ctx, fmt.Sprintf("https://news.example/%d", f), "", OriginUser, nil)
		feed := &Feed{}
		for i := range MaxItemsByFeed {
			feed.Items = append(feed.Items, Item{GUID: fmt.Sprint(i), Title: fmt.Sprintf("Item %d of feed %d", i, f),
				Link: fmt.Sprintf("https://news.example/%d/%d", f, i), Summary: "A short summary of the news item, as plain text.",
				Published: now.Add(-time.Duration(i*100+f) * time.Minute)})
		}
		if _, err := db.SaveItems(ctx, id, feed, Validators{}, now, now); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		items, err := db.Items(ctx, nil, "", 50000)
		if err != nil || len(items) != 50000 {
			b.Fatalf("%d items, %v", len(items), err)
		}
	}
}
