package store

import (
	"context"
	"fmt"
)

// SaveBundle replaces the cached bundle with files (names to contents,
// signatures included) and remembers where it came from, in one
// transaction: the cache holds one whole bundle or the previous one.
func (s *Store) SaveBundle(ctx context.Context, source string, files map[string][]byte) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: save bundle: %w", err)
	}
	defer tx.Rollback()
	if err := SaveBundleIn(ctx, tx, source, files); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: save bundle: %w", err)
	}
	return nil
}

// SaveBundleIn replaces the cached bundle within tx.
func SaveBundleIn(ctx context.Context, tx Execer, source string, files map[string][]byte) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM bundle_cache"); err != nil {
		return fmt.Errorf("store: save bundle: %w", err)
	}
	for name, data := range files {
		if _, err := tx.ExecContext(ctx, "INSERT INTO bundle_cache(name, data) VALUES(?, ?)", name, data); err != nil {
			return fmt.Errorf("store: save bundle: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx,
		"INSERT INTO settings(key, value) VALUES('bundle_cache_source', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", source); err != nil {
		return fmt.Errorf("store: save bundle: %w", err)
	}
	return nil
}

// CachedBundle returns the cached bundle's source and files; no files when
// nothing is cached.
func (s *Store) CachedBundle(ctx context.Context) (string, map[string][]byte, error) {
	source, err := s.Setting(ctx, "bundle_cache_source", "")
	if err != nil {
		return "", nil, err
	}
	rows, err := s.db.QueryContext(ctx, "SELECT name, data FROM bundle_cache")
	if err != nil {
		return "", nil, fmt.Errorf("store: read cached bundle: %w", err)
	}
	defer rows.Close()
	files := map[string][]byte{}
	for rows.Next() {
		var name string
		var data []byte
		if err := rows.Scan(&name, &data); err != nil {
			return "", nil, fmt.Errorf("store: read cached bundle: %w", err)
		}
		files[name] = data
	}
	return source, files, rows.Err()
}
