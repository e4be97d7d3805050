package feeds

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/advocate-app/advocate/advocacy/store"
)

// Origins of a subscription.
const (
	OriginOrg  = "org"  // recommended by the organisation bundle
	OriginUser = "user" // added by the user
)

// BundleScheme prefixes the address of a feed shipped inside the bundle.
const BundleScheme = "bundle:"

// Retention of stored items.
const (
	MaxItemAge     = 90 * 24 * time.Hour
	MaxItemsByFeed = 500
)

// Subscription is a feed the app follows, with its fetch state.
type Subscription struct {
	ID        int64
	URL       string
	Title     string
	Origin    string
	Audience  []string
	Valid     Validators
	FetchedAt time.Time
	NextFetch time.Time
	Failures  int
	LastError string
}

// StoredItem is a news item as kept in the database.
type StoredItem struct {
	ID     int64
	FeedID int64
	Item
}

// DB keeps subscriptions and items in the app's SQLite database.
type DB struct {
	db *sql.DB
	q  querier
}

// NewDB uses db, whose schema the store's migrations created.
func NewDB(db *sql.DB) *DB { return &DB{db: db, q: db} }

// In returns the same store working inside tx, so that a change to the
// subscriptions can be made in the caller's transaction.
func (d *DB) In(tx *sql.Tx) *DB { return &DB{db: d.db, q: tx} }

// querier is a database or a transaction.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Subscribe adds a feed, or updates its title, origin and audience when it
// is already there. It returns the feed's id.
func (d *DB) Subscribe(ctx context.Context, url, title, origin string, audience []string) (int64, error) {
	var id int64
	err := d.q.QueryRowContext(ctx, `INSERT INTO feeds(url, title, origin, audience) VALUES(?, ?, ?, ?)
		ON CONFLICT(url) DO UPDATE SET title = CASE WHEN excluded.title != '' THEN excluded.title ELSE feeds.title END,
			origin = excluded.origin, audience = excluded.audience
		RETURNING id`, url, title, origin, strings.Join(audience, ",")).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("feeds: save the subscription: %w", err)
	}
	return id, nil
}

// Unsubscribe removes a feed and its items.
func (d *DB) Unsubscribe(ctx context.Context, id int64) error {
	if _, err := d.q.ExecContext(ctx, "DELETE FROM feeds WHERE id = ?", id); err != nil {
		return fmt.Errorf("feeds: remove the subscription: %w", err)
	}
	return nil
}

// RemoveOrgFeedsExcept drops the organisation's feeds whose addresses are
// not in keep: the bundle no longer recommends them.
func (d *DB) RemoveOrgFeedsExcept(ctx context.Context, keep []string) error {
	subs, err := d.Subscriptions(ctx)
	if err != nil {
		return err
	}
	for _, s := range subs {
		if s.Origin == OriginOrg && !contains(keep, s.URL) {
			if err := d.Unsubscribe(ctx, s.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// RemoveOrgFeedsNotFor drops the organisation's feeds meant only for other
// audiences than role, with their items.
func (d *DB) RemoveOrgFeedsNotFor(ctx context.Context, role string) error {
	subs, err := d.Subscriptions(ctx)
	if err != nil {
		return err
	}
	for _, s := range subs {
		if s.Origin == OriginOrg && len(s.Audience) > 0 && !contains(s.Audience, role) {
			if err := d.Unsubscribe(ctx, s.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Subscriptions lists every feed, organisation's first, by title.
func (d *DB) Subscriptions(ctx context.Context) ([]Subscription, error) {
	rows, err := d.q.QueryContext(ctx, `SELECT id, url, title, origin, audience, etag, last_modified,
		fetched_at, next_fetch, failures, last_error FROM feeds ORDER BY origin, title, url`)
	if err != nil {
		return nil, fmt.Errorf("feeds: read subscriptions: %w", err)
	}
	defer rows.Close()
	var out []Subscription
	for rows.Next() {
		var s Subscription
		var audience, fetched, next string
		if err := rows.Scan(&s.ID, &s.URL, &s.Title, &s.Origin, &audience, &s.Valid.ETag, &s.Valid.LastModified,
			&fetched, &next, &s.Failures, &s.LastError); err != nil {
			return nil, fmt.Errorf("feeds: read subscriptions: %w", err)
		}
		if audience != "" {
			s.Audience = strings.Split(audience, ",")
		}
		s.FetchedAt, s.NextFetch = store.ParseTime(fetched), store.ParseTime(next)
		out = append(out, s)
	}
	return out, rows.Err()
}

// itemKey identifies an item within its feed: its GUID, else its link,
// else a hash of its title and summary.
func itemKey(it Item) string {
	switch {
	case it.GUID != "":
		return "g:" + it.GUID
	case it.Link != "":
		return "l:" + it.Link
	}
	sum := sha256.Sum256([]byte(it.Title + "\x00" + it.Summary))
	return "h:" + hex.EncodeToString(sum[:16])
}

// SaveItems stores a feed's items (new ones added, known ones updated),
// records a successful fetch, and prunes old items; all in one
// transaction. It returns how many items were new.
func (d *DB) SaveItems(ctx context.Context, feedID int64, f *Feed, v Validators, now, next time.Time) (int, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("feeds: save items: %w", err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO items(feed_id, key, title, link, published, summary, seen_at)
		VALUES(?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(feed_id, key) DO UPDATE SET title = excluded.title, link = excluded.link,
			published = excluded.published, summary = excluded.summary
		WHERE items.title != excluded.title OR items.summary != excluded.summary OR items.link != excluded.link
		RETURNING (seen_at = ?)`)
	if err != nil {
		return 0, fmt.Errorf("feeds: save items: %w", err)
	}
	defer stmt.Close()
	added := 0
	seen := store.FormatTime(now)
	for _, it := range f.Items {
		published := it.Published
		if published.IsZero() {
			published = now
		}
		var isNew bool
		err := stmt.QueryRowContext(ctx, feedID, itemKey(it), it.Title, it.Link, store.FormatTime(published), it.Summary, seen, seen).Scan(&isNew)
		switch {
		case errors.Is(err, sql.ErrNoRows): // unchanged
		case err != nil:
			return 0, fmt.Errorf("feeds: save items: %w", err)
		case isNew:
			added++
		}
	}
	title := f.Title
	if _, err := tx.ExecContext(ctx, `UPDATE feeds SET title = CASE WHEN title = '' THEN ? ELSE title END,
		etag = ?, last_modified = ?, fetched_at = ?, next_fetch = ?, failures = 0, last_error = '' WHERE id = ?`,
		title, v.ETag, v.LastModified, seen, store.FormatTime(next), feedID); err != nil {
		return 0, fmt.Errorf("feeds: save items: %w", err)
	}
	if err := prune(ctx, tx, feedID, now); err != nil {
		return 0, err
	}
	return added, tx.Commit()
}

// prune drops a feed's items older than MaxItemAge and beyond the newest
// MaxItemsByFeed.
func prune(ctx context.Context, tx *sql.Tx, feedID int64, now time.Time) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM items WHERE feed_id = ? AND published < ?",
		feedID, store.FormatTime(now.Add(-MaxItemAge))); err != nil {
		return fmt.Errorf("feeds: prune items: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM items WHERE feed_id = ? AND id NOT IN
		(SELECT id FROM items WHERE feed_id = ? ORDER BY published DESC LIMIT ?)`, feedID, feedID, MaxItemsByFeed); err != nil {
		return fmt.Errorf("feeds: prune items: %w", err)
	}
	return nil
}

// MarkUnchanged records a fetch that found nothing new (a 304).
func (d *DB) MarkUnchanged(ctx context.Context, feedID int64, now, next time.Time) error {
	_, err := d.q.ExecContext(ctx, "UPDATE feeds SET fetched_at = ?, next_fetch = ?, failures = 0, last_error = '' WHERE id = ?",
		store.FormatTime(now), store.FormatTime(next), feedID)
	if err != nil {
		return fmt.Errorf("feeds: record the fetch: %w", err)
	}
	return nil
}

// MarkFailed records a failed fetch, its reason in words and when to try
// again.
func (d *DB) MarkFailed(ctx context.Context, feedID int64, reason string, next time.Time) error {
	_, err := d.q.ExecContext(ctx, "UPDATE feeds SET failures = failures + 1, last_error = ?, next_fetch = ? WHERE id = ?",
		reason, store.FormatTime(next), feedID)
	if err != nil {
		return fmt.Errorf("feeds: record the failure: %w", err)
	}
	return nil
}

// Items returns up to limit items, newest first, of the given feeds (all
// when feedIDs is empty), matching query when it is not empty (full-text,
// each word a prefix).
func (d *DB) Items(ctx context.Context, feedIDs []int64, query string, limit int) ([]StoredItem, error) {
	var where []string
	var args []any
	if len(feedIDs) > 0 {
		marks := strings.TrimSuffix(strings.Repeat("?,", len(feedIDs)), ",")
		where = append(where, "i.feed_id IN ("+marks+")")
		for _, id := range feedIDs {
			args = append(args, id)
		}
	}
	from := "items i"
	if q := ftsQuery(query); q != "" {
		from = "items_fts f JOIN items i ON i.id = f.rowid"
		where = append(where, "items_fts MATCH ?")
		args = append(args, q)
	}
	sqlText := "SELECT i.id, i.feed_id, i.key, i.title, i.link, i.published, i.summary FROM " + from
	if len(where) > 0 {
		sqlText += " WHERE " + strings.Join(where, " AND ")
	}
	sqlText += " ORDER BY i.published DESC LIMIT ?"
	args = append(args, limit)
	rows, err := d.q.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return nil, fmt.Errorf("feeds: read items: %w", err)
	}
	defer rows.Close()
	out := make([]StoredItem, 0, min(limit, 1024))
	for rows.Next() {
		var it StoredItem
		var key, published string
		if err := rows.Scan(&it.ID, &it.FeedID, &key, &it.Title, &it.Link, &published, &it.Summary); err != nil {
			return nil, fmt.Errorf("feeds: read items: %w", err)
		}
		it.Published = store.ParseTime(published)
		out = append(out, it)
	}
	return out, rows.Err()
}

// ftsQuery turns what the user typed into an FTS5 query: each word quoted
// and matched as a prefix, so no search syntax can break it.
func ftsQuery(q string) string {
	var terms []string
	for _, w := range strings.FieldsFunc(q, func(r rune) bool { return !(r == '-' || r == '\'' || isWordRune(r)) }) {
		w = strings.Trim(w, "-'")
		if w != "" {
			terms = append(terms, `"`+strings.ReplaceAll(w, `"`, `""`)+`"*`)
		}
	}
	return strings.Join(terms, " ")
}
