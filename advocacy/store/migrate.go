package store

import (
	"context"
	"fmt"
)

// migrations are applied in order; migration i brings the schema to version
// i+1, recorded in PRAGMA user_version. Append only: never edit a migration
// that has shipped.
var migrations = []string{
	// 1: settings and the activity log the shell shows.
	`CREATE TABLE settings (
		key   TEXT PRIMARY KEY,
		value TEXT NOT NULL
	);
	CREATE TABLE activity (
		id      INTEGER PRIMARY KEY AUTOINCREMENT,
		at      TEXT NOT NULL,
		kind    TEXT NOT NULL,
		summary TEXT NOT NULL
	);
	CREATE INDEX activity_at ON activity(at);`,
	// 2: the last organisation bundle that verified, file by file with
	// its signature, kept in force when a refresh fails.
	`CREATE TABLE bundle_cache (
		name TEXT PRIMARY KEY,
		data BLOB NOT NULL
	);`,
	// 3: news feeds and their items, with full-text search.
	`CREATE TABLE feeds (
		id            INTEGER PRIMARY KEY,
		url           TEXT NOT NULL UNIQUE,
		title         TEXT NOT NULL DEFAULT '',
		origin        TEXT NOT NULL,
		audience      TEXT NOT NULL DEFAULT '',
		etag          TEXT NOT NULL DEFAULT '',
		last_modified TEXT NOT NULL DEFAULT '',
		fetched_at    TEXT NOT NULL DEFAULT '',
		next_fetch    TEXT NOT NULL DEFAULT '',
		failures      INTEGER NOT NULL DEFAULT 0,
		last_error    TEXT NOT NULL DEFAULT ''
	);
	CREATE TABLE items (
		id        INTEGER PRIMARY KEY,
		feed_id   INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
		key       TEXT NOT NULL,
		title     TEXT NOT NULL,
		link      TEXT NOT NULL,
		published TEXT NOT NULL,
		summary   TEXT NOT NULL,
		seen_at   TEXT NOT NULL,
		UNIQUE (feed_id, key)
	);
	CREATE INDEX items_feed_published ON items(feed_id, published DESC);
	CREATE INDEX items_published ON items(published DESC);
	CREATE VIRTUAL TABLE items_fts USING fts5(title, summary, content='items', content_rowid='id');
	CREATE TRIGGER items_ai AFTER INSERT ON items BEGIN
		INSERT INTO items_fts(rowid, title, summary) VALUES (new.id, new.title, new.summary);
	END;
	CREATE TRIGGER items_ad AFTER DELETE ON items BEGIN
		INSERT INTO items_fts(items_fts, rowid, title, summary) VALUES ('delete', old.id, old.title, old.summary);
	END;
	CREATE TRIGGER items_au AFTER UPDATE ON items BEGIN
		INSERT INTO items_fts(items_fts, rowid, title, summary) VALUES ('delete', old.id, old.title, old.summary);
		INSERT INTO items_fts(rowid, title, summary) VALUES (new.id, new.title, new.summary);
	END;`,
	// 4: connected accounts (no secrets: those are in the keyring) and the
	// practice account's posts.
	`CREATE TABLE accounts (
		id           INTEGER PRIMARY KEY,
		network      TEXT NOT NULL,
		account      TEXT NOT NULL,
		instance     TEXT NOT NULL DEFAULT '',
		display_name TEXT NOT NULL DEFAULT '',
		expires_at   TEXT NOT NULL DEFAULT '',
		connected_at TEXT NOT NULL,
		UNIQUE (network, account)
	);
	CREATE TABLE practice_posts (
		id         INTEGER PRIMARY KEY,
		network    TEXT NOT NULL,
		text       TEXT NOT NULL,
		created_at TEXT NOT NULL
	);`,
	// 5: the tamper-evident audit trail (each record carries the hash of
	// the one before) and the outbox of shares.
	`CREATE TABLE audit (
		seq  INTEGER PRIMARY KEY,
		at   TEXT NOT NULL,
		kind TEXT NOT NULL,
		data TEXT NOT NULL,
		prev TEXT NOT NULL,
		hash TEXT NOT NULL
	);
	CREATE TABLE shares (
		id             INTEGER PRIMARY KEY,
		created_at     TEXT NOT NULL,
		network        TEXT NOT NULL,
		account_id     INTEGER NOT NULL DEFAULT 0,
		text           TEXT NOT NULL,
		idem_key       TEXT NOT NULL UNIQUE,
		state          TEXT NOT NULL,
		attempts       INTEGER NOT NULL DEFAULT 0,
		next_attempt   TEXT NOT NULL DEFAULT '',
		scheduled_at   TEXT NOT NULL DEFAULT '',
		content_id     TEXT NOT NULL DEFAULT '',
		campaign       TEXT NOT NULL DEFAULT '',
		policy_version TEXT NOT NULL DEFAULT '',
		bundle_version TEXT NOT NULL DEFAULT '',
		result_id      TEXT NOT NULL DEFAULT '',
		result_url     TEXT NOT NULL DEFAULT '',
		error          TEXT NOT NULL DEFAULT ''
	);
	CREATE INDEX shares_due ON shares(state, next_attempt);`,
	// 6: why a share is where it is, in a word the interface translates
	// (its error keeps the details).
	`ALTER TABLE shares ADD COLUMN why TEXT NOT NULL DEFAULT '';`,
	// 7: what each posted share earned, read back from its network on a
	// decaying schedule (advocacy/engagement): one track per share with
	// its next reading, and every reading kept. A count the network does
	// not give is NULL ("not available"), never 0.
	`CREATE TABLE engagement_tracks (
		share_id  INTEGER PRIMARY KEY REFERENCES shares(id) ON DELETE CASCADE,
		posted_at TEXT NOT NULL,
		step      INTEGER NOT NULL DEFAULT 0,
		next_read TEXT NOT NULL DEFAULT '',
		state     TEXT NOT NULL
	);
	CREATE INDEX engagement_tracks_due ON engagement_tracks(state, next_read);
	CREATE TABLE engagement_readings (
		id          INTEGER PRIMARY KEY,
		share_id    INTEGER NOT NULL REFERENCES shares(id) ON DELETE CASCADE,
		at          TEXT NOT NULL,
		status      TEXT NOT NULL,
		reason      TEXT NOT NULL DEFAULT '',
		reactions   INTEGER,
		reposts     INTEGER,
		replies     INTEGER,
		quotes      INTEGER,
		impressions INTEGER
	);
	CREATE INDEX engagement_readings_share ON engagement_readings(share_id, at);`,
	// 8: news search finds a word's other forms ("robot" and "robots")
	// and ignores accents ("equipe" and "équipe"): the index is made again
	// with the Porter stemmer over unicode61, and rebuilt from the stored
	// items. The triggers of 3 keep it up to date, as before.
	`DROP TABLE items_fts;
	CREATE VIRTUAL TABLE items_fts USING fts5(title, summary, content='items', content_rowid='id',
		tokenize='porter unicode61 remove_diacritics 2');
	INSERT INTO items_fts(items_fts) VALUES ('rebuild');`,
	// 9: posts the user suggested to the organisation, queued until its
	// suggestions endpoint took them (advocacy/store/suggestions.go).
	suggestionsMigration,
	// 10: the audit records by the share they are about (auditshare.go).
	auditShareMigration,
}

// SchemaVersion is the schema version this build of Advocate writes.
func SchemaVersion() int { return len(migrations) }

// Version reports the schema version of the open database.
func (s *Store) Version(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

func (s *Store) migrate(ctx context.Context) error {
	current, err := s.Version(ctx)
	if err != nil {
		return fmt.Errorf("store: read schema version: %w", err)
	}
	if current > len(migrations) {
		return fmt.Errorf("%w: %s has schema version %d but this Advocate knows only up to %d; install the newer Advocate again", ErrTooNew, s.path, current, len(migrations))
	}
	for v := current; v < len(migrations); v++ {
		if err := s.apply(ctx, v+1, migrations[v]); err != nil {
			return err
		}
	}
	return nil
}

// apply runs one migration and records its version in the same transaction,
// so a crash leaves the schema either before or after it, never between.
func (s *Store) apply(ctx context.Context, version int, script string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: migration %d: %w", version, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, script); err != nil {
		return fmt.Errorf("store: migration %d: %w", version, err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", version)); err != nil {
		return fmt.Errorf("store: migration %d: %w", version, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: migration %d: %w", version, err)
	}
	return nil
}
