package share

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/advocate-app/advocate/advocacy/audit"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/policy"
	"github.com/advocate-app/advocate/advocacy/store"
)

// States of a share.
const (
	Queued      = "queued"      // waiting for its turn (or its scheduled time)
	Posting     = "posting"     // handed to the network; outcome not recorded yet
	Posted      = "posted"      // on the network
	Waiting     = "waiting"     // offline or rate limited: tried again at next_attempt
	Reconnect   = "reconnect"   // the sign-in must be renewed before it goes
	Unconfirmed = "unconfirmed" // it may or may not have gone; never re-posted blindly
	Failed      = "failed"      // the network refused it; the error says why
	Cancelled   = "cancelled"   // withdrawn by the user before it went
)

// Share is a post the user approved, on its way to a network.
type Share struct {
	ID            int64
	Created       time.Time
	Network       network.ID
	AccountID     int64 // 0 is the practice account
	Text          string
	Key           string // the idempotency key
	State         string
	Attempts      int
	NextAttempt   time.Time
	Scheduled     time.Time
	ContentID     string
	Campaign      string
	PolicyVersion string
	BundleVersion string
	ResultID      string
	ResultURL     string
	Error         string
	// Why says in a word why it is where it is; Error has the details.
	Why Why
}

// Outbox is the durable queue of shares in the local database.
type Outbox struct {
	DB  *sql.DB
	Now func() time.Time
	// User names who shares, for the audit trail.
	User string
	// Untagged lists hosts whose links get no UTM parameters.
	Untagged []string
	// Fits reports whether text fits network; a tagged text that does not
	// fit is sent untagged. Nil accepts every text.
	Fits func(id network.ID, text string) bool
}

func (o *Outbox) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func newKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// CheckRecord is what the audit trail keeps of a policy check.
type CheckRecord struct {
	Network  network.ID `json:"network"`
	Role     string     `json:"role"`
	Verdict  string     `json:"verdict"`
	Rules    []string   `json:"rules,omitempty"`
	Length   int        `json:"length"`
	Policy   string     `json:"policy_version"`
	Bundle   string     `json:"bundle_version"`
	Override string     `json:"override_reason,omitempty"`
	User     string     `json:"user,omitempty"`
}

// Enqueue writes the share to the outbox, with the check that allowed it
// and any reason given for overriding warnings, in one transaction — before
// any network call. A blocked check is refused; warnings need a reason.
func (o *Outbox) Enqueue(ctx context.Context, s Share, check policy.Result, role, reason string) (Share, error) {
	switch {
	case check.Verdict == policy.Blocked:
		return Share{}, errors.New("share: the policy check blocks this post")
	case check.Verdict == policy.WarnOnly && len(reason) < 5:
		return Share{}, errors.New("share: warnings can be overridden only with a reason")
	}
	now := o.now()
	s.Created, s.State, s.Key = now, Queued, newKey()
	if s.NextAttempt.IsZero() {
		s.NextAttempt = s.Scheduled
	}
	tx, err := o.DB.BeginTx(ctx, nil)
	if err != nil {
		return Share{}, fmt.Errorf("share: %w", err)
	}
	defer tx.Rollback()
	err = tx.QueryRowContext(ctx, `INSERT INTO shares(created_at, network, account_id, text, idem_key, state, next_attempt,
		scheduled_at, content_id, campaign, policy_version, bundle_version) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		store.FormatTime(now), s.Network, s.AccountID, s.Text, s.Key, s.State, store.FormatTime(s.NextAttempt), store.FormatTime(s.Scheduled),
		s.ContentID, s.Campaign, s.PolicyVersion, s.BundleVersion).Scan(&s.ID)
	if err != nil {
		return Share{}, fmt.Errorf("share: queue the post: %w", err)
	}
	if tagged := Tag(s.Text, s.Network, s.Campaign, strconv.FormatInt(s.ID, 10), o.Untagged); tagged != s.Text && (o.Fits == nil || o.Fits(s.Network, tagged)) {
		s.Text = tagged
		if _, err := tx.ExecContext(ctx, "UPDATE shares SET text = ? WHERE id = ?", s.Text, s.ID); err != nil {
			return Share{}, fmt.Errorf("share: queue the post: %w", err)
		}
	}
	if _, err := audit.Append(ctx, tx, now, KindCheck, map[string]any{"share": s.ID, KindCheck: o.CheckRecord(s, check, role, reason)}); err != nil {
		return Share{}, err
	}
	if _, err := audit.Append(ctx, tx, now, KindQueued, shareRecord(s)); err != nil {
		return Share{}, err
	}
	if err := tx.Commit(); err != nil {
		return Share{}, fmt.Errorf("share: queue the post: %w", err)
	}
	return s, nil
}

// CheckRecord returns what the trail keeps of the check that let s go,
// with the reason given for overriding its warnings.
func (o *Outbox) CheckRecord(s Share, check policy.Result, role, reason string) CheckRecord {
	rec := CheckRecord{Network: s.Network, Role: role, Verdict: string(check.Verdict), Length: check.Length.Count,
		Policy: s.PolicyVersion, Bundle: s.BundleVersion, Override: reason, User: o.User}
	for _, f := range check.Findings {
		rec.Rules = append(rec.Rules, f.Rule+":"+string(f.Severity))
	}
	return rec
}

// Retry queues again, at the user's request, a share the network refused
// or one whose outcome is unknown. check is the policy's check of its text
// now, kept on the trail with the step; a check that blocks it refuses the
// retry. The share keeps its idempotency key, so a network that keeps keys
// posts it once.
func (o *Outbox) Retry(ctx context.Context, id int64, check policy.Result, role string) error {
	if check.Verdict == policy.Blocked {
		return errors.New("share: the policy in force now blocks this post; change it in Compose and share it again")
	}
	s, err := o.Get(ctx, id)
	if err != nil {
		return err
	}
	s.State, s.Attempts, s.Error, s.Why, s.NextAttempt = Queued, 0, "", WhyNone, time.Time{}
	rec := shareRecord(s)
	rec[KindCheck] = o.CheckRecord(s, check, role, "")
	ok, err := o.transitionRecord(ctx, s, []string{Failed, Unconfirmed}, KindRetried, rec)
	if err == nil && !ok {
		err = errors.New("share: only a share that was not posted or is unconfirmed can be tried again")
	}
	return err
}

// shareRecord is what the trail keeps of a share's step.
func shareRecord(s Share) map[string]any {
	m := map[string]any{"share": s.ID, "network": s.Network, "account": s.AccountID, "state": s.State, "text": s.Text, "key": s.Key}
	if s.Campaign != "" {
		m["campaign"] = s.Campaign
	}
	if !s.Scheduled.IsZero() {
		m["scheduled"] = store.FormatTime(s.Scheduled)
	}
	if s.ResultURL != "" {
		m["url"] = s.ResultURL
	}
	if s.Error != "" {
		m["error"] = s.Error
	}
	if s.Why != WhyNone {
		m["why"] = s.Why
	}
	return m
}

const shareColumns = `id, created_at, network, account_id, text, idem_key, state, attempts, next_attempt, scheduled_at,
	content_id, campaign, policy_version, bundle_version, result_id, result_url, error, why`

func scanShare(row interface{ Scan(...any) error }) (Share, error) {
	var s Share
	var created, next, scheduled string
	err := row.Scan(&s.ID, &created, &s.Network, &s.AccountID, &s.Text, &s.Key, &s.State, &s.Attempts, &next, &scheduled,
		&s.ContentID, &s.Campaign, &s.PolicyVersion, &s.BundleVersion, &s.ResultID, &s.ResultURL, &s.Error, &s.Why)
	s.Created, s.NextAttempt, s.Scheduled = store.ParseTime(created), store.ParseTime(next), store.ParseTime(scheduled)
	return s, err
}

// Get returns one share.
func (o *Outbox) Get(ctx context.Context, id int64) (Share, error) {
	s, err := scanShare(o.DB.QueryRowContext(ctx, "SELECT "+shareColumns+" FROM shares WHERE id = ?", id))
	if err != nil {
		return Share{}, fmt.Errorf("share: read share %d: %w", id, err)
	}
	return s, nil
}

// List returns the latest shares, newest first.
func (o *Outbox) List(ctx context.Context, limit int) ([]Share, error) {
	return o.query(ctx, "ORDER BY id DESC LIMIT ?", limit)
}

// query reads the shares that the SQL after FROM shares picks.
func (o *Outbox) query(ctx context.Context, where string, args ...any) ([]Share, error) {
	return queryShares(ctx, o.DB, where, args...)
}

// querier runs a query: a database, or a transaction.
type querier interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}

// queryShares reads, through q, the shares that the SQL after FROM shares
// picks.
func queryShares(ctx context.Context, q querier, where string, args ...any) ([]Share, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+shareColumns+" FROM shares "+where, args...)
	if err != nil {
		return nil, fmt.Errorf("share: read shares: %w", err)
	}
	defer rows.Close()
	var out []Share
	for rows.Next() {
		s, err := scanShare(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// transition moves a share from one of from to a new state, recording the
// step on the audit trail in the same transaction. It reports false when
// the share was not in any of from.
func (o *Outbox) transition(ctx context.Context, s Share, from []string, kind string) (bool, error) {
	return o.transitionRecord(ctx, s, from, kind, shareRecord(s))
}

// transitionRecord is transition with the record the trail keeps of the step.
func (o *Outbox) transitionRecord(ctx context.Context, s Share, from []string, kind string, rec map[string]any) (bool, error) {
	tx, err := o.DB.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("share: %w", err)
	}
	defer tx.Rollback()
	ok, err := o.transitionIn(ctx, tx, s, from, kind, rec)
	if err != nil || !ok {
		return false, err
	}
	return true, tx.Commit()
}

// transitionIn is transitionRecord within the caller's transaction.
func (o *Outbox) transitionIn(ctx context.Context, tx *sql.Tx, s Share, from []string, kind string, rec map[string]any) (bool, error) {
	args := []any{s.State, s.Attempts, store.FormatTime(s.NextAttempt), s.ResultID, s.ResultURL, s.Error, s.Why, s.ID}
	marks := ""
	for i, f := range from {
		if i > 0 {
			marks += ","
		}
		marks += "?"
		args = append(args, f)
	}
	res, err := tx.ExecContext(ctx, `UPDATE shares SET state = ?, attempts = ?, next_attempt = ?, result_id = ?, result_url = ?, error = ?, why = ?
		WHERE id = ? AND state IN (`+marks+`)`, args...)
	if err != nil {
		return false, fmt.Errorf("share: record share %d: %w", s.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	if _, err := audit.Append(ctx, tx, o.now(), kind, rec); err != nil {
		return false, err
	}
	return true, nil
}

// Note appends a record to the audit trail on its own, for steps outside
// the outbox (a share through the browser).
func (o *Outbox) Note(ctx context.Context, kind string, data any) error {
	tx, err := o.DB.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("share: %w", err)
	}
	defer tx.Rollback()
	if _, err := audit.Append(ctx, tx, o.now(), kind, data); err != nil {
		return err
	}
	return tx.Commit()
}

// Resume queues again the shares that waited for this account to be
// connected again, and returns how many.
func (o *Outbox) Resume(ctx context.Context, accountID int64) (int, error) {
	list, err := o.byState(ctx, Reconnect)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, s := range list {
		if s.AccountID != accountID {
			continue
		}
		s.State, s.Error, s.Why, s.NextAttempt = Queued, "", WhyNone, time.Time{}
		ok, err := o.transition(ctx, s, []string{Reconnect}, KindResumed)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// AwaitingSignIn counts the shares that wait for the account to be
// connected again, since the network refused its sign-in.
func (o *Outbox) AwaitingSignIn(ctx context.Context, accountID int64) (int, error) {
	var n int
	if err := o.DB.QueryRowContext(ctx, "SELECT COUNT(*) FROM shares WHERE state = ? AND account_id = ?", Reconnect, accountID).Scan(&n); err != nil {
		return 0, fmt.Errorf("share: count shares awaiting a sign-in: %w", err)
	}
	return n, nil
}

// Cancel withdraws a share that has not gone yet.
func (o *Outbox) Cancel(ctx context.Context, id int64) error {
	s, err := o.Get(ctx, id)
	if err != nil {
		return err
	}
	s.State = Cancelled
	ok, err := o.transition(ctx, s, []string{Queued, Waiting, Reconnect}, KindCancelled)
	if err == nil && !ok {
		err = errors.New("share: it is already on its way or done, so it cannot be withdrawn")
	}
	return err
}
