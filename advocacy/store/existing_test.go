package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// A missing folder or file is reported, and nothing is created.
func TestOpenExistingCreatesNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	missing := filepath.Join(t.TempDir(), "never")
	if _, err := OpenExisting(ctx, missing); !errors.Is(err, ErrNotFound) || errors.Is(err, ErrEmpty) {
		t.Fatalf("missing folder: %v, want ErrNotFound", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the folder was created: %v", err)
	}
	dir := t.TempDir()
	if _, err := OpenExisting(ctx, dir); !errors.Is(err, ErrNotFound) {
		t.Fatalf("folder without a database: %v, want ErrNotFound", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("files created: %v", entries)
	}
}

// A 0-byte file is not turned into an empty, "intact" database: it is
// reported and left as it was.
func TestOpenExistingRefusesAnEmptyFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := OpenExisting(context.Background(), dir)
	if !errors.Is(err, ErrNotFound) || !errors.Is(err, ErrEmpty) {
		t.Fatalf("empty file: %v, want ErrNotFound and ErrEmpty", err)
	}
	if info, err := os.Stat(path); err != nil || info.Size() != 0 {
		t.Fatalf("the empty file changed: %v %v", info.Size(), err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("files created beside it: %v", entries)
	}
}

// An existing database is read as it is: no migration runs, writes fail,
// and the file's bytes do not change.
func TestOpenExistingReadsWithoutChanging(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	s.SetSetting(ctx, "role", "alumni")
	// As if written by an older Advocate: a migration would bring it up.
	if _, err := s.DB().ExecContext(ctx, "PRAGMA user_version = 2"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before := readFile(t, filepath.Join(dir, FileName))

	r, err := OpenExisting(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := r.Version(ctx); err != nil || v != 2 {
		t.Fatalf("version = %d, %v; want 2, not migrated", v, err)
	}
	if got, err := r.Setting(ctx, "role", ""); err != nil || got != "alumni" {
		t.Fatalf("setting = %q, %v", got, err)
	}
	if mode, err := r.JournalMode(ctx); err != nil || mode != "wal" {
		t.Fatalf("journal mode = %q, %v; want wal", mode, err)
	}
	err = r.SetSetting(ctx, "role", "employee")
	var se *sqlite.Error
	if !errors.As(err, &se) || se.Code()&0xff != sqlite3.SQLITE_READONLY {
		t.Fatalf("write through a read-only store: %v, want SQLITE_READONLY", err)
	}
	r.Close()
	if after := readFile(t, filepath.Join(dir, FileName)); !bytes.Equal(before, after) {
		t.Fatal("the database file changed")
	}
}

// A database the app holds open, with its latest writes still in the WAL,
// is read with those writes.
func TestOpenExistingSeesTheRunningAppsWrites(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.SetSetting(ctx, "role", "alumni"); err != nil {
		t.Fatal(err)
	}
	r, err := OpenExisting(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got, err := r.Setting(ctx, "role", ""); err != nil || got != "alumni" {
		t.Fatalf("setting = %q, %v", got, err)
	}
	if v, err := r.Version(ctx); err != nil || v != SchemaVersion() {
		t.Fatalf("version = %d, %v", v, err)
	}
}

func TestOpenExistingClassifiesWhatIsNotItsDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	garbage := t.TempDir()
	os.WriteFile(filepath.Join(garbage, FileName), []byte(strings.Repeat("not a database\n", 400)), 0o600)

	foreign := t.TempDir()
	db, err := sql.Open("sqlite", filepath.Join(foreign, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE other (x)"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	newer := t.TempDir()
	s, err := Open(ctx, newer)
	if err != nil {
		t.Fatal(err)
	}
	s.DB().ExecContext(ctx, "PRAGMA user_version = 999")
	s.Close()

	folder := t.TempDir()
	os.Mkdir(filepath.Join(folder, FileName), 0o700)

	for name, c := range map[string]struct {
		dir  string
		want error
	}{
		"garbage": {garbage, ErrCorrupt}, "another program's SQLite file": {foreign, ErrCorrupt},
		"newer schema": {newer, ErrTooNew}, "a folder": {folder, ErrCorrupt},
	} {
		if _, err := OpenExisting(ctx, c.dir); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
}

// OpenExisting finds the database in a folder whose name holds URI
// characters, as Open does.
func TestOpenExistingInFolderWithURICharacters(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, name := range uriNames {
		dir := filepath.Join(t.TempDir(), name)
		if _, err := OpenExisting(ctx, dir); !errors.Is(err, ErrNotFound) {
			t.Errorf("%q before Open: %v, want ErrNotFound", name, err)
		}
		s, err := Open(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		s.SetSetting(ctx, "where", name)
		s.Close()
		r, err := OpenExisting(ctx, dir)
		if err != nil {
			t.Errorf("%q: %v", name, err)
			continue
		}
		got, err := r.Setting(ctx, "where", "")
		r.Close()
		if err != nil || got != name {
			t.Errorf("%q: read %q, %v", name, got, err)
		}
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
