package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
)

// ErrNotFound is wrapped by errors from OpenExisting when the data folder
// holds no database: the file is missing, or empty (then ErrEmpty is
// wrapped too).
var ErrNotFound = errors.New("store: no database")

// ErrEmpty is wrapped, with ErrNotFound, by errors from OpenExisting when
// the database file is there but holds nothing (0 bytes): it was never
// written, or it was truncated.
var ErrEmpty = errors.New("store: database file empty")

// OpenExisting opens the database in dir read-only, for tools that inspect
// it (store check, audit verify and export). Unlike Open it creates
// nothing, neither folder nor file nor schema, and applies no migrations:
// a database of an older schema opens as it is, and Version tells which.
// Writes through the returned Store fail.
//
// Errors wrap ErrNotFound when there is no database (ErrEmpty too when the
// file is empty), ErrCorrupt when the file is damaged or is not an Advocate
// database, ErrTooNew when a newer Advocate wrote it, and ErrBusy when
// another program holds it locked.
func OpenExisting(ctx context.Context, dir string) (*Store, error) {
	path := filepath.Join(dir, FileName)
	if err := existingFile(path); err != nil {
		return nil, err
	}
	q := url.Values{}
	q.Add("mode", "ro") // SQLite's: read-only, and never create the file
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "query_only(1)")
	s, err := openDSN(path, q)
	if err != nil {
		return nil, err
	}
	if err := s.inspect(ctx); err != nil {
		s.db.Close()
		if gone := existingFile(path); gone != nil {
			return nil, gone // removed or emptied meanwhile
		}
		return nil, err
	}
	return s, nil
}

// existingFile checks that path is a database file with something in it,
// before SQLite is let near it.
func existingFile(path string) error {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%w: %s does not exist; give the data folder Advocate uses", ErrNotFound, path)
	case err != nil:
		return fmt.Errorf("store: cannot read %s: %w", path, err)
	case !info.Mode().IsRegular():
		return fmt.Errorf("%w: %s is not a file", ErrCorrupt, path)
	case info.Size() == 0:
		return fmt.Errorf("%w: %w: %s is empty (0 bytes): it holds no Advocate data", ErrNotFound, ErrEmpty, path)
	}
	return nil
}

// inspect checks an existing database without changing it: healthy, and
// of a schema this Advocate knows.
func (s *Store) inspect(ctx context.Context) error {
	if err := s.Check(ctx); err != nil {
		return err
	}
	v, err := s.Version(ctx)
	if err != nil {
		return s.explain(fmt.Errorf("store: read schema version: %w", err))
	}
	switch {
	case v == 0:
		return fmt.Errorf("%w: %s is an SQLite file but not an Advocate database", ErrCorrupt, s.path)
	case v > SchemaVersion():
		return fmt.Errorf("%w: %s has schema version %d but this Advocate knows only up to %d; use the newer Advocate", ErrTooNew, s.path, v, SchemaVersion())
	}
	return nil
}
