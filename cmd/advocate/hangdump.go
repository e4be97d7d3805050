package main

import (
	"fmt"
	"log"
	"os"
	"runtime/pprof"
	"strconv"
	"time"
)

// Test scaffolding for start-up hangs (scripts/windows/test.sh loops the
// launch with it): when hangDumpEnv names a file and the window's first
// frame is not painted within hangDumpAfterEnv seconds (default 20), the
// stacks of every goroutine are written to that file. Off unless asked for.
const (
	hangDumpEnv      = "ADVOCATE_DEBUG_HANG_DUMP"
	hangDumpAfterEnv = "ADVOCATE_DEBUG_HANG_AFTER"
)

// dumpIfNoFrame starts the watch asked for by hangDumpEnv, if any. The
// returned stop ends it and waits for it.
func (sw *startupWatch) dumpIfNoFrame() (stop func()) {
	path := os.Getenv(hangDumpEnv)
	if path == "" || sw.framed == nil {
		return func() {}
	}
	after := 20 * time.Second
	if s, err := strconv.Atoi(os.Getenv(hangDumpAfterEnv)); err == nil && s > 0 {
		after = time.Duration(s) * time.Second
	}
	timer := time.NewTimer(after)
	end := dumpUnlessFramed(path, after, sw.framed, timer.C)
	return func() {
		end()
		timer.Stop()
	}
}

// dumpUnlessFramed writes the goroutines' stacks to path when deadline
// fires before framed is closed. The returned stop ends the watch and
// waits for it.
func dumpUnlessFramed(path string, after time.Duration, framed <-chan struct{}, deadline <-chan time.Time) (stop func()) {
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		select {
		case <-framed:
		case <-quit:
		case <-deadline:
			if err := writeGoroutines(path, after); err != nil {
				log.Printf("advocate: %v", err)
			}
		}
	}()
	return func() {
		close(quit)
		<-done
	}
}

// writeGoroutines writes the stacks of every goroutine to path.
func writeGoroutines(path string, after time.Duration) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("hang dump: %w", err)
	}
	fmt.Fprintf(f, "no first frame %v after start\n\n", after)
	if err := pprof.Lookup("goroutine").WriteTo(f, 2); err != nil {
		f.Close()
		return fmt.Errorf("hang dump: %w", err)
	}
	return f.Close()
}
