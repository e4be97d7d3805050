package share

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// heldMastodon is a Mastodon server that tells when a post has arrived and
// answers only when release is closed (or the client gives up).
func heldMastodon(t *testing.T) (srv *httptest.Server, arrived chan struct{}, release chan struct{}) {
	arrived, release = make(chan struct{}), make(chan struct{})
	var once sync.Once
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body) // read to its end, the server notices a client that gives up
		once.Do(func() { close(arrived) })
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"7","url":"https://social.example/@ada/7"}`)
	}))
	t.Cleanup(srv.Close)
	return srv, arrived, release
}

// runUntilPosting runs the worker and waits until its post reaches the
// server; stop ends the worker's context, and done is closed when Run has
// returned.
func runUntilPosting(w *Worker, arrived chan struct{}) (stop context.CancelFunc, done chan struct{}) {
	ctx, stop := context.WithCancel(context.Background())
	done = make(chan struct{})
	go func() {
		defer close(done)
		w.Run(ctx, time.Hour, nil)
	}()
	<-arrived
	return stop, done
}

func TestAPostOnItsWayWhenTheAppClosesIsRecordedWithItsOutcome(t *testing.T) {
	o, _, _, _ := setup(t, t.TempDir())
	srv, arrived, release := heldMastodon(t)
	w := &Worker{Outbox: o, Posters: posters{srv.URL, srv.Client()}, Grace: time.Minute}
	s := enqueue(t, o, "mastodon", 1, "Atlas 3 ships")
	stop, done := runUntilPosting(w, arrived)
	stop()         // the app closes while the post is on its way…
	close(release) // …and the network answers within the grace
	<-done
	got, err := o.Get(context.Background(), s.ID)
	if err != nil || got.State != Posted || got.ResultID != "7" {
		t.Fatalf("after closing: %+v, %v", got, err)
	}
}

func TestAPostCutOffByClosingIsSettledNotFailed(t *testing.T) {
	for _, c := range []struct {
		account int64
		want    string
	}{
		{1, Waiting},     // Mastodon keeps the idempotency key: it goes again, once
		{3, Unconfirmed}, // X keeps no key and cannot be asked: the user looks first
	} {
		o, _, _, _ := setup(t, t.TempDir())
		srv, arrived, _ := heldMastodon(t)
		w := &Worker{Outbox: o, Posters: posters{srv.URL, srv.Client()}, Grace: time.Nanosecond}
		s := enqueue(t, o, accountNetwork[c.account], c.account, "Atlas 3 ships")
		stop, done := runUntilPosting(w, arrived)
		stop() // the server never answers: the grace runs out
		<-done
		got, err := o.Get(context.Background(), s.ID)
		if err != nil || got.State != c.want {
			t.Errorf("account %d: %s (%s), want %s", c.account, got.State, got.Error, c.want)
		}
	}
}
