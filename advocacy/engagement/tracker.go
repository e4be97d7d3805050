package engagement

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/networks"
	"github.com/advocate-app/advocate/advocacy/store"
)

// States of a tracked share.
const (
	// StateReading: more readings are due.
	StateReading = "reading"
	// StateDone: every step was read; the share is not read again.
	StateDone = "done"
	// StateDeleted: the network no longer has the post.
	StateDeleted = "deleted"
)

// Source returns the reader for one account's posts on one network, or an
// *Unavailable (NotReadable) when that account's counts cannot be read.
type Source func(ctx context.Context, id network.ID, accountID int64) (Reader, error)

// Tracker reads posted shares' counts when they are due and keeps them.
// One Tracker runs the rounds (RunOnce); any number may read (Tracks).
type Tracker struct {
	DB  *sql.DB
	Now func() time.Time
	// Source finds each account's reader; nil reads nothing.
	Source Source
	// Online, when set, is asked before each round: false skips the round,
	// so nothing is sent while offline.
	Online func(ctx context.Context) bool
	// Steps replaces the package's Steps (nil: Steps).
	Steps []time.Duration
	// Backoff is how long a network that could not be reached, or erred,
	// is left alone (0: 15 minutes). A renewed sign-in is waited for 6
	// hours.
	Backoff time.Duration

	mu     sync.Mutex
	paused map[group]time.Time
}

// group is one account on one network: what one batched read covers.
type group struct {
	net     network.ID
	account int64
}

func (t *Tracker) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

func (t *Tracker) steps() []time.Duration {
	if len(t.Steps) > 0 {
		return t.Steps
	}
	return Steps
}

func (t *Tracker) backoff() time.Duration {
	if t.Backoff > 0 {
		return t.Backoff
	}
	return 15 * time.Minute
}

// reconnectPause is how long an account whose sign-in the network refused
// is left alone.
const reconnectPause = 6 * time.Hour

// Round says what one round did.
type Round struct {
	// Enrolled counts the posted shares tracked for the first time.
	Enrolled int
	// Recorded counts the readings kept (read, deleted or not available).
	Recorded int
	// Next is when the next reading is due, after any pause a network
	// asked for; zero when nothing is left to read.
	Next time.Time
}

// timeLayout keeps times at a fixed width, so that their text order is
// their time order.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

func stamp(t time.Time) string { return t.UTC().Format(timeLayout) }

func parse(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// RunOnce tracks the shares posted since the last round, reads the counts
// that are due (one batch per account), and keeps what it read. The error
// is the first problem a network had; what could be read is kept anyway,
// and that network is left alone for a while (as long as it asked, when it
// limited reads).
func (t *Tracker) RunOnce(ctx context.Context) (Round, error) {
	var r Round
	n, err := t.enrol(ctx)
	if err != nil {
		return r, err
	}
	r.Enrolled = n
	var first error
	if t.Online == nil || t.Online(ctx) {
		due, err := t.due(ctx)
		if err != nil {
			return r, err
		}
		for _, g := range sortedGroups(due) {
			if ctx.Err() != nil {
				return r, ctx.Err()
			}
			kept, err := t.readGroup(ctx, g, due[g])
			r.Recorded += kept
			if err != nil && first == nil {
				first = err
			}
		}
	}
	r.Next, err = t.next(ctx)
	if err != nil {
		return r, err
	}
	return r, first
}

// item is one due share.
type item struct {
	share  int64
	posted time.Time
	step   int
	postID string
}

func sortedGroups(due map[group][]item) []group {
	gs := make([]group, 0, len(due))
	for g := range due {
		gs = append(gs, g)
	}
	slices.SortFunc(gs, func(a, b group) int { return cmp.Or(cmp.Compare(a.net, b.net), cmp.Compare(a.account, b.account)) })
	return gs
}

// The share pipeline's words for a posted share and its audit records
// (share.Posted, share.KindPosted, share.KindConfirmed), spelt out here:
// the network clients use this package, and the share package's tests use
// the clients. A test checks that they agree.
const (
	sharePosted   = "posted"
	kindPosted    = "share.posted"
	kindConfirmed = "share.confirmed"
)

// enrol starts tracking the shares posted to the user's own accounts (the
// practice account never counts) that are not tracked yet. A share's
// first reading is due Steps[0] after the network took it, which the
// audit trail says; a share with no such record counts from when it was
// queued or scheduled.
func (t *Tracker) enrol(ctx context.Context) (int, error) {
	rows, err := t.DB.QueryContext(ctx, `SELECT s.id, s.created_at, s.scheduled_at,
		COALESCE((SELECT MAX(at) FROM audit WHERE kind IN (?, ?) AND `+store.AuditShare+` = +s.id), '')
		FROM shares s LEFT JOIN engagement_tracks t ON t.share_id = s.id
		WHERE s.state = ? AND s.account_id <> 0 AND t.share_id IS NULL ORDER BY s.id`,
		kindPosted, kindConfirmed, sharePosted)
	if err != nil {
		return 0, fmt.Errorf("engagement: find posted shares: %w", err)
	}
	type fresh struct {
		id     int64
		posted time.Time
	}
	var list []fresh
	for rows.Next() {
		var id int64
		var created, scheduled, posted string
		if err := rows.Scan(&id, &created, &scheduled, &posted); err != nil {
			rows.Close()
			return 0, fmt.Errorf("engagement: find posted shares: %w", err)
		}
		at := store.ParseTime(posted)
		if at.IsZero() {
			at = store.ParseTime(created)
			if s := store.ParseTime(scheduled); s.After(at) {
				at = s
			}
		}
		list = append(list, fresh{id, at})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("engagement: find posted shares: %w", err)
	}
	for _, f := range list {
		_, err := t.DB.ExecContext(ctx, `INSERT OR IGNORE INTO engagement_tracks(share_id, posted_at, step, next_read, state)
			VALUES(?, ?, 0, ?, ?)`, f.id, stamp(f.posted), stamp(f.posted.Add(t.steps()[0])), StateReading)
		if err != nil {
			return 0, fmt.Errorf("engagement: track share %d: %w", f.id, err)
		}
	}
	return len(list), nil
}

// due lists the shares whose next reading is due now, by account.
func (t *Tracker) due(ctx context.Context) (map[group][]item, error) {
	rows, err := t.DB.QueryContext(ctx, `SELECT t.share_id, t.posted_at, t.step, s.network, s.account_id, s.result_id
		FROM engagement_tracks t JOIN shares s ON s.id = t.share_id
		WHERE t.state = ? AND t.next_read <= ? ORDER BY t.next_read, t.share_id`, StateReading, stamp(t.now()))
	if err != nil {
		return nil, fmt.Errorf("engagement: find due readings: %w", err)
	}
	defer rows.Close()
	out := map[group][]item{}
	for rows.Next() {
		var it item
		var posted string
		var g group
		if err := rows.Scan(&it.share, &posted, &it.step, &g.net, &g.account, &it.postID); err != nil {
			return nil, fmt.Errorf("engagement: find due readings: %w", err)
		}
		it.posted = parse(posted)
		out[g] = append(out[g], it)
	}
	return out, rows.Err()
}

// pausedUntil is when the group may be read again (zero: now).
func (t *Tracker) pausedUntil(g group) time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.paused[g]
}

func (t *Tracker) pause(g group, until time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.paused == nil {
		t.paused = map[group]time.Time{}
	}
	if until.After(t.paused[g]) {
		t.paused[g] = until
	}
}

// readGroup reads one account's due shares in one batch and keeps the
// readings; it returns how many it kept.
func (t *Tracker) readGroup(ctx context.Context, g group, items []item) (int, error) {
	now := t.now()
	if now.Before(t.pausedUntil(g)) {
		return 0, nil
	}
	results := map[int64]Result{}
	var ask []item
	for _, it := range items {
		if it.postID == "" {
			results[it.share] = Unknown(ReasonNoPostID)
		} else {
			ask = append(ask, it)
		}
	}
	var problem error
	if len(ask) > 0 {
		reader, err := t.source(ctx, g)
		if reason, ok := unavailable(err); ok {
			for _, it := range ask {
				results[it.share] = Unknown(reason)
			}
		} else if err != nil {
			t.pause(g, now.Add(t.backoff()))
			problem = fmt.Errorf("engagement: %s: %w", g.net.Title(), err)
		} else {
			ids := make([]string, len(ask))
			for i, it := range ask {
				ids[i] = it.postID
			}
			batch, err := reader.Engagement(ctx, ids)
			for _, it := range ask {
				if res, ok := batch.Results[it.postID]; ok {
					results[it.share] = res
				}
			}
			if batch.Limit != nil {
				t.pause(g, batch.Limit.Resume(t.now(), t.backoff()))
			}
			if err != nil {
				problem = t.failed(g, err)
			}
		}
	}
	kept, err := t.keep(ctx, items, results)
	if err != nil {
		return kept, err
	}
	return kept, problem
}

func (t *Tracker) source(ctx context.Context, g group) (Reader, error) {
	if t.Source == nil {
		return nil, NotReadable(ReasonOff)
	}
	return t.Source(ctx, g.net, g.account)
}

// failed leaves the group alone for as long as err calls for, and returns
// it described.
func (t *Tracker) failed(g group, err error) error {
	now := t.now()
	var w *Wait
	var rl *networks.RateLimited
	switch {
	case errors.As(err, &w):
		t.pause(g, w.Resume(now, t.backoff()))
	case errors.As(err, &rl):
		t.pause(g, (&Wait{Network: rl.Network, Until: rl.Reset}).Resume(now, t.backoff()))
	case errors.Is(err, networks.ErrReconnect):
		t.pause(g, now.Add(reconnectPause))
	default: // unreachable, or erring on its side: nothing is kept
		t.pause(g, now.Add(t.backoff()))
	}
	return fmt.Errorf("engagement: reading %s: %w", g.net.Title(), err)
}

// keep records the readings found and moves each share to its next step,
// in one transaction.
func (t *Tracker) keep(ctx context.Context, items []item, results map[int64]Result) (int, error) {
	if len(results) == 0 {
		return 0, nil
	}
	now := t.now()
	tx, err := t.DB.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("engagement: keep readings: %w", err)
	}
	defer tx.Rollback()
	kept := 0
	for _, it := range items {
		res, ok := results[it.share]
		if !ok {
			continue
		}
		c := res.Counts
		_, err := tx.ExecContext(ctx, `INSERT INTO engagement_readings(share_id, at, status, reason, reactions, reposts, replies, quotes, impressions)
			VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)`, it.share, stamp(now), res.Status, res.Reason,
			value(c.Reactions), value(c.Reposts), value(c.Replies), value(c.Quotes), value(c.Impressions))
		if err != nil {
			return 0, fmt.Errorf("engagement: keep the reading of share %d: %w", it.share, err)
		}
		step, next, state := t.advance(it, now)
		if res.Status == Deleted {
			next, state = time.Time{}, StateDeleted
		}
		nextText := ""
		if !next.IsZero() {
			nextText = stamp(next)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE engagement_tracks SET step = ?, next_read = ?, state = ? WHERE share_id = ?",
			step, nextText, state, it.share); err != nil {
			return 0, fmt.Errorf("engagement: keep the reading of share %d: %w", it.share, err)
		}
		kept++
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("engagement: keep readings: %w", err)
	}
	return kept, nil
}

// advance is the share's step after a reading at now: the next step not
// already past (a share read late is read once, not once per missed step),
// or done after the last.
func (t *Tracker) advance(it item, now time.Time) (int, time.Time, string) {
	steps := t.steps()
	k := it.step + 1
	for k < len(steps) && !it.posted.Add(steps[k]).After(now) {
		k++
	}
	if k >= len(steps) {
		return len(steps), time.Time{}, StateDone
	}
	return k, it.posted.Add(steps[k]), StateReading
}

func value(c Count) any {
	if !c.Known {
		return nil
	}
	return c.N
}

// next is when the next reading is due, after the pauses networks asked
// for; zero when nothing is left to read.
func (t *Tracker) next(ctx context.Context) (time.Time, error) {
	rows, err := t.DB.QueryContext(ctx, `SELECT s.network, s.account_id, MIN(t.next_read)
		FROM engagement_tracks t JOIN shares s ON s.id = t.share_id
		WHERE t.state = ? GROUP BY s.network, s.account_id`, StateReading)
	if err != nil {
		return time.Time{}, fmt.Errorf("engagement: find the next reading: %w", err)
	}
	defer rows.Close()
	var next time.Time
	for rows.Next() {
		var g group
		var at string
		if err := rows.Scan(&g.net, &g.account, &at); err != nil {
			return time.Time{}, fmt.Errorf("engagement: find the next reading: %w", err)
		}
		due := parse(at)
		if p := t.pausedUntil(g); p.After(due) {
			due = p
		}
		if next.IsZero() || due.Before(next) {
			next = due
		}
	}
	return next, rows.Err()
}
