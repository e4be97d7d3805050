package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHangDumpWritesTheStacksOnlyWithoutAFrame: past the deadline with no
// frame, every goroutine's stack is written (the main one among them); a
// frame first, and nothing is.
func TestHangDumpWritesTheStacksOnlyWithoutAFrame(t *testing.T) {
	dir := t.TempDir()
	stuck := filepath.Join(dir, "stuck.txt")
	deadline := make(chan time.Time) // taken by the watch itself
	stop := dumpUnlessFramed(stuck, time.Minute, make(chan struct{}), deadline)
	deadline <- time.Now()
	stop() // waits for the watch, so the file is complete
	raw, err := os.ReadFile(stuck)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(raw); !strings.HasPrefix(s, "no first frame 1m0s after start") || !strings.Contains(s, "goroutine ") || !strings.Contains(s, "TestHangDumpWritesTheStacksOnlyWithoutAFrame") {
		t.Fatalf("dump:\n%s", raw)
	}

	framedPath := filepath.Join(dir, "framed.txt")
	framed := make(chan struct{})
	stop = dumpUnlessFramed(framedPath, time.Minute, framed, make(chan time.Time))
	close(framed)
	stop()
	if _, err := os.Stat(framedPath); !os.IsNotExist(err) {
		t.Fatalf("a dump after the first frame: %v", err)
	}
}
