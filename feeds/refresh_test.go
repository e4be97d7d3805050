package feeds

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/store"
)

func openDB(t testing.TB) *DB {
	t.Helper()
	st, err := store.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return NewDB(st.DB())
}

func rssWith(items ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>`)
	for i, title := range items {
		fmt.Fprintf(&b, `<item><title>%s</title><link>https://news.example/%d</link><guid>id-%d</guid><pubDate>Sat, 21 Nov 2026 10:%02d:00 GMT</pubDate><description>About %s</description></item>`, title, i, i, i, title)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

func TestRefreshStoresSearchesAndSchedules(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	var parsedGood atomic.Int32
	body := rssWith("Recycled aluminium frames", "Cobots pass a million hours")
	mux := http.NewServeMux()
	mux.HandleFunc("/good", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		parsedGood.Add(1)
		w.Header().Set("ETag", `"1"`)
		w.Write([]byte(body))
	})
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "oops", http.StatusInternalServerError) })
	mux.HandleFunc("/busy", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "7200")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	mux.HandleFunc("/junk", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<html>not a feed</html>")) })
	mux.HandleFunc("/laughs", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><rss version="2.0"><channel><title>&c;</title></channel></rss>`))
	})
	mux.HandleFunc("/latin1", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Caf\xe9</title><item><title>Cr\xe8me \xff</title><guid>x</guid></item></channel></rss>"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	for _, p := range []string{"/good", "/broken", "/busy", "/junk", "/laughs", "/latin1"} {
		if _, err := db.Subscribe(ctx, srv.URL+p, "", OriginUser, nil); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	fetcher := loopbackFetcher()
	fetcher.Now = clock
	r := &Refresher{DB: db, Fetcher: fetcher, Now: clock, Jitter: func() float64 { return 0.5 }}
	var reports []int
	sum, err := r.RefreshDue(ctx, false, func(done, total int) {
		if total != 6 {
			t.Errorf("total %d", total)
		}
		reports = append(reports, done)
	})
	if err != nil || sum.Fetched+sum.Failed != 6 || sum.Fetched < 1 || len(reports) != 6 {
		t.Fatalf("summary %+v, %v, reports %v", sum, err, reports)
	}
	subs, _ := db.Subscriptions(ctx)
	byPath := map[string]Subscription{}
	for _, s := range subs {
		byPath[strings.TrimPrefix(s.URL, srv.URL)] = s
	}
	if s := byPath["/good"]; s.Title != "Feed" || s.LastError != "" || !s.NextFetch.Equal(now.Add(time.Hour)) {
		t.Fatalf("good: %+v", s)
	}
	if s := byPath["/broken"]; !strings.Contains(s.LastError, "500") || s.Failures != 1 || !s.NextFetch.Equal(now.Add(15*time.Minute)) {
		t.Fatalf("broken: %+v", s)
	}
	if s := byPath["/busy"]; !strings.Contains(s.LastError, "asked to wait") || !s.NextFetch.Equal(now.Add(2*time.Hour)) {
		t.Fatalf("busy: %+v", s)
	}
	if s := byPath["/junk"]; !strings.Contains(s.LastError, "not an RSS, Atom or JSON feed") {
		t.Fatalf("junk: %+v", s)
	}

	// Nothing is due a minute later; forced, the good feed answers 304 and is not parsed again.
	now = now.Add(time.Minute)
	if sum, _ := r.RefreshDue(ctx, false, nil); sum != (Summary{}) {
		t.Fatalf("nothing due, but %+v", sum)
	}
	sum, _ = r.RefreshDue(ctx, true, nil)
	if sum.Unchanged != 1 || parsedGood.Load() != 1 {
		t.Fatalf("forced: %+v, served %d times", sum, parsedGood.Load())
	}
	for _, p := range []string{"/laughs", "/latin1"} {
		s := byPath[p]
		if s.LastError != "" && !strings.HasPrefix(s.LastError, "feeds: ") {
			t.Errorf("%s: unclear error %q", p, s.LastError)
		}
		if len(s.Title) > 200 {
			t.Errorf("%s: entities expanded into a title of %d bytes", p, len(s.Title))
		}
	}
	t.Logf("billion laughs: %q; invalid UTF-8: %q", byPath["/laughs"].LastError, byPath["/latin1"].LastError)

	items, err := db.Items(ctx, nil, "alumin", 10)
	if err != nil || len(items) != 1 || items[0].Title != "Recycled aluminium frames" {
		t.Fatalf("search: %+v %v", items, err)
	}
	for _, q := range []string{`"*(`, "AND OR NOT", "a-b 'c'", ""} {
		if _, err := db.Items(ctx, nil, q, 10); err != nil {
			t.Errorf("search %q: %v", q, err)
		}
	}
}

func TestItemsAreDeduplicatedAndPruned(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	id, _ := db.Subscribe(ctx, "https://news.example/feed", "", OriginUser, nil)
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	f, _ := Parse([]byte(rssWith("One", "Two")))
	if n, err := db.SaveItems(ctx, id, f, Validators{}, now, now); err != nil || n != 2 {
		t.Fatalf("first save: %d %v", n, err)
	}
	f.Items[0].Title = "One, corrected"
	if n, _ := db.SaveItems(ctx, id, f, Validators{}, now.Add(time.Hour), now); n != 0 {
		t.Fatalf("a corrected item counted as new: %d", n)
	}
	items, _ := db.Items(ctx, []int64{id}, "", 10)
	if len(items) != 2 || (items[0].Title != "One, corrected" && items[1].Title != "One, corrected") {
		t.Fatalf("items = %+v", items)
	}
	// No GUID and no link: the content decides.
	noID := &Feed{Items: []Item{{Title: "Same", Summary: "text", Published: now}, {Title: "Same", Summary: "text", Published: now}}}
	db.SaveItems(ctx, id, noID, Validators{}, now, now)
	if items, _ := db.Items(ctx, []int64{id}, "", 10); len(items) != 3 {
		t.Fatalf("content-hash dedupe: %d items", len(items))
	}
	// Old items go, and only the newest MaxItemsByFeed stay.
	old := &Feed{Items: []Item{{GUID: "old", Title: "Old", Published: now.Add(-100 * 24 * time.Hour)}}}
	db.SaveItems(ctx, id, old, Validators{}, now, now)
	if items, _ := db.Items(ctx, nil, "old", 10); len(items) != 0 {
		t.Fatal("an item older than 90 days was kept")
	}
	many := &Feed{}
	for i := range MaxItemsByFeed + 20 {
		many.Items = append(many.Items, Item{GUID: fmt.Sprint("m", i), Title: "M", Published: now.Add(-time.Duration(i) * time.Minute)})
	}
	db.SaveItems(ctx, id, many, Validators{}, now, now)
	if items, _ := db.Items(ctx, []int64{id}, "", 10000); len(items) != MaxItemsByFeed {
		t.Fatalf("%d items kept, want %d", len(items), MaxItemsByFeed)
	}
}

func TestBackoffDoublesToADay(t *testing.T) {
	want := []time.Duration{15 * time.Minute, 30 * time.Minute, time.Hour, 2 * time.Hour}
	for i, w := range want {
		if got := backoff(i + 1); got != w {
			t.Errorf("backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
	if backoff(50) != 24*time.Hour {
		t.Errorf("backoff(50) = %v", backoff(50))
	}
}

func TestRefreshIntervalIsTheUsersChoice(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(rssWith("Atlas 3 ships")))
	}))
	defer srv.Close()
	if _, err := db.Subscribe(ctx, srv.URL, "", OriginUser, nil); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	fetcher := loopbackFetcher()
	r := &Refresher{DB: db, Fetcher: fetcher, Now: func() time.Time { return now }, Jitter: func() float64 { return 0.5 }}
	if r.Every() != RefreshEvery {
		t.Fatalf("default every %v", r.Every())
	}
	r.SetEvery(15 * time.Minute)
	if _, err := r.RefreshDue(ctx, false, nil); err != nil {
		t.Fatal(err)
	}
	subs, _ := db.Subscriptions(ctx)
	if !subs[0].NextFetch.Equal(now.Add(15 * time.Minute)) {
		t.Fatalf("next fetch %v, want 15 minutes on", subs[0].NextFetch)
	}

	// Manual: Run fetches nothing, however due the feed is.
	r.SetEvery(Manual)
	now = now.Add(24 * time.Hour)
	runCtx, cancel := context.WithCancel(ctx)
	finished := make(chan struct{})
	calls := 0
	go func() {
		r.Run(runCtx, time.Hour, nil, func(Summary, error) { calls++ })
		close(finished)
	}()
	time.Sleep(300 * time.Millisecond) // time for a refresh to happen, were it to
	cancel()
	<-finished
	if subs, _ := db.Subscriptions(ctx); calls != 0 || !subs[0].NextFetch.Equal(now.Add(-24*time.Hour+15*time.Minute)) {
		t.Fatalf("manual refresh ran %d times; next fetch %v", calls, subs[0].NextFetch)
	}
}
