// Package store is Advocate's local database: one SQLite file in the user's
// data directory, in WAL mode, brought up to date by versioned migrations.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// FileName is the database's file name inside the data directory.
const FileName = "advocate.db"

// ErrCorrupt is wrapped by errors from Open when the database file is damaged
// or is not an Advocate database at all.
var ErrCorrupt = errors.New("store: database damaged")

// ErrBusy is wrapped by errors from Open when another program holds the
// database locked for longer than the busy timeout.
var ErrBusy = errors.New("store: database busy")

// ErrTooNew is wrapped by errors from Open when the database was written by a
// newer version of Advocate than this one.
var ErrTooNew = errors.New("store: database from a newer version")

// Store is an open local database.
type Store struct {
	db   *sql.DB
	path string
	// marker is the open marker Close removes ("" for a read-only store).
	marker string
	// Checked reports that Open ran the integrity check, because the
	// last run did not close the database (or it is new).
	Checked bool
}

// openMarker is a file beside the database that exists while it is open:
// found at Open, the last run did not close it (a crash, a kill).
const openMarker = FileName + ".open"

// Open opens (creating it if needed) the database in dir, checks that it is
// healthy when the last run did not close it, and applies any pending
// migrations. The check reads the whole file (most of a second with 50,000
// news items), so a database closed cleanly is not checked again.
func Open(ctx context.Context, dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: cannot create the data folder %s: %w", dir, err)
	}
	path := filepath.Join(dir, FileName)
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// Writers take the write lock when their transaction begins, so that
	// concurrent writers wait (busy_timeout) instead of failing on upgrade.
	q.Add("_txlock", "immediate")
	s, err := openDSN(path, q)
	if err != nil {
		return nil, err
	}
	marker := filepath.Join(dir, openMarker)
	_, statErr := os.Stat(marker)
	if s.Checked = statErr == nil; s.Checked {
		if err := s.Check(ctx); err != nil {
			s.db.Close()
			return nil, err
		}
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, s.explain(err)
	}
	if err := os.WriteFile(marker, nil, 0o600); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("store: cannot write in the data folder %s: %w", dir, err)
	}
	s.marker = marker
	return s, nil
}

// openDSN prepares (without connecting) the database at path with the
// driver and SQLite parameters q.
func openDSN(path string, q url.Values) (*Store, error) {
	dsn, err := fileURI(path, q)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return &Store{db: db, path: path}, nil
}

// fileURI is path as an SQLite file: URI carrying the parameters q. The
// path is made absolute and escaped, so that a '?', '#' or '%' in a folder
// name stays part of the path instead of starting the parameters, a
// fragment or an escape.
func fileURI(path string, q url.Values) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("store: cannot locate %s: %w", path, err)
	}
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive: file:///C:/...
	}
	u := url.URL{Scheme: "file", Path: p, RawQuery: q.Encode()}
	return u.String(), nil
}

// Check runs SQLite's quick integrity check, so that a damaged file is
// reported before it is used rather than halfway through a share.
func (s *Store) Check(ctx context.Context) error {
	var result string
	if err := s.db.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&result); err != nil {
		return s.explain(err)
	}
	if result != "ok" {
		return fmt.Errorf("%w: the database at %s failed its integrity check (%s); quit Advocate, move the file aside and start again, or restore a backup", ErrCorrupt, s.path, result)
	}
	return nil
}

// explain turns SQLite's result codes into errors a user can act on.
func (s *Store) explain(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
			return fmt.Errorf("%w: %s is not a readable Advocate database; move it aside to start with a fresh one, or restore a backup", ErrCorrupt, s.path)
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return fmt.Errorf("%w: %s is locked by another program; close other copies of Advocate and try again", ErrBusy, s.path)
		}
	}
	return err
}

// Path is the database file's location.
func (s *Store) Path() string { return s.path }

// DB gives other packages of the domain their own queries on the database.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the database and, once it closed cleanly, removes the
// open marker.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return err
	}
	if s.marker != "" {
		if err := os.Remove(s.marker); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("store: %w", err)
		}
	}
	return nil
}

// JournalMode reports SQLite's journal mode, "wal" once the store is open.
func (s *Store) JournalMode(ctx context.Context) (string, error) {
	var mode string
	err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode)
	return strings.ToLower(mode), err
}

// MoveAside renames a damaged database (and its WAL files) out of the way so
// that the next Open starts afresh. Nothing is deleted: the old file keeps
// its content under a dated name, which MoveAside returns.
func MoveAside(dir string, now time.Time) (string, error) {
	path := filepath.Join(dir, FileName)
	aside := fmt.Sprintf("%s.damaged-%s", path, now.UTC().Format("20060102T150405Z"))
	if err := os.Rename(path, aside); err != nil {
		return "", fmt.Errorf("store: cannot move %s aside: %w", path, err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(path + suffix); err == nil {
			if err := os.Rename(path+suffix, aside+suffix); err != nil {
				return aside, fmt.Errorf("store: cannot move %s aside: %w", path+suffix, err)
			}
		}
	}
	return aside, nil
}
