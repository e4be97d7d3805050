package feeds

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>One</title><link>https://a.example/1</link><guid>1</guid></item></channel></rss>`

func loopbackFetcher() *Fetcher { return NewFetcher([]string{"127.0.0.1", "::1"}) }

func TestConditionalFetch(t *testing.T) {
	var agents []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		agents = append(agents, r.UserAgent())
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Sat, 21 Nov 2026 10:00:00 GMT")
		w.Write([]byte(rss))
	}))
	defer srv.Close()
	f := loopbackFetcher()
	first, err := f.Fetch(context.Background(), srv.URL, Validators{})
	if err != nil || first.NotModified || len(first.Body) == 0 || first.Validators.ETag != `"v1"` {
		t.Fatalf("first fetch: %+v %v", first, err)
	}
	second, err := f.Fetch(context.Background(), srv.URL, first.Validators)
	if err != nil || !second.NotModified || second.Body != nil || second.Validators != first.Validators {
		t.Fatalf("second fetch: %+v %v", second, err)
	}
	if !strings.HasPrefix(agents[0], "Advocate/") {
		t.Fatalf("User-Agent %q", agents[0])
	}
}

func TestFetchFailuresInWords(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/limited", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "120")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	mux.HandleFunc("/endless", func(w http.ResponseWriter, r *http.Request) {
		chunk := []byte(strings.Repeat("<item>x</item>", 1000))
		for {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/stall", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "gone", http.StatusGone)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	f := loopbackFetcher()
	f.Now = func() time.Time { return now }

	_, err := f.Fetch(context.Background(), srv.URL+"/limited", Validators{})
	var rl *RateLimited
	if !errors.As(err, &rl) || !rl.Until.Equal(now.Add(2*time.Minute)) {
		t.Fatalf("429: %v", err)
	}
	cases := map[string]string{
		"/endless": "larger than 4 MiB",
		"/loop":    "more than 5 redirects",
		"/gone":    "410 Gone",
	}
	for path, want := range cases {
		if _, err := f.Fetch(context.Background(), srv.URL+path, Validators{}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", path, err, want)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if _, err := f.Fetch(ctx, srv.URL+"/stall", Validators{}); err == nil || !strings.Contains(err.Error(), "did not answer in time") {
		t.Errorf("stall: %v", err)
	}
	for _, bad := range []string{"file:///etc/passwd", "javascript:alert(1)", "not a url"} {
		if _, err := f.Fetch(context.Background(), bad, Validators{}); err == nil || !strings.Contains(err.Error(), "not an http or https address") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

func TestPrivateNetworkGuard(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(rss)) }))
	defer srv.Close()
	_, err := NewFetcher(nil).Fetch(context.Background(), srv.URL, Validators{})
	if !errors.Is(err, ErrPrivateAddress) || !strings.Contains(err.Error(), "private network") {
		t.Fatalf("loopback without permission: %v", err)
	}
	// A public-looking name that resolves to loopback is caught too.
	_, err = NewFetcher(nil).Fetch(context.Background(), strings.Replace(srv.URL, "127.0.0.1", "localhost", 1), Validators{})
	if !errors.Is(err, ErrPrivateAddress) {
		t.Fatalf("localhost: %v", err)
	}
}
