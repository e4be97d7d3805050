package store

import (
	"context"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
)

// TestMigration10IndexesTheAuditByShare: a database of schema 9 whose
// trail holds a record that is not JSON (as a tampered trail may) opens
// and is brought to 10, and the queries that read a share's records use
// the new index instead of reading the whole trail.
func TestMigration10IndexesTheAuditByShare(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	old, err := openDSN(filepath.Join(dir, FileName), url.Values{})
	if err != nil {
		t.Fatal(err)
	}
	for v := range 9 {
		if err := old.apply(ctx, v+1, migrations[v]); err != nil {
			t.Fatal(err)
		}
	}
	for _, data := range []string{`{"share": 7}`, `not json`, `{"share": 8}`, `{}`} {
		if _, err := old.db.ExecContext(ctx, `INSERT INTO audit(at, kind, data, prev, hash) VALUES('2026-11-01T09:00:00Z', 'k', ?, '', '')`, data); err != nil {
			t.Fatal(err)
		}
	}
	old.db.Close()

	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatalf("a trail with a record that is not JSON: %v", err)
	}
	defer s.Close()
	if v, err := s.Version(ctx); err != nil || v != SchemaVersion() || v < 10 {
		t.Fatalf("version %d, %v (this build: %d)", v, err, SchemaVersion())
	}
	var n int
	if err := s.DB().QueryRowContext(ctx, "SELECT COUNT(*) FROM audit WHERE "+AuditShare+" = ?", 7).Scan(&n); err != nil || n != 1 {
		t.Fatalf("records of share 7: %d, %v", n, err)
	}
	for _, query := range []string{
		"SELECT seq, at, kind, data FROM audit WHERE " + AuditShare + " = 7 ORDER BY seq",
		// The engagement tracker's, for each posted share.
		"SELECT s.id, (SELECT MAX(at) FROM audit WHERE kind IN ('a', 'b') AND " + AuditShare + " = +s.id) FROM shares s",
	} {
		rows, err := s.DB().QueryContext(ctx, "EXPLAIN QUERY PLAN "+query)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if !strings.Contains(strings.Join(plan, "; "), "INDEX audit_share") {
			t.Errorf("%s\nis planned as %q, without the index", query, plan)
		}
	}
}
