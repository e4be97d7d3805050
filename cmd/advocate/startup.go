package main

import (
	"encoding/json"
	"fmt"
	"image"
	"log"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver"
)

// mainStarted is taken as the main package is initialised, just before
// main runs: after the dynamic linker and every imported package's init.
var mainStarted = time.Now()

// Hidden switches for measuring start-up (see docs/performance.md).
const (
	// startupReportEnv names a file: once the window is usable the app
	// writes a startupReport there as JSON (whole: it is renamed into
	// place), and goes on running.
	startupReportEnv = "ADVOCATE_STARTUP_REPORT"
	// heapProfileEnv names a file for a heap profile taken at that moment.
	heapProfileEnv = "ADVOCATE_HEAPPROFILE"
	// cpuProfileEnv names a file for a CPU profile of the start-up, from
	// main until the window is usable.
	cpuProfileEnv = "ADVOCATE_CPUPROFILE"
)

// startupReport is what the app measured of its own start-up. Times are
// Unix nanoseconds, so that a launcher can subtract its own start time;
// the _ms fields count from mainStarted.
type startupReport struct {
	Main         int64   `json:"main_unix_ns"`
	FirstFrame   int64   `json:"first_frame_unix_ns"`
	Usable       int64   `json:"usable_unix_ns"`
	FirstFrameMS float64 `json:"first_frame_ms"`
	UsableMS     float64 `json:"usable_ms"`
	// LongestStallMS is the longest the UI goroutine took to run a queued
	// function between the first frame and usable.
	LongestStallMS float64 `json:"longest_stall_ms"`
	// Heap figures are read after a full collection, once usable.
	HeapInuse uint64 `json:"heap_inuse_bytes"`
	HeapAlloc uint64 `json:"heap_alloc_bytes"`
	HeapSys   uint64 `json:"heap_sys_bytes"`
	// RSS and RSSAnon are the resident memory and its anonymous (program)
	// part, from /proc/self/status.
	RSS     uint64 `json:"rss_bytes"`
	RSSAnon uint64 `json:"rss_anon_bytes"`
}

// startupWatch follows the start-up: once the window is usable it hands
// the memory the start-up left unused back to the system, and writes what
// the hidden switches ask for.
type startupWatch struct {
	report, heap string
	cpu          *os.File
	// framed, when the report or the hang dump is asked for, is closed
	// once the first frame is painted, at firstFrame.
	framed     chan struct{}
	firstFrame time.Time
	// stopping is closed when the app stops; finished when run has
	// returned (start, stop).
	stopping, finished chan struct{}
}

// start runs the watch in a goroutine of its own, which stop ends and
// waits for. It is called once the window is shown.
func (sw *startupWatch) start() {
	sw.stopping, sw.finished = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(sw.finished)
		sw.run()
	}()
}

// stop ends the watch, where it is, and waits for it; the app has
// stopped, so the window may never be usable. A watch never started (no
// window was shown) only ends its CPU profile.
func (sw *startupWatch) stop() {
	if sw.finished == nil {
		sw.stopProfile()
		return
	}
	close(sw.stopping)
	<-sw.finished
}

// onUI waits for the UI goroutine to run what is queued before it, and
// reports false if the app stops first.
func onUI(stopping <-chan struct{}) bool {
	ran := make(chan struct{})
	fyne.Do(func() { close(ran) })
	select {
	case <-ran:
		return true
	case <-stopping:
		return false
	}
}

// newStartupWatch reads the switches and starts the CPU profile.
func newStartupWatch() *startupWatch {
	sw := &startupWatch{report: os.Getenv(startupReportEnv), heap: os.Getenv(heapProfileEnv)}
	if sw.report != "" || os.Getenv(hangDumpEnv) != "" {
		sw.framed = make(chan struct{})
	}
	if path := os.Getenv(cpuProfileEnv); path != "" {
		f, err := os.Create(path)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			log.Printf("advocate: cpu profile: %v", err)
		} else {
			sw.cpu = f
		}
	}
	return sw
}

// window returns w with a one-pixel transparent raster laid over its
// content. The painter calls a raster's generator when it first draws it,
// and draws it last, over everything else; the frame is swapped to the
// screen right after. (Fyne paints a window first inside Show.)
func (sw *startupWatch) window(w fyne.Window) fyne.Window {
	if sw.framed == nil {
		return w
	}
	var once sync.Once
	probe := canvas.NewRaster(func(width, height int) image.Image {
		once.Do(func() {
			sw.firstFrame = time.Now()
			close(sw.framed)
		})
		return image.NewNRGBA(image.Rect(0, 0, max(width, 1), max(height, 1)))
	})
	probe.Resize(fyne.NewSize(1, 1))
	return probedWindow{Window: w, probe: probe}
}

// probedWindow is a window whose content carries the first-frame probe.
type probedWindow struct {
	fyne.Window
	probe fyne.CanvasObject
}

// SetContent sets o as the content, with the probe over it.
func (p probedWindow) SetContent(o fyne.CanvasObject) {
	p.Window.SetContent(container.NewStack(o, container.NewWithoutLayout(p.probe)))
}

// RunNative hands the native window to f, as the window itself does.
func (p probedWindow) RunNative(f func(any)) {
	if nw, ok := p.Window.(driver.NativeWindow); ok {
		nw.RunNative(f)
	}
}

// run waits for the window to be usable, then returns to the system the
// heap the start-up used and no longer does (the runtime would keep it
// until the heap grows that large again), and writes what was asked for.
// When the app stops first, only the CPU profile is ended.
func (sw *startupWatch) run() {
	defer sw.stopProfile()
	first := time.Now()
	if sw.framed != nil {
		select {
		case <-sw.framed:
			first = sw.firstFrame
		case <-sw.stopping:
			return
		}
	} else if !onUI(sw.stopping) { // after the frame Show painted
		return
	}
	usable, stall, ok := awaitUsable(first, sw.stopping)
	if !ok {
		return
	}
	sw.stopProfile()
	debug.FreeOSMemory()
	if sw.heap != "" {
		if err := writeHeapProfile(sw.heap); err != nil {
			log.Printf("advocate: %v", err)
		}
	}
	if sw.report == "" {
		return
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	rss, anon := residentMemory()
	since := func(t time.Time) float64 { return float64(t.Sub(mainStarted).Microseconds()) / 1000 }
	r := startupReport{Main: mainStarted.UnixNano(), FirstFrame: first.UnixNano(), Usable: usable.UnixNano(),
		FirstFrameMS: since(first), UsableMS: since(usable), LongestStallMS: float64(stall.Microseconds()) / 1000,
		HeapInuse: ms.HeapInuse, HeapAlloc: ms.HeapAlloc, HeapSys: ms.HeapSys, RSS: rss, RSSAnon: anon}
	raw, _ := json.MarshalIndent(r, "", "  ")
	if err := writeWhole(sw.report, append(raw, '\n')); err != nil {
		log.Printf("advocate: startup report: %v", err)
	}
}

// stopProfile ends the CPU profile, if one runs.
func (sw *startupWatch) stopProfile() {
	if sw.cpu != nil {
		pprof.StopCPUProfile()
		sw.cpu.Close()
		sw.cpu = nil
	}
}

// writeWhole writes data to a new file beside path and renames it to
// path, so that whoever waits for path reads all of it.
func writeWhole(path string, data []byte) error {
	tmp := path + ".part"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// Usable means settled: the UI goroutine runs what is queued for it
// within a frame, and the process has stopped working on its start-up
// (loading, laying out, painting), for quietFor in a row.
const (
	sampleEvery = 10 * time.Millisecond
	quietFor    = 200 * time.Millisecond
	frame       = 20 * time.Millisecond
	settleLimit = 30 * time.Second
)

// awaitUsable samples the UI goroutine's latency and the process's CPU
// time from the first frame on, and returns when the quiet stretch began
// (or the first frame, if it was quiet from there), and the longest stall
// seen before it; ok is false when stopping closed first.
func awaitUsable(first time.Time, stopping <-chan struct{}) (_ time.Time, _ time.Duration, ok bool) {
	quietSince, longest := first, time.Duration(0)
	lastCPU, lastAt := cpuTime(), time.Now()
	tick := time.NewTicker(sampleEvery)
	defer tick.Stop()
	for time.Since(first) < settleLimit {
		select {
		case <-tick.C:
		case <-stopping:
			return quietSince, longest, false
		}
		asked := time.Now()
		if !onUI(stopping) {
			return quietSince, longest, false
		}
		now := time.Now()
		lag := now.Sub(asked)
		cpu := cpuTime()
		busy := float64(cpu-lastCPU) / float64(now.Sub(lastAt))
		lastCPU, lastAt = cpu, now
		if lag > frame || busy > 0.25 {
			longest = max(longest, lag)
			quietSince = now
			continue
		}
		if now.Sub(quietSince) >= quietFor {
			return quietSince, longest, true
		}
	}
	return quietSince, longest, true
}

// residentMemory reads VmRSS and RssAnon from /proc/self/status (Linux;
// zero elsewhere).
func residentMemory() (rss, anon uint64) {
	raw, _ := os.ReadFile("/proc/self/status")
	for line := range strings.Lines(string(raw)) {
		k, v, _ := strings.Cut(line, ":")
		kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		switch k {
		case "VmRSS":
			rss = kb << 10
		case "RssAnon":
			anon = kb << 10
		}
	}
	return rss, anon
}

func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("heap profile: %w", err)
	}
	return f.Close()
}
