package core

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/advocate-app/advocate/internal/demotest"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/publish"
	"github.com/advocate-app/advocate/advocacy/store"
)

// suggestEndpoint is a loopback suggestions endpoint that keeps what it
// took and answers as the test says: "drop" closes the connection without
// an answer (the endpoint is unreachable), else the status.
type suggestEndpoint struct {
	*httptest.Server
	mu       sync.Mutex
	took     [][]byte
	keys     []string
	tries    []string // the idempotency key of every request
	status   int
	retry    string
	drop     bool
	received chan struct{}
}

func startSuggestEndpoint(t *testing.T) *suggestEndpoint {
	e := &suggestEndpoint{status: http.StatusAccepted, received: make(chan struct{}, 100)}
	e.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("%s with %q", r.Method, r.Header.Get("Content-Type"))
		}
		e.mu.Lock()
		status, retry, drop := e.status, e.retry, e.drop
		key := r.Header.Get("Idempotency-Key")
		e.tries = append(e.tries, key)
		if !drop && status/100 == 2 {
			e.took, e.keys = append(e.took, body), append(e.keys, key)
		}
		e.mu.Unlock()
		defer func() { e.received <- struct{}{} }()
		if drop {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		if retry != "" {
			w.Header().Set("Retry-After", retry)
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(e.Close)
	return e
}

func (e *suggestEndpoint) answer(status int, retry string, drop bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.status, e.retry, e.drop = status, retry, drop
}

func (e *suggestEndpoint) got() (took [][]byte, keys, tries []string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([][]byte{}, e.took...), append([]string{}, e.keys...), append([]string{}, e.tries...)
}

// loadSuggestingBundle puts in force a signed copy of the demo bundle
// whose manifest names suggestions as where suggestions go ("" for
// nowhere).
func loadSuggestingBundle(t *testing.T, c *Core, suggestions string) {
	t.Helper()
	dir, key := demotest.Bundle(t, func(m map[string]any) {
		delete(m, "suggestions")
		if suggestions != "" {
			m["suggestions"] = suggestions
		}
	})
	if _, err := c.LoadBundle(context.Background(), dir, key); err != nil {
		t.Fatal(err)
	}
}

// suggestClock is a clock the test moves.
type suggestClock struct {
	mu  sync.Mutex
	now time.Time
}

func (k *suggestClock) Now() time.Time {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.now
}

func (k *suggestClock) add(d time.Duration) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.now = k.now.Add(d)
}

func openCoreAt(t *testing.T, dir string, clock *suggestClock) *Core {
	t.Helper()
	st, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Open(context.Background(), Config{Store: st, DataDir: dir, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestASuggestionMadeOfflineReachesTheEndpointOnce makes a suggestion
// while the endpoint cannot be reached, restarts the app, has the
// endpoint ask to wait (Retry-After), and then take it: it arrives once,
// in the shape advocatectl suggestions import reads, and is never sent
// again.
func TestASuggestionMadeOfflineReachesTheEndpointOnce(t *testing.T) {
	ctx := context.Background()
	ep := startSuggestEndpoint(t)
	ep.answer(0, "", true) // offline: the connection drops
	clock := &suggestClock{now: testNow}
	dir := t.TempDir()
	c := openCoreAt(t, dir, clock)
	loadSuggestingBundle(t, c, ep.URL+"/suggest")
	if via, where := c.SuggestTarget(); via != SuggestByPost || where != ep.URL+"/suggest" {
		t.Fatalf("target %v %q", via, where)
	}
	made, err := c.Suggest(ctx, Suggestion{URL: "https://news.example/larkspur-atlas-review", Why: "A fair review of Atlas 3.", Title: "Atlas 3 reviewed"})
	if err != nil || made.Via != SuggestByPost || made.ID == 0 {
		t.Fatalf("Suggest: %+v, %v", made, err)
	}
	sent, next, err := c.SendSuggestions(ctx)
	var unreachable *SuggestUnreachable
	if sent != 0 || !errors.As(err, &unreachable) || !next.Equal(testNow.Add(time.Minute)) {
		t.Fatalf("offline: sent %d, next %v, %v", sent, next, err)
	}
	if sg, _ := c.st.Suggestion(ctx, made.ID); sg.State != store.SuggestionQueued || sg.Attempts != 1 || sg.Error == "" {
		t.Fatalf("after the first try: %+v", sg)
	}
	// Not due yet: nothing is tried.
	if sent, _, err := c.SendSuggestions(ctx); sent != 0 || err != nil {
		t.Fatalf("before it was due: sent %d, %v", sent, err)
	}
	if _, _, tries := ep.got(); len(tries) != 1 {
		t.Fatalf("%d tries before it was due, want 1", len(tries))
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}

	// The app starts again; the endpoint is up but busy.
	c = openCoreAt(t, dir, clock)
	t.Cleanup(func() { c.Close() })
	ep.answer(http.StatusServiceUnavailable, "120", false)
	clock.add(time.Minute)
	sent, next, err = c.SendSuggestions(ctx)
	var later *SuggestLater
	if sent != 0 || !errors.As(err, &later) || !next.Equal(clock.Now().Add(120*time.Second)) {
		t.Fatalf("busy: sent %d, next %v, %v", sent, next, err)
	}
	clock.add(119 * time.Second) // one second short of what it asked
	if sent, _, _ := c.SendSuggestions(ctx); sent != 0 {
		t.Fatal("sent before Retry-After")
	}
	ep.answer(http.StatusAccepted, "", false)
	clock.add(time.Second)
	if sent, next, err := c.SendSuggestions(ctx); sent != 1 || err != nil || !next.IsZero() {
		t.Fatalf("up: sent %d, next %v, %v", sent, next, err)
	}
	clock.add(24 * time.Hour)
	if sent, _, err := c.SendSuggestions(ctx); sent != 0 || err != nil {
		t.Fatalf("sent again: %d, %v", sent, err)
	}

	took, keys, tries := ep.got()
	if len(took) != 1 || len(tries) != 3 {
		t.Fatalf("the endpoint took %d suggestions in %d requests, want 1 in 3", len(took), len(tries))
	}
	if keys[0] == "" || tries[0] != keys[0] || tries[1] != keys[0] {
		t.Fatalf("idempotency keys %q, took with %q: every try must carry the same key", tries, keys[0])
	}
	got, err := publish.ReadSuggestions(bytes.NewReader(took[0]), "received")
	if err != nil || len(got) != 1 {
		t.Fatalf("advocatectl suggestions import cannot read what was sent (%s): %v", took[0], err)
	}
	want := publish.Suggestion{URL: "https://news.example/larkspur-atlas-review", Why: "A fair review of Atlas 3.",
		Title: "Atlas 3 reviewed", Role: bundle.RoleEmployee, At: testNow}
	if g := got[0]; g.URL != want.URL || g.Why != want.Why || g.Title != want.Title || g.Role != want.Role || !g.At.Equal(want.At) {
		t.Fatalf("received %+v, want %+v", g, want)
	}
	list, err := c.Suggestions(ctx)
	if err != nil || len(list) != 1 || list[0].State != store.SuggestionSent || !list[0].SentAt.Equal(clock.Now().Add(-24*time.Hour)) {
		t.Fatalf("the list says %+v, %v", list, err)
	}
}

// TestTheLoopSendsASuggestionWhenItIsMade runs the core's background
// work: a suggestion reaches the endpoint without being asked, once.
func TestTheLoopSendsASuggestionWhenItIsMade(t *testing.T) {
	ctx := context.Background()
	ep := startSuggestEndpoint(t)
	clock := &suggestClock{now: testNow}
	c := openCoreAt(t, t.TempDir(), clock)
	t.Cleanup(func() { c.Close() })
	loadSuggestingBundle(t, c, ep.URL)
	changed := make(chan struct{}, 100)
	c.Subscribe(func(e Event) {
		if e == SuggestionsChanged {
			changed <- struct{}{}
		}
	})
	c.Start()
	made, err := c.Suggest(ctx, Suggestion{URL: "https://larkspur.example/blog/cages", Why: "Our safety lead explains it well."})
	if err != nil {
		t.Fatal(err)
	}
	<-ep.received
	for {
		sg, err := c.st.Suggestion(ctx, made.ID)
		if err != nil {
			t.Fatal(err)
		}
		if sg.State == store.SuggestionSent {
			break
		}
		<-changed // marked sent after the endpoint answered
	}
	if took, _, tries := ep.got(); len(took) != 1 || len(tries) != 1 {
		t.Fatalf("took %d in %d requests", len(took), len(tries))
	}
}

// TestSuggestByMailAndItsRefusals: a bundle that names a mail address
// keeps nothing and gives the address; bad suggestions and a bundle
// that takes none are refused with their errors; a refusal by the
// endpoint is final.
func TestSuggestByMailAndItsRefusals(t *testing.T) {
	ctx := context.Background()
	clock := &suggestClock{now: testNow}
	c := openCoreAt(t, t.TempDir(), clock)
	t.Cleanup(func() { c.Close() })
	loadSuggestingBundle(t, c, "mailto:desk@larkspur.example")
	ok := Suggestion{URL: "https://news.example/a", Why: "Good read."}
	if got, err := c.Suggest(ctx, ok); err != nil || got.Via != SuggestByMail || got.Mail != "desk@larkspur.example" {
		t.Fatalf("by mail: %+v, %v", got, err)
	}
	if list, _ := c.Suggestions(ctx); len(list) != 0 {
		t.Fatalf("a mailed suggestion was kept: %+v", list)
	}
	link := MailtoLink("desk@larkspur.example", "Suggested post: A & B", "Why: good read.\nhttps://news.example/a?x=1&y=2")
	if want := "mailto:desk@larkspur.example?subject=Suggested%20post%3A%20A%20%26%20B&body=Why%3A%20good%20read.%0Ahttps%3A%2F%2Fnews.example%2Fa%3Fx%3D1%26y%3D2"; link != want {
		t.Fatalf("mailto\n got %s\nwant %s", link, want)
	}
	for _, c2 := range []struct {
		s    Suggestion
		want error
	}{
		{Suggestion{URL: "http://news.example/a", Why: "x"}, ErrSuggestionLink},
		{Suggestion{URL: "news.example/a", Why: "x"}, ErrSuggestionLink},
		{Suggestion{URL: "https://news.example/a", Why: "  "}, ErrSuggestionWhy},
		{Suggestion{URL: "https://news.example/a", Why: strings.Repeat("a", MaxSuggestionWhy+1)}, ErrSuggestionWhy},
	} {
		if _, err := c.Suggest(ctx, c2.s); !errors.Is(err, c2.want) {
			t.Errorf("%+v: %v, want %v", c2.s, err, c2.want)
		}
	}
	loadSuggestingBundle(t, c, "")
	if via, _ := c.SuggestTarget(); via != SuggestNowhere {
		t.Fatalf("target %v", via)
	}
	if _, err := c.Suggest(ctx, ok); !errors.Is(err, ErrNoSuggestions) {
		t.Fatalf("no endpoint: %v", err)
	}

	ep := startSuggestEndpoint(t)
	ep.answer(http.StatusUnprocessableEntity, "", false)
	loadSuggestingBundle(t, c, ep.URL)
	made, err := c.Suggest(ctx, ok)
	if err != nil {
		t.Fatal(err)
	}
	var refused *SuggestRefused
	if _, next, err := c.SendSuggestions(ctx); !errors.As(err, &refused) || refused.Status != 422 || !next.IsZero() {
		t.Fatalf("refused: next %v, %v", next, err)
	}
	clock.add(24 * time.Hour)
	if _, _, err := c.SendSuggestions(ctx); err != nil {
		t.Fatal(err)
	}
	if sg, _ := c.st.Suggestion(ctx, made.ID); sg.State != store.SuggestionRefused {
		t.Fatalf("state %q", sg.State)
	}
	if _, _, tries := ep.got(); len(tries) != 1 {
		t.Fatalf("a refused suggestion was tried %d times", len(tries))
	}
}
