package main

import (
	"os"
	"path/filepath"
	"runtime/pprof"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestTheStartupWatchEndsWithTheApp: a watch still waiting for the first
// frame, or for the window to settle, ends when the app stops, and stop
// returns only once it has (it used to be left running, with no owner);
// a CPU profile it was taking is closed.
func TestTheStartupWatchEndsWithTheApp(t *testing.T) {
	test.NewTempApp(t)
	t.Run("before the first frame", func(t *testing.T) {
		profile := filepath.Join(t.TempDir(), "cpu.prof")
		f, err := os.Create(profile)
		if err != nil {
			t.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			t.Skipf("a CPU profile runs already: %v", err)
		}
		sw := &startupWatch{framed: make(chan struct{}), cpu: f}
		sw.start()
		sw.stop()
		select {
		case <-sw.finished:
		default:
			t.Fatal("stop returned before the watch ended")
		}
		if sw.cpu != nil {
			t.Fatal("the CPU profile was left running")
		}
		if info, err := os.Stat(profile); err != nil || info.Size() == 0 {
			t.Fatalf("the profile was not written: %v", err)
		}
	})
	t.Run("while settling", func(t *testing.T) {
		framed := make(chan struct{})
		close(framed)
		sw := &startupWatch{framed: framed}
		sw.start()
		sw.stop()
		if _, open := <-sw.finished; open {
			t.Fatal("the watch is still running")
		}
	})
	t.Run("never started", func(t *testing.T) {
		(&startupWatch{}).stop()
	})
}
