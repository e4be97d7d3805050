package feeds

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Refresh schedule.
const (
	RefreshEvery = time.Hour
	maxBackoff   = 24 * time.Hour
	firstBackoff = 15 * time.Minute
	workers      = 4
)

// Progress reports how a refresh is going: done of total feeds. It is
// called from the refresh's goroutines, one call at a time.
type Progress func(done, total int)

// Summary is what a refresh did.
type Summary struct {
	Fetched, Unchanged, Failed, NewItems int
}

// Refresher fetches the feeds that are due, a few at a time, and stores
// what they hold. One feed's failure never stops the others.
type Refresher struct {
	DB      *DB
	Fetcher *Fetcher
	// Now tells the time; nil means time.Now.
	Now func() time.Time
	// Jitter spreads the next fetch over ±10% of the interval; nil picks
	// at random.
	Jitter func() float64
	// every is how long a fetched feed rests before it is due again, in
	// nanoseconds; 0 means RefreshEvery and Manual means only on request.
	every atomic.Int64
}

// Manual, given to SetEvery, refreshes feeds only when asked.
const Manual time.Duration = -1

// SetEvery sets how often each feed is fetched in the background: d, or
// never with Manual. It is safe to call while Run runs, and applies from
// the next fetch and the next wait.
func (r *Refresher) SetEvery(d time.Duration) { r.every.Store(int64(d)) }

// Every reports the interval SetEvery set: RefreshEvery by default.
func (r *Refresher) Every() time.Duration {
	if d := time.Duration(r.every.Load()); d != 0 {
		return d
	}
	return RefreshEvery
}

// rest is how long a feed fetched now rests before it is due again.
func (r *Refresher) rest() time.Duration {
	if d := r.Every(); d > 0 {
		return d
	}
	return RefreshEvery
}

func (r *Refresher) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

func (r *Refresher) spread(d time.Duration) time.Duration {
	j := rand.Float64()
	if r.Jitter != nil {
		j = r.Jitter()
	}
	return time.Duration(float64(d) * (0.9 + 0.2*j))
}

// backoff is the wait after the n-th failure in a row: 15 minutes,
// doubling, at most a day.
func backoff(failures int) time.Duration {
	d := firstBackoff
	for i := 1; i < failures && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}

// RefreshDue fetches every web feed whose next fetch time has come (all of
// them with force), reporting progress as each ends.
func (r *Refresher) RefreshDue(ctx context.Context, force bool, progress Progress) (Summary, error) {
	subs, err := r.DB.Subscriptions(ctx)
	if err != nil {
		return Summary{}, err
	}
	now := r.now()
	var due []Subscription
	for _, s := range subs {
		if strings.HasPrefix(s.URL, BundleScheme) {
			continue // refreshed with the bundle
		}
		if force || s.NextFetch.IsZero() || !s.NextFetch.After(now) {
			due = append(due, s)
		}
	}
	var (
		mu   sync.Mutex
		sum  Summary
		done int
		wg   sync.WaitGroup
	)
	jobs := make(chan Subscription)
	for range min(workers, len(due)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range jobs {
				outcome, added := r.refreshOne(ctx, s)
				mu.Lock()
				switch outcome {
				case "fetched":
					sum.Fetched++
				case "unchanged":
					sum.Unchanged++
				default:
					sum.Failed++
				}
				sum.NewItems += added
				done++
				if progress != nil {
					progress(done, len(due))
				}
				mu.Unlock()
			}
		}()
	}
	for _, s := range due {
		select {
		case jobs <- s:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(jobs)
	wg.Wait()
	return sum, ctx.Err()
}

// refreshOne fetches one feed and records the outcome: "fetched",
// "unchanged" or "failed", with the number of new items.
func (r *Refresher) refreshOne(ctx context.Context, s Subscription) (string, int) {
	fctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	resp, err := r.Fetcher.Fetch(fctx, s.URL, s.Valid)
	now := r.now()
	if err == nil && resp.NotModified {
		r.DB.MarkUnchanged(ctx, s.ID, now, now.Add(r.spread(r.rest())))
		return "unchanged", 0
	}
	var f *Feed
	if err == nil {
		f, err = Parse(resp.Body)
	}
	if err != nil {
		next := now.Add(r.spread(backoff(s.Failures + 1)))
		var rl *RateLimited
		if errors.As(err, &rl) && rl.Until.After(next) {
			next = rl.Until
		}
		r.DB.MarkFailed(context.WithoutCancel(ctx), s.ID, err.Error(), next)
		return "failed", 0
	}
	added, err := r.DB.SaveItems(ctx, s.ID, f, resp.Validators, now, now.Add(r.spread(r.rest())))
	if err != nil {
		r.DB.MarkFailed(context.WithoutCancel(ctx), s.ID, err.Error(), now.Add(firstBackoff))
		return "failed", 0
	}
	return "fetched", added
}

// Run refreshes due feeds now and then every interval, or every Every if
// that is shorter (with jitter), until ctx ends; with Manual it only waits.
// Its caller owns it and stops it by cancelling ctx.
func (r *Refresher) Run(ctx context.Context, interval time.Duration, progress Progress, done func(Summary, error)) {
	for {
		if r.Every() != Manual {
			sum, err := r.RefreshDue(ctx, false, progress)
			if done != nil && ctx.Err() == nil {
				done(sum, err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(r.spread(min(interval, r.rest()))):
		}
	}
}

// LoadShipped stores the items of a feed shipped inside the bundle.
func (d *DB) LoadShipped(ctx context.Context, path, title string, audience []string, data []byte, now time.Time) error {
	id, err := d.Subscribe(ctx, BundleScheme+path, title, OriginOrg, audience)
	if err != nil {
		return err
	}
	f, err := Parse(data)
	if err != nil {
		return d.MarkFailed(ctx, id, err.Error(), time.Time{})
	}
	_, err = d.SaveItems(ctx, id, f, Validators{}, now, time.Time{})
	return err
}
