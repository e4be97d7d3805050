package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestTheIntegrityCheckRunsAfterAnUncleanStop: a database closed cleanly
// opens without reading all of it again; one the last run never closed
// (a crash, a kill) is checked.
func TestTheIntegrityCheckRunsAfterAnUncleanStop(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, openMarker)); err != nil {
		t.Fatalf("no open marker while open: %v", err)
	}
	s.Close()
	if _, err := os.Stat(filepath.Join(dir, openMarker)); !os.IsNotExist(err) {
		t.Fatalf("the open marker outlived a clean close: %v", err)
	}
	if s, err = Open(ctx, dir); err != nil || s.Checked {
		t.Fatalf("after a clean close: checked %v, %v", s.Checked, err)
	}
	// The process dies with the database open: the marker stays.
	s.db.Close()
	if s, err = Open(ctx, dir); err != nil || !s.Checked {
		t.Fatalf("after an unclean stop: checked %v, %v", s.Checked, err)
	}
	s.Close()
}
