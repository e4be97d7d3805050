package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestOpenMigratesInWALMode(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mode, err := s.JournalMode(ctx)
	if err != nil || mode != "wal" {
		t.Fatalf("journal mode = %q, %v; want wal", mode, err)
	}
	v, err := s.Version(ctx)
	if err != nil || v != SchemaVersion() {
		t.Fatalf("schema version = %d, %v; want %d", v, err, SchemaVersion())
	}
	if s.Path() != filepath.Join(dir, FileName) {
		t.Fatalf("path = %s", s.Path())
	}
}

func TestSettingsAndActivitySurviveReopen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Setting(ctx, "role", "employee"); got != "employee" {
		t.Fatalf("default setting = %q", got)
	}
	if err := s.SetSetting(ctx, "role", "alumni"); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	if err := s.AddActivity(ctx, at, "bundle", "first"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddActivity(ctx, at.Add(time.Minute), "role", "second"); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, _ := s.Setting(ctx, "role", "employee"); got != "alumni" {
		t.Fatalf("setting after reopen = %q, want alumni", got)
	}
	acts, err := s.RecentActivity(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != 2 || acts[0].Summary != "second" || !acts[1].At.Equal(at) {
		t.Fatalf("activity = %+v", acts)
	}
}

func TestCorruptFileIsReportedAndCanBeMovedAside(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	garbage := []byte(strings.Repeat("this is not a database\n", 400))
	if err := os.WriteFile(filepath.Join(dir, FileName), garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(ctx, dir)
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Open on garbage = %v, want ErrCorrupt", err)
	}
	if !strings.Contains(err.Error(), "move it aside") {
		t.Fatalf("error does not say what to do: %v", err)
	}
	aside, err := MoveAside(dir, time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	kept, err := os.ReadFile(aside)
	if err != nil || string(kept) != string(garbage) {
		t.Fatalf("moved-aside file lost its content: %v", err)
	}
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatalf("Open after MoveAside: %v", err)
	}
	s.Close()
}

func TestNewerSchemaIsRefused(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().ExecContext(ctx, "PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err = Open(ctx, dir)
	if !errors.Is(err, ErrTooNew) {
		t.Fatalf("Open = %v, want ErrTooNew", err)
	}
}

func TestLockedDatabaseIsReported(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Another program holds an exclusive lock on the file.
	conn, err := s.DB().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA locking_mode = EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, "ROLLBACK")
	short, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	_, err = Open(short, dir)
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("Open while locked = %v, want ErrBusy", err)
	}
}

func TestOneInstancePerDataDir(t *testing.T) {
	dir := t.TempDir()
	first, err := Lock(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Lock(dir)
	if !errors.Is(err, ErrAlreadyRunning) {
		t.Fatalf("second Lock = %v, want ErrAlreadyRunning", err)
	}
	if !strings.Contains(err.Error(), dir) {
		t.Fatalf("error does not name the folder: %v", err)
	}
	other, err := Lock(t.TempDir())
	if err != nil {
		t.Fatalf("a different folder must lock independently: %v", err)
	}
	other.Release()
	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	again, err := Lock(dir)
	if err != nil {
		t.Fatalf("Lock after Release: %v", err)
	}
	again.Release()
}

func TestDefaultDirHonoursEnvironment(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the paths checked are Linux's (XDG_CONFIG_HOME); Windows' folder is %APPDATA%")
	}
	t.Setenv(DirEnv, "/tmp/somewhere")
	if got := DefaultDir("x.y.z"); got != "/tmp/somewhere" {
		t.Fatalf("DefaultDir = %s", got)
	}
	t.Setenv(DirEnv, "")
	t.Setenv("XDG_CONFIG_HOME", "/tmp/cfg")
	if got := DefaultDir("x.y.z"); got != "/tmp/cfg/fyne/x.y.z" {
		t.Fatalf("DefaultDir = %s", got)
	}
}

func TestBundleCacheKeepsOneWholeBundle(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if src, files, err := s.CachedBundle(ctx); err != nil || src != "" || len(files) != 0 {
		t.Fatalf("empty cache = %q %v %v", src, files, err)
	}
	s.SaveBundle(ctx, "https://a.example/", map[string][]byte{"manifest.json": []byte("1"), "policy.yaml": []byte("p")})
	s.SaveBundle(ctx, "https://b.example/", map[string][]byte{"manifest.json": []byte("2")})
	src, files, err := s.CachedBundle(ctx)
	if err != nil || src != "https://b.example/" || len(files) != 1 || string(files["manifest.json"]) != "2" {
		t.Fatalf("cache = %q %v %v", src, files, err)
	}
}
