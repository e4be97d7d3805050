package store

import (
	"context"
	"net/url"
	"path/filepath"
	"slices"
	"testing"
)

// TestMigration8StemsTheNewsIndex: a database whose news index was made
// without stemming (schema 7) is brought to 8 with its items kept and the
// index rebuilt from them, so that a search for "robots" finds "robot"
// and "équipe" finds "equipes"; the triggers keep the new index up to
// date as items are added, changed and removed.
func TestMigration8StemsTheNewsIndex(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	old, err := openDSN(filepath.Join(dir, FileName), q)
	if err != nil {
		t.Fatal(err)
	}
	for v := range 7 {
		if err := old.apply(ctx, v+1, migrations[v]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := old.db.ExecContext(ctx, `INSERT INTO feeds(id, url, origin) VALUES(1, 'https://news.example/feed', 'user');
		INSERT INTO items(id, feed_id, key, title, link, published, summary, seen_at) VALUES
			(1, 1, 'g:1', 'A robot sorts parcels', 'https://news.example/1', '2026-11-20T09:00:00Z', 'Two warehouses', 'x'),
			(2, 1, 'g:2', 'Deux equipes gagnent', 'https://news.example/2', '2026-11-21T09:00:00Z', 'Un prix', 'x')`); err != nil {
		t.Fatal(err)
	}
	search := func(s *Store, query string) []int64 {
		t.Helper()
		rows, err := s.db.QueryContext(ctx, "SELECT rowid FROM items_fts WHERE items_fts MATCH ? ORDER BY rowid", query)
		if err != nil {
			t.Fatalf("search %q: %v", query, err)
		}
		defer rows.Close()
		var ids []int64
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			ids = append(ids, id)
		}
		return ids
	}
	if got := search(old, `"robots"*`); len(got) != 0 {
		t.Fatalf("before migrating, robots found %v: the old index already stems", got)
	}
	old.db.Close()

	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, err := s.Version(ctx); err != nil || v != SchemaVersion() || v < 8 {
		t.Fatalf("version %d, %v (this build: %d)", v, err, SchemaVersion())
	}
	for query, want := range map[string][]int64{`"robot"*`: {1}, `"robots"*`: {1}, `"équipe"*`: {2}, `"équipes"*`: {2}, `"warehouse"*`: {1}} {
		if got := search(s, query); !slices.Equal(got, want) {
			t.Errorf("after migrating, %s found %v, want %v", query, got, want)
		}
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO items(id, feed_id, key, title, link, published, summary, seen_at)
		VALUES(3, 1, 'g:3', 'A robot arm', 'https://news.example/3', '2026-11-22T09:00:00Z', '', 'x');
		UPDATE items SET title = 'Gears and wheels' WHERE id = 1;
		DELETE FROM items WHERE id = 2`); err != nil {
		t.Fatal(err)
	}
	for query, want := range map[string][]int64{`"robots"*`: {3}, `"wheel"*`: {1}, `"equipe"*`: nil} {
		if got := search(s, query); !slices.Equal(got, want) {
			t.Errorf("after changes, %s found %v, want %v", query, got, want)
		}
	}
	if _, err := s.db.ExecContext(ctx, "INSERT INTO items_fts(items_fts) VALUES ('integrity-check')"); err != nil {
		t.Fatalf("the index does not match the items: %v", err)
	}
}
