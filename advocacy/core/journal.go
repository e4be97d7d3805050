package core

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/advocate-app/advocate/advocacy/audit"
	"github.com/advocate-app/advocate/advocacy/share"
	"github.com/advocate-app/advocate/advocacy/store"
)

// Kinds of the audit records the core writes, which the journal shows.
const (
	KindBundle       = "bundle"
	KindRole         = "role"
	KindPurge        = "purge"
	KindConnected    = "account.connected"
	KindDisconnected = "account.disconnected"
)

// journalKinds are the records the journal shows: every step the user
// took or would want to know of. "share.posting" is left out: the
// outcome that follows it says more.
var journalKinds = []string{KindBundle, KindRole, KindPurge, KindConnected, KindDisconnected, KindTrailBroken, KindTrailReset, KindKeyChanged,
	share.KindCheck, share.KindQueued, share.KindPosted, share.KindWaiting, share.KindFailed, share.KindUnconfirmed, share.KindConfirmed,
	share.KindBlocked, share.KindCancelled, share.KindRetried, share.KindResumed, share.KindRequeued, share.KindBrowser}

// Entry is one line of the user's journal. The journal is the audit
// trail: each step is written once, as an audit record in the transaction
// that makes it, and the interface words the record's values in the
// user's language. Lines from before the journal, kept as words, have a
// Summary and no Seq.
type Entry struct {
	// Seq is the audit record's number, 0 for a line kept from before.
	Seq  int64
	At   time.Time
	Kind string
	// Data are the record's values, as the audit trail keeps them.
	Data map[string]any
	// Summary is the wording of a line kept from before the journal.
	Summary string
}

// Text returns the value of key as text, "" when it is missing.
func (e Entry) Text(key string) string {
	switch v := e.Data[key].(type) {
	case string:
		return v
	case float64:
		return fmt.Sprint(v)
	}
	return ""
}

// Time returns the time kept under key, the zero time when it is missing.
func (e Entry) Time(key string) time.Time { return store.ParseTime(e.Text(key)) }

// Number returns the value of key as a number, 0 when it is missing.
func (e Entry) Number(key string) int64 {
	f, _ := e.Data[key].(float64)
	return int64(f)
}

// Check returns the check a "check" record (or a retried share) carries.
func (e Entry) Check() map[string]any {
	m, _ := e.Data["check"].(map[string]any)
	return m
}

// Activity returns the newest limit lines of the journal, newest first:
// the audit records of the kinds it shows (a check only when it records
// an override), then any lines kept from before the journal.
func (c *Core) Activity(ctx context.Context, limit int) ([]Entry, error) {
	marks := strings.TrimSuffix(strings.Repeat("?,", len(journalKinds)), ",")
	args := make([]any, 0, len(journalKinds)+1)
	for _, k := range journalKinds {
		args = append(args, k)
	}
	args = append(args, limit)
	all, err := c.entries(ctx, "core: read the journal", "SELECT seq, at, kind, data FROM audit WHERE kind IN ("+marks+") ORDER BY seq DESC LIMIT ?", args...)
	if err != nil {
		return nil, err
	}
	out := slices.DeleteFunc(all, func(e Entry) bool { return e.Kind == share.KindCheck && e.Check()["override_reason"] == nil })
	kept, err := c.st.RecentActivity(ctx, limit)
	if err != nil {
		return nil, err
	}
	for _, a := range kept {
		out = append(out, keptEntry(a))
	}
	slices.SortStableFunc(out, func(a, b Entry) int { return b.At.Compare(a.At) })
	return out[:min(limit, len(out))], nil
}

// History returns every audit record of share id, oldest first: its
// checks (the one made when it was shared, and the one when it was due),
// its queueing and each step it took.
func (c *Core) History(ctx context.Context, id int64) ([]Entry, error) {
	return c.entries(ctx, fmt.Sprintf("core: read the history of share %d", id),
		"SELECT seq, at, kind, data FROM audit WHERE "+store.AuditShare+" = ? ORDER BY seq", id)
}

// entries reads the audit records query selects (seq, at, kind, data) as
// journal entries; what says what failed.
func (c *Core) entries(ctx context.Context, what, query string, args ...any) ([]Entry, error) {
	rows, err := c.st.DB().QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var at, data string
		if err := rows.Scan(&e.Seq, &at, &e.Kind, &data); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		e.At, _ = time.Parse(time.RFC3339Nano, at)
		json.Unmarshal([]byte(data), &e.Data)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// keptEntry reads a line of the activity log kept from before the
// journal: words, or the values of a step with the names it had then.
func keptEntry(a store.Activity) Entry {
	e := Entry{At: a.At, Kind: a.Kind, Summary: a.Summary}
	var l struct {
		Args map[string]any `json:"args"`
	}
	if !strings.HasPrefix(a.Summary, "{") || json.Unmarshal([]byte(a.Summary), &l) != nil || l.Args == nil {
		return e
	}
	e.Summary, e.Data = "", map[string]any{}
	for k, v := range l.Args {
		if k == "Count" && a.Kind == KindPurge {
			k = "items_removed"
		}
		e.Data[strings.ToLower(k)] = v
	}
	return e
}

// journal appends the audit record of a step on its own.
func (c *Core) journal(ctx context.Context, kind string, data any) error {
	tx, err := c.st.Begin(ctx)
	if err != nil {
		return fmt.Errorf("core: record %s: %w", kind, err)
	}
	defer tx.Rollback()
	if _, err := audit.Append(ctx, tx, c.Now(), kind, data); err != nil {
		return err
	}
	return tx.Commit()
}
