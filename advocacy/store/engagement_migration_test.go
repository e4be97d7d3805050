package store

import (
	"context"
	"net/url"
	"path/filepath"
	"testing"
)

// TestMigration7KeepsTheSharesAndAddsTheReadings: a database written by
// the Advocate before measurement (schema 6) is brought to 7 with its
// shares kept; a reading keeps a count the network did not give as NULL,
// not 0, and cannot name a share that does not exist.
func TestMigration7KeepsTheSharesAndAddsTheReadings(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	old, err := openDSN(filepath.Join(dir, FileName), q)
	if err != nil {
		t.Fatal(err)
	}
	for v := range 6 {
		if err := old.apply(ctx, v+1, migrations[v]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := old.db.ExecContext(ctx, `INSERT INTO shares(id, created_at, network, account_id, text, idem_key, state, result_id)
		VALUES(7, '2026-11-01T09:00:00Z', 'mastodon', 1, 'hello', 'k1', 'posted', '1101')`); err != nil {
		t.Fatal(err)
	}
	old.db.Close()

	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, err := s.Version(ctx); err != nil || v != SchemaVersion() || v < 7 {
		t.Fatalf("version %d, %v (this build: %d)", v, err, SchemaVersion())
	}
	var text string
	if err := s.DB().QueryRowContext(ctx, "SELECT text FROM shares WHERE id = 7").Scan(&text); err != nil || text != "hello" {
		t.Fatalf("the share after migrating: %q, %v", text, err)
	}
	if _, err := s.DB().ExecContext(ctx, `INSERT INTO engagement_tracks(share_id, posted_at, next_read, state) VALUES(7, 'a', 'b', 'reading')`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().ExecContext(ctx, `INSERT INTO engagement_readings(share_id, at, status, reactions, reposts) VALUES(7, 'a', 'read', 3, 0)`); err != nil {
		t.Fatal(err)
	}
	var nulls, zeros int
	if err := s.DB().QueryRowContext(ctx, `SELECT (quotes IS NULL) + (impressions IS NULL) + (replies IS NULL), (reposts = 0)
		FROM engagement_readings WHERE share_id = 7`).Scan(&nulls, &zeros); err != nil || nulls != 3 || zeros != 1 {
		t.Fatalf("counts not given: %d NULL, %d zero, %v", nulls, zeros, err)
	}
	if _, err := s.DB().ExecContext(ctx, `INSERT INTO engagement_readings(share_id, at, status) VALUES(99, 'a', 'read')`); err == nil {
		t.Fatal("a reading of a share that does not exist was kept")
	}
}
