package main

import (
	"os"
	"path/filepath"
	"runtime/pprof"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// TestTheStartupWatchEndsWithTheApp: a watch still waiting for the first
// frame, or for the window to settle, ends when the app stops — it writes
// no report, which it would if it ran on to a settled window — and stop
// returns only once it has (it used to be left running, with no owner);
// a CPU profile it was taking is closed, also when no window was shown.
func TestTheStartupWatchEndsWithTheApp(t *testing.T) {
	test.NewTempApp(t)
	profiling := func(t *testing.T) (*os.File, string) {
		path := filepath.Join(t.TempDir(), "cpu.prof")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			t.Skipf("a CPU profile runs already: %v", err)
		}
		return f, path
	}
	written := func(t *testing.T, path string) {
		t.Helper()
		if info, err := os.Stat(path); err != nil || info.Size() == 0 {
			t.Fatalf("the profile was not written: %v", err)
		}
	}
	for _, c := range []struct {
		name   string
		framed func() chan struct{}
	}{
		{"before the first frame", func() chan struct{} { return make(chan struct{}) }},
		{"while settling", func() chan struct{} { ch := make(chan struct{}); close(ch); return ch }},
		{"while settling, without a frame probe", func() chan struct{} { return nil }},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, profile := profiling(t)
			report := filepath.Join(t.TempDir(), "startup.json")
			sw := &startupWatch{framed: c.framed(), firstFrame: time.Now(), cpu: f, report: report}
			sw.start()
			sw.stop()
			select {
			case <-sw.finished:
			default:
				t.Fatal("stop returned before the watch ended")
			}
			if _, err := os.Stat(report); !os.IsNotExist(err) {
				t.Fatalf("the watch ran on to a report: %v", err)
			}
			if sw.cpu != nil {
				t.Fatal("the CPU profile was left running")
			}
			written(t, profile)
		})
	}
	t.Run("never started", func(t *testing.T) {
		f, profile := profiling(t)
		sw := &startupWatch{cpu: f}
		sw.stop()
		if sw.cpu != nil {
			t.Fatal("the CPU profile was left running")
		}
		written(t, profile)
	})
}
