package share

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/networks"
)

// failing is a poster that answers every post with err.
type failing struct{ err error }

func (f failing) Post(context.Context, networks.Post) (networks.Result, error) {
	return networks.Result{}, f.err
}

func (f failing) PosterFor(context.Context, Share) (Poster, error) { return f, nil }

// timeoutError is a net.Error that timed out, as a read deadline gives.
type timeoutError struct{}

func (timeoutError) Error() string   { return "i/o timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

// TestWorkerClassifiesByErrorType sends one share per error through the
// worker and checks the state it ends in. Errors whose words mislead (a
// plain error saying "503" or "EOF") prove that the type decides, not the
// text.
func TestWorkerClassifiesByErrorType(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	syntax := json.Unmarshal([]byte(`{"uri":"at://did:plc:ada/app.bsky.feed.po`), &struct{}{})
	status := func(code int) error {
		return networks.Unexpected("Bluesky", code, []byte(`{"error":"Down","message":"try later"}`))
	}
	cases := []struct {
		name    string
		network network.ID
		err     error
		state   string
	}{
		{"503 is retried", "bluesky", status(503), Waiting},
		{"500 is retried", "bluesky", status(500), Waiting},
		{"502 wrapped is retried", "bluesky", fmt.Errorf("client: %w", status(502)), Waiting},
		{"504 is retried", "x", status(504), Waiting},
		{"400 fails", "bluesky", status(400), Failed},
		{"501 fails", "bluesky", status(501), Failed},
		{"a 503 only in words fails", "bluesky", errors.New("networks: Bluesky answered 503 Service Unavailable"), Failed},
		{"EOF only in words fails", "bluesky", errors.New("the answer could not be read: unexpected end, EOF"), Failed},
		{"unreadable is unconfirmed", "bluesky", networks.Unreadable("Bluesky", syntax), Unconfirmed},
		{"unreadable wrapped is unconfirmed", "x", fmt.Errorf("x: %w", networks.Unreadable("X", io.ErrUnexpectedEOF)), Unconfirmed},
		{"unreadable with a key waits", "mastodon", networks.Unreadable("Mastodon", syntax), Waiting},
		{"a cut answer is unconfirmed", "bluesky", &url.Error{Op: "Post", URL: "https://bsky.example", Err: io.ErrUnexpectedEOF}, Unconfirmed},
		{"a closed connection is unconfirmed", "bluesky", &url.Error{Op: "Post", URL: "https://bsky.example", Err: io.EOF}, Unconfirmed},
		{"a reset is unconfirmed", "bluesky", &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}, Unconfirmed},
		{"a broken pipe is unconfirmed", "x", &net.OpError{Op: "write", Net: "tcp", Err: os.NewSyscallError("write", syscall.EPIPE)}, Unconfirmed},
		{"a timeout is unconfirmed", "bluesky", &net.OpError{Op: "read", Net: "tcp", Err: timeoutError{}}, Unconfirmed},
		{"a deadline is unconfirmed", "x", fmt.Errorf("x: %w", context.DeadlineExceeded), Unconfirmed},
		{"refused is offline", "bluesky", &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, Waiting},
		{"the post is too long", "bluesky", &networks.TooLong{Network: "Bluesky", Limit: 300}, Failed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o, _, _, _ := setup(t, t.TempDir())
			o.Now = func() time.Time { return now }
			w := &Worker{Outbox: o, Posters: failing{c.err}}
			s := enqueue(t, o, c.network, 1, "hello")
			if _, err := w.RunOnce(ctx); err != nil {
				t.Fatal(err)
			}
			got, _ := o.Get(ctx, s.ID)
			if got.State != c.state {
				t.Fatalf("%v (%T): state %s, error %q; want %s", c.err, c.err, got.State, got.Error, c.state)
			}
			if got.State == Waiting && !got.NextAttempt.After(now) {
				t.Fatalf("waiting without a later attempt: %v", got.NextAttempt)
			}
		})
	}
}

// TestServerErrorsStopBeingRetried checks that a 5xx is retried only up to
// the fifth attempt.
func TestServerErrorsStopBeingRetried(t *testing.T) {
	o := &Outbox{Now: func() time.Time { return time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC) }}
	w := &Worker{Outbox: o}
	err := networks.Unexpected("X", 503, nil)
	for attempts, want := range map[int]string{1: Waiting, 4: Waiting, 5: Failed, 6: Failed} {
		s := Share{Network: "x", Attempts: attempts}
		if w.outcome(&s, networks.Result{}, err); s.State != want {
			t.Errorf("attempt %d: %s, want %s", attempts, s.State, want)
		}
	}
}
