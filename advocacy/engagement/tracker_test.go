package engagement_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/audit"
	"github.com/advocate-app/advocate/advocacy/engagement"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/networks"
	"github.com/advocate-app/advocate/advocacy/share"
	"github.com/advocate-app/advocate/advocacy/store"
)

// clock is a hand-moved clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

func openDB(t *testing.T) *sql.DB {
	t.Helper()
	st, err := store.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st.DB()
}

var keys int

// post records a share posted to account at posted, as the outbox does:
// the share's row and its share.posted record on the audit trail.
func post(t *testing.T, db *sql.DB, net network.ID, account int64, postID string, posted time.Time) int64 {
	t.Helper()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	keys++
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO shares(created_at, network, account_id, text, idem_key, state, result_id, result_url)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, store.FormatTime(posted.Add(-time.Minute)), net, account,
		"Proud of the team", fmt.Sprint("key-", keys), share.Posted, postID, "https://example.test/"+postID).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := audit.Append(ctx, tx, posted, share.KindPosted, map[string]any{"share": id, "network": net}); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return id
}

// fake is a network reader whose counts rise by one reaction a read; it
// notes each batch it is asked for.
type fake struct {
	mu      sync.Mutex
	batches [][]string
	reads   int64
	answer  func(ids []string) (engagement.Batch, error)
}

func (f *fake) Engagement(ctx context.Context, ids []string) (engagement.Batch, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.batches = append(f.batches, slices.Clone(ids))
	if f.answer != nil {
		return f.answer(ids)
	}
	f.reads++
	b := engagement.Batch{Results: map[string]engagement.Result{}}
	for _, id := range ids {
		b.Results[id] = engagement.Found(engagement.Counts{Reactions: engagement.Of(f.reads), Replies: engagement.Of(0)})
	}
	return b, nil
}

func (f *fake) asked() int { f.mu.Lock(); defer f.mu.Unlock(); return len(f.batches) }

func tracker(db *sql.DB, clk *clock, readers map[network.ID]engagement.Reader) *engagement.Tracker {
	return &engagement.Tracker{DB: db, Now: clk.Now, Source: func(ctx context.Context, id network.ID, account int64) (engagement.Reader, error) {
		if r, ok := readers[id]; ok {
			return r, nil
		}
		return nil, engagement.NotReadable(engagement.ReasonOff)
	}}
}

func run(t *testing.T, tr *engagement.Tracker) engagement.Round {
	t.Helper()
	r, err := tr.RunOnce(context.Background())
	if err != nil {
		t.Fatalf("RunOnce: %v", err)
	}
	return r
}

// TestScheduleDecays: a share is read 1 h, 6 h, 24 h, 3 d, 7 d and 30 d
// after it was posted, and then no more; before each step nothing is
// asked; its readings keep the counts rising over time; the practice
// account's shares are never read.
func TestScheduleDecays(t *testing.T) {
	db := openDB(t)
	clk := &clock{t: t0.Add(time.Minute)}
	f := &fake{}
	tr := tracker(db, clk, map[network.ID]engagement.Reader{network.Mastodon: f})
	id := post(t, db, network.Mastodon, 1, "111", t0)
	post(t, db, network.Mastodon, 0, "practice-1", t0) // the practice account

	r := run(t, tr)
	if r.Enrolled != 1 || r.Recorded != 0 || !r.Next.Equal(t0.Add(time.Hour)) {
		t.Fatalf("first round %+v, want one share enrolled, due at %v", r, t0.Add(time.Hour))
	}
	for i, step := range engagement.Steps {
		clk.Set(t0.Add(step - time.Second))
		if r := run(t, tr); r.Recorded != 0 || f.asked() != i {
			t.Fatalf("step %d read a second early: %+v", i, r)
		}
		clk.Set(t0.Add(step))
		r := run(t, tr)
		if r.Recorded != 1 || f.asked() != i+1 {
			t.Fatalf("step %d (%v): %+v after %d batches", i, step, r, f.asked())
		}
		if i+1 < len(engagement.Steps) && !r.Next.Equal(t0.Add(engagement.Steps[i+1])) {
			t.Fatalf("after step %d, next %v", i, r.Next)
		}
		if i+1 == len(engagement.Steps) && !r.Next.IsZero() {
			t.Fatalf("after the last step, next %v", r.Next)
		}
	}
	clk.Set(t0.Add(365 * 24 * time.Hour))
	if r := run(t, tr); r.Recorded != 0 || f.asked() != len(engagement.Steps) {
		t.Fatalf("read after the last step: %+v", r)
	}
	track, err := tr.Track(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if track.State != engagement.StateDone || len(track.Readings) != len(engagement.Steps) || !track.Posted.Equal(t0) {
		t.Fatalf("track %+v", track)
	}
	for i, rd := range track.Readings {
		if rd.Status != engagement.Read || rd.Counts.Reactions != engagement.Of(int64(i+1)) || !rd.At.Equal(t0.Add(engagement.Steps[i])) {
			t.Errorf("reading %d: %+v", i, rd)
		}
		if rd.Counts.Quotes.Known || rd.Counts.Quotes.String() != "not available" || rd.Counts.Replies != engagement.Of(0) {
			t.Errorf("reading %d: a count the network did not give is %v, a zero it gave is %v", i, rd.Counts.Quotes, rd.Counts.Replies)
		}
	}
	if latest, ok := track.Latest(); !ok || latest.Counts.Reactions.N != 6 {
		t.Errorf("latest %+v", latest)
	}
	list, err := tr.Tracks(context.Background(), 10)
	if err != nil || len(list) != 1 {
		t.Fatalf("Tracks = %d, %v; the practice share must not be tracked", len(list), err)
	}
	if _, err := tr.Track(context.Background(), id+1); !errors.Is(err, engagement.ErrNotTracked) {
		t.Errorf("practice share: %v", err)
	}
}

// TestOneBatchPerAccount: the due shares of one account are read in one
// batch, another account's in another, and a share read late (Advocate
// was not running) is read once, not once per missed step.
func TestOneBatchPerAccount(t *testing.T) {
	db := openDB(t)
	clk := &clock{t: t0}
	f := &fake{}
	tr := tracker(db, clk, map[network.ID]engagement.Reader{network.Bluesky: f})
	post(t, db, network.Bluesky, 1, "at://a/1", t0)
	post(t, db, network.Bluesky, 1, "at://a/2", t0.Add(time.Minute))
	post(t, db, network.Bluesky, 2, "at://b/1", t0)
	clk.Set(t0.Add(4 * 24 * time.Hour)) // past 1 h, 6 h, 24 h and 3 d
	r := run(t, tr)
	if r.Recorded != 3 || f.asked() != 2 {
		t.Fatalf("round %+v in %d batches, want 3 readings in 2", r, f.asked())
	}
	if !slices.Equal(f.batches[0], []string{"at://a/1", "at://a/2"}) || !slices.Equal(f.batches[1], []string{"at://b/1"}) {
		t.Errorf("batches %q", f.batches)
	}
	if !r.Next.Equal(t0.Add(7 * 24 * time.Hour)) {
		t.Errorf("next %v, want the 7-day step", r.Next)
	}
}

// TestRateLimitIsObeyed: a network that answers 429 with a wait is not
// asked again before it ends, although readings are due; what it read
// before the limit is kept, and an answer that spent its allowance pauses
// it too.
func TestRateLimitIsObeyed(t *testing.T) {
	db := openDB(t)
	clk := &clock{t: t0.Add(time.Hour)}
	f := &fake{}
	f.answer = func(ids []string) (engagement.Batch, error) {
		b := engagement.Batch{Results: map[string]engagement.Result{ids[0]: engagement.Found(engagement.Counts{Reactions: engagement.Of(1)})}}
		return b, &engagement.Wait{Network: "Mastodon", After: 2 * time.Hour}
	}
	tr := tracker(db, clk, map[network.ID]engagement.Reader{network.Mastodon: f})
	post(t, db, network.Mastodon, 1, "1", t0)
	post(t, db, network.Mastodon, 1, "2", t0)
	r, err := tr.RunOnce(context.Background())
	var w *engagement.Wait
	if !errors.As(err, &w) || r.Recorded != 1 {
		t.Fatalf("round %+v, %v", r, err)
	}
	if !r.Next.Equal(t0.Add(3 * time.Hour)) {
		t.Fatalf("next %v, want the end of the wait", r.Next)
	}
	clk.Set(t0.Add(3*time.Hour - time.Second))
	if r := run(t, tr); r.Recorded != 0 || f.asked() != 1 {
		t.Fatalf("asked during the wait: %+v, %d", r, f.asked())
	}
	f.answer = func(ids []string) (engagement.Batch, error) {
		return engagement.Batch{Results: map[string]engagement.Result{ids[0]: engagement.Found(engagement.Counts{})},
			Limit: &engagement.Wait{Network: "Mastodon", Until: t0.Add(5 * time.Hour)}}, nil
	}
	clk.Set(t0.Add(3 * time.Hour))
	r = run(t, tr)
	if r.Recorded != 1 || f.asked() != 2 || !slices.Equal(f.batches[1], []string{"2"}) {
		t.Fatalf("after the wait: %+v, batches %q", r, f.batches)
	}
	if !r.Next.Equal(t0.Add(6 * time.Hour)) {
		t.Errorf("next %v", r.Next)
	}
	clk.Set(t0.Add(6 * time.Hour))
	f.answer = nil
	if r := run(t, tr); r.Recorded != 2 {
		t.Errorf("6 h step: %+v", r)
	}
}

// TestNothingWhenOffline: while offline nothing is asked; a network that
// cannot be reached keeps nothing (no zero, no estimate) and is left alone
// for a while; the step is read once it can be.
func TestNothingWhenOffline(t *testing.T) {
	db := openDB(t)
	clk := &clock{t: t0.Add(time.Hour)}
	f := &fake{}
	tr := tracker(db, clk, map[network.ID]engagement.Reader{network.Mastodon: f})
	online := false
	tr.Online = func(context.Context) bool { return online }
	id := post(t, db, network.Mastodon, 1, "1", t0)
	if r := run(t, tr); r.Recorded != 0 || f.asked() != 0 {
		t.Fatalf("offline: %+v, %d asked", r, f.asked())
	}
	online = true
	f.answer = func([]string) (engagement.Batch, error) {
		return engagement.Batch{}, fmt.Errorf("mastodon: cannot reach the server: %w", &net.OpError{Op: "dial", Err: errors.New("connection refused")})
	}
	r, err := tr.RunOnce(context.Background())
	if err == nil || r.Recorded != 0 || !r.Next.Equal(t0.Add(time.Hour+15*time.Minute)) {
		t.Fatalf("unreachable: %+v, %v", r, err)
	}
	clk.Set(t0.Add(time.Hour + 10*time.Minute))
	if run(t, tr); f.asked() != 1 {
		t.Fatalf("asked again during the backoff")
	}
	f.answer = nil
	clk.Set(t0.Add(time.Hour + 15*time.Minute))
	if r := run(t, tr); r.Recorded != 1 {
		t.Fatalf("back online: %+v", r)
	}
	track, _ := tr.Track(context.Background(), id)
	if len(track.Readings) != 1 || track.Readings[0].Status != engagement.Read {
		t.Errorf("readings %+v", track.Readings)
	}
}

// TestDeletedAndNotAvailable: a post the network no longer has is marked
// deleted and never asked for again; a network that cannot be read (X,
// off) keeps "not available" with its reason and asks nothing; a share
// whose post id is unknown is not available too.
func TestDeletedAndNotAvailable(t *testing.T) {
	db := openDB(t)
	clk := &clock{t: t0.Add(time.Hour)}
	f := &fake{answer: func(ids []string) (engagement.Batch, error) {
		return engagement.Batch{Results: map[string]engagement.Result{ids[0]: engagement.Gone()}}, nil
	}}
	tr := tracker(db, clk, map[network.ID]engagement.Reader{network.Mastodon: f})
	gone := post(t, db, network.Mastodon, 1, "1", t0)
	onX := post(t, db, network.X, 3, "99", t0)
	noID := post(t, db, network.Mastodon, 1, "", t0)
	if r := run(t, tr); r.Recorded != 3 || f.asked() != 1 {
		t.Fatalf("round %+v, %d asked", r, f.asked())
	}
	clk.Set(t0.Add(6 * time.Hour))
	if r := run(t, tr); r.Recorded != 2 || f.asked() != 1 {
		t.Fatalf("the deleted post was asked for again: %+v, %d asked", r, f.asked())
	}
	ctx := context.Background()
	tr1, _ := tr.Track(ctx, gone)
	if !tr1.Deleted() || len(tr1.Readings) != 1 || tr1.Readings[0].Status != engagement.Deleted || !tr1.Next.IsZero() {
		t.Errorf("deleted: %+v", tr1)
	}
	for id, reason := range map[int64]string{onX: engagement.ReasonOff, noID: engagement.ReasonNoPostID} {
		tr, _ := tr.Track(ctx, id)
		if len(tr.Readings) != 2 || tr.State != engagement.StateReading {
			t.Fatalf("share %d: %+v", id, tr)
		}
		for _, rd := range tr.Readings {
			if rd.Status != engagement.NotAvailable || rd.Reason != reason || rd.Counts.Reactions.Known {
				t.Errorf("share %d: %+v, want not available (%s)", id, rd, reason)
			}
		}
	}
}

// TestReconnectPausesTheAccount: a sign-in the network refuses keeps
// nothing and leaves the account alone for hours, not every round.
func TestReconnectPausesTheAccount(t *testing.T) {
	db := openDB(t)
	clk := &clock{t: t0.Add(time.Hour)}
	f := &fake{answer: func([]string) (engagement.Batch, error) {
		return engagement.Batch{}, fmt.Errorf("linkedin: %w", networks.ErrReconnect)
	}}
	tr := tracker(db, clk, map[network.ID]engagement.Reader{network.LinkedIn: f})
	post(t, db, network.LinkedIn, 4, "urn:li:share:1", t0)
	r, err := tr.RunOnce(context.Background())
	if err == nil || r.Recorded != 0 || !r.Next.Equal(t0.Add(7*time.Hour)) {
		t.Fatalf("round %+v, %v", r, err)
	}
}

// TestTheSharePipelinesWords: the words this package reads the outbox and
// the audit trail by are the share package's own.
func TestTheSharePipelinesWords(t *testing.T) {
	if want := [3]string{share.Posted, share.KindPosted, share.KindConfirmed}; engagement.Words != want {
		t.Fatalf("engagement reads %q, the share package writes %q", engagement.Words, want)
	}
}
