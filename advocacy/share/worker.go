package share

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/advocate-app/advocate/advocacy/networks"
	"github.com/advocate-app/advocate/advocacy/policy"
)

// Poster publishes for one account.
type Poster interface {
	Post(ctx context.Context, p networks.Post) (networks.Result, error)
}

// Finder is a poster that can look through the account's recent posts
// for one with a given text, to settle a share whose outcome is unknown.
type Finder interface {
	Find(ctx context.Context, text string) (networks.Result, bool, error)
}

// Posters finds the poster for a share's account.
type Posters interface {
	PosterFor(ctx context.Context, s Share) (Poster, error)
}

// Worker sends due shares, one at a time, recording each step.
type Worker struct {
	Outbox  *Outbox
	Posters Posters
	// Recheck checks a scheduled share again against the policy in force
	// when it goes; nil skips that.
	Recheck func(ctx context.Context, s Share) (policy.Result, error)
	// Idempotent reports whether a share's network keeps idempotency keys;
	// nil means what the network's facts say.
	Idempotent func(s Share) bool
	// Grace is how long a post already on its way may still take once the
	// worker's context ends (the app is closing), so that its outcome is
	// known and recorded; 0 means DefaultGrace. A post cut off after it
	// is settled like any post without a clear answer.
	Grace time.Duration
	// Step, when set, is called after each step ("claimed", "posted",
	// "recorded"); tests stop the process there.
	Step func(step string, s Share)
	wake chan struct{}
}

// DefaultGrace is the Grace of a worker that sets none.
const DefaultGrace = 10 * time.Second

// graceful returns the context a post is sent under: it outlives ctx by
// the worker's grace, and stop releases it.
func (w *Worker) graceful(ctx context.Context) (post context.Context, stop func()) {
	grace := w.Grace
	if grace <= 0 {
		grace = DefaultGrace
	}
	post, cancel := context.WithCancel(context.WithoutCancel(ctx))
	var mu sync.Mutex
	var timer *time.Timer
	unwatch := context.AfterFunc(ctx, func() {
		mu.Lock()
		defer mu.Unlock()
		timer = time.AfterFunc(grace, cancel)
	})
	return post, func() {
		unwatch()
		mu.Lock()
		if timer != nil {
			timer.Stop()
		}
		mu.Unlock()
		cancel()
	}
}

func (w *Worker) idempotent(s Share) bool {
	if w.Idempotent != nil {
		return w.Idempotent(s)
	}
	f, _ := s.Network.Facts()
	return f.Idempotent
}

func (w *Worker) step(name string, s Share) {
	if w.Step != nil {
		w.Step(name, s)
	}
}

// Recover settles shares that were on their way when the app stopped:
// where the network keeps idempotency keys they are queued again (the
// retry uses the same key), elsewhere they become unconfirmed, for the
// user to look at — never re-posted blindly.
func (w *Worker) Recover(ctx context.Context) (int, error) {
	list, err := w.Outbox.byState(ctx, Posting)
	if err != nil {
		return 0, err
	}
	for _, s := range list {
		kind := KindUnconfirmed
		s.State, s.Error, s.Why = Unconfirmed, "Advocate stopped while posting; check your profile before sharing it again", WhyStopped
		if w.idempotent(s) {
			kind, s.State, s.Error, s.Why = KindRequeued, Queued, "", WhyNone
		} else if k, ok := w.confirm(ctx, &s, true); ok {
			kind = k
		}
		if _, err := w.Outbox.transition(ctx, s, []string{Posting}, kind); err != nil {
			return 0, err
		}
	}
	return len(list), nil
}

func (o *Outbox) byState(ctx context.Context, states ...string) ([]Share, error) {
	marks := strings.TrimSuffix(strings.Repeat("?,", len(states)), ",")
	args := make([]any, len(states))
	for i, s := range states {
		args[i] = s
	}
	return o.query(ctx, "WHERE state IN ("+marks+") ORDER BY id", args...)
}

// RunOnce sends every share that is due now and reports how many it sent
// (whatever their outcome).
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	list, err := w.Outbox.byState(ctx, Queued, Waiting)
	if err != nil {
		return 0, err
	}
	now := w.Outbox.now()
	n := 0
	for _, s := range list {
		if ctx.Err() != nil {
			return n, ctx.Err()
		}
		if !s.NextAttempt.IsZero() && s.NextAttempt.After(now) {
			continue
		}
		if err := w.send(ctx, s); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// Wake makes Run look for due shares now.
func (w *Worker) Wake() {
	if w.wake != nil {
		select {
		case w.wake <- struct{}{}:
		default:
		}
	}
}

// Run recovers, then sends due shares whenever woken and every interval,
// until ctx ends. done is told after each round that sent something.
func (w *Worker) Run(ctx context.Context, interval time.Duration, done func(int, error)) {
	w.wake = make(chan struct{}, 1)
	if _, err := w.Recover(ctx); err != nil && done != nil {
		done(0, err)
	}
	for {
		n, err := w.RunOnce(ctx)
		if done != nil && (n > 0 || err != nil) && ctx.Err() == nil {
			done(n, err)
		}
		select {
		case <-ctx.Done():
			return
		case <-w.wake:
		case <-time.After(interval):
		}
	}
}

func (w *Worker) send(ctx context.Context, s Share) error {
	if w.Recheck != nil && !s.Scheduled.IsZero() {
		res, err := w.Recheck(ctx, s)
		if err != nil {
			// Never posted unchecked: it stays queued for the next round.
			return fmt.Errorf("share: check share %d when due: %w", s.ID, err)
		}
		if res.Verdict == policy.Blocked {
			var rules []string
			for _, f := range res.Findings {
				if f.Severity == policy.Block {
					rules = append(rules, f.Title)
				}
			}
			s.State, s.Error, s.Why = Failed, "the policy in force when it was due blocks it: "+strings.Join(rules, ", "), WhyBlockedLater
			_, err := w.Outbox.transition(ctx, s, []string{Queued, Waiting}, KindBlocked)
			return err
		}
	}
	s.State, s.Attempts = Posting, s.Attempts+1
	ok, err := w.Outbox.transition(ctx, s, []string{Queued, Waiting}, KindPosting)
	if err != nil || !ok {
		return err
	}
	w.step("claimed", s)
	post, stop := w.graceful(ctx)
	defer stop()
	var res networks.Result
	var kind string
	poster, err := w.Posters.PosterFor(post, s)
	if err != nil && post.Err() != nil {
		// Cut off before anything went out: it waits for the next start.
		s.State, s.Attempts, s.Error, s.Why = Queued, s.Attempts-1, "", WhyNone
		kind = KindRequeued
	} else {
		if err == nil {
			res, err = poster.Post(post, networks.Post{Text: s.Text, IdempotencyKey: s.Key})
		}
		w.step("posted", s)
		kind = w.outcome(&s, res, err)
	}
	if s.State == Unconfirmed {
		if k, ok := w.confirm(ctx, &s, false); ok {
			kind = k
		}
	}
	if _, err := w.Outbox.transition(context.WithoutCancel(ctx), s, []string{Posting}, kind); err != nil {
		return err
	}
	w.step("recorded", s)
	return nil
}

// outcome sets the share's state from the network's answer and returns the
// audit record kind.
func (w *Worker) outcome(s *Share, res networks.Result, err error) string {
	now := w.Outbox.now()
	var rl *networks.RateLimited
	var tl *networks.TooLong
	switch {
	case err == nil:
		s.State, s.ResultID, s.ResultURL, s.Error, s.Why = Posted, res.ID, res.URL, "", WhyNone
		return KindPosted
	case errors.Is(err, networks.ErrDuplicate):
		s.State, s.Error, s.Why = Posted, "the network already has this post", WhyDuplicate
		return KindPosted
	case errors.Is(err, networks.ErrReconnect):
		s.State, s.Error, s.Why = Reconnect, err.Error(), WhyReconnect
		return KindWaiting
	case errors.As(err, &rl):
		s.State, s.Error, s.Why, s.NextAttempt = Waiting, err.Error(), WhyRateLimited, rl.Reset
		if rl.Reset.IsZero() || rl.Reset.Before(now) {
			s.NextAttempt = now.Add(15 * time.Minute)
		}
		return KindWaiting
	case errors.As(err, &tl):
		s.State, s.Error, s.Why = Failed, err.Error(), WhyTooLong
		return KindFailed
	case offline(err):
		s.State, s.Error, s.Why, s.NextAttempt = Waiting, "offline: it goes when the network is back ("+err.Error()+")", WhyOffline, now.Add(backoff(s.Attempts))
		return KindWaiting
	case unknownOutcome(err):
		if w.idempotent(*s) {
			s.State, s.Error, s.Why, s.NextAttempt = Waiting, "no answer; it is sent again with the same key, so it lands once", WhyNoAnswer, now.Add(backoff(s.Attempts))
			return KindWaiting
		}
		s.State, s.Error, s.Why = Unconfirmed, "no clear answer from the network ("+err.Error()+"); check your profile before sharing it again", WhyUnclear
		return KindUnconfirmed
	case serverError(err) && s.Attempts < 5:
		s.State, s.Error, s.Why, s.NextAttempt = Waiting, err.Error(), WhyServer, now.Add(backoff(s.Attempts))
		return KindWaiting
	}
	s.State, s.Error, s.Why = Failed, err.Error(), WhyRefused
	return KindFailed
}

// confirm asks the network, where it can tell, whether an unconfirmed
// share is there: found, it is posted. Not found, it is queued again only
// when requeue is set (after a restart): right after an unclear answer the
// network may still be working on the request.
func (w *Worker) confirm(ctx context.Context, s *Share, requeue bool) (string, bool) {
	poster, err := w.Posters.PosterFor(ctx, *s)
	if err != nil {
		return "", false
	}
	f, ok := poster.(Finder)
	if !ok {
		return "", false
	}
	res, found, err := f.Find(ctx, s.Text)
	switch {
	case err != nil:
		return "", false
	case found:
		s.State, s.ResultID, s.ResultURL, s.Error, s.Why = Posted, res.ID, res.URL, "confirmed on the network after an unclear answer", WhyConfirmed
		return KindConfirmed, true
	case !requeue:
		return "", false
	}
	s.State, s.Error, s.Why = Queued, "", WhyNone
	return KindRequeued, true
}

func backoff(attempts int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < attempts && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// offline recognises errors from before the request went out: no route,
// no name, connection refused.
func offline(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ENETUNREACH)
}

// unknownOutcome recognises errors after the request may have arrived: a
// timeout, a request cut off as the app closed, a connection reset or
// closed mid-answer, an answer that could not be read.
func unknownOutcome(err error) bool {
	var ne net.Error
	var unreadable *networks.UnreadableError
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return true
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return true
	case errors.As(err, &unreadable):
		return true
	case errors.As(err, &ne) && ne.Timeout():
		return true
	}
	return false
}

// serverError recognises an answer saying the network failed on its side
// in a way that passes: 500, 502, 503, 504.
func serverError(err error) bool {
	var se *networks.StatusError
	if !errors.As(err, &se) {
		return false
	}
	switch se.Status {
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}
