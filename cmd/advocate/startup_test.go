package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/networks"
	"github.com/advocate-app/advocate/advocacy/org"
	"github.com/advocate-app/advocate/advocacy/policy"
	"github.com/advocate-app/advocate/advocacy/share"
	"github.com/advocate-app/advocate/advocacy/store"
	"github.com/advocate-app/advocate/feeds"
)

// startReported starts the app with a startup report asked for, and
// returns it running with the report's path.
func startReported(t testing.TB, bin string, args ...string) (*process, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "startup.json")
	return startAppWith(t, bin, []string{startupReportEnv + "=" + path}, args...), path
}

// waitReport waits for the app's startup report: the window is usable.
func waitReport(t testing.TB, a *process, path string) startupReport {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		raw, err := os.ReadFile(path)
		if err == nil {
			var r startupReport
			if err := json.Unmarshal(raw, &r); err != nil {
				t.Fatalf("startup report: %v\n%s", err, raw)
			}
			return r
		}
		select {
		case err := <-a.done:
			t.Fatalf("advocate exited before its window was usable: %v\n%s", err, a.output.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("no startup report within 90s\n%s", a.output.String())
	return startupReport{}
}

// startupRun is one start-up as a launcher sees it: milliseconds from
// just before the process was started.
type startupRun struct {
	firstFrame, usable, stall, heapMB, rssMiB, anonMiB float64
}

// measureStartup starts the app on dir, waits until it is usable and
// kills it (quitting is not what is measured).
func measureStartup(t testing.TB, bin, dir string, args ...string) startupRun {
	t.Helper()
	launched := time.Now()
	a, path := startReported(t, bin, append([]string{"-data-dir", dir}, args...)...)
	r := waitReport(t, a, path)
	// Quit as a user does, so that the next start finds the database
	// closed cleanly (and does not check all of it).
	a.cmd.Process.Signal(syscall.SIGTERM)
	if err := waitExit(a); err != nil {
		t.Fatalf("advocate did not quit cleanly on SIGTERM: %v\n%s", err, a.output.String())
	}
	ms := func(unixNS int64) float64 { return float64(unixNS-launched.UnixNano()) / 1e6 }
	return startupRun{firstFrame: ms(r.FirstFrame), usable: ms(r.Usable), stall: r.LongestStallMS,
		heapMB: float64(r.HeapInuse) / 1e6, rssMiB: float64(r.RSS) / (1 << 20), anonMiB: float64(r.RSSAnon) / (1 << 20)}
}

func median(runs []startupRun, f func(startupRun) float64) float64 {
	v := make([]float64, len(runs))
	for i, r := range runs {
		v[i] = f(r)
	}
	slices.Sort(v)
	if n := len(v); n%2 == 0 {
		return (v[n/2-1] + v[n/2]) / 2
	}
	return v[len(v)/2]
}

// BenchmarkStartup starts the real binary under X b.N times on each of: the
// demo; a data folder holding 50,000 news items and 10,000 shares; a
// bundle server that never answers. It reports medians: milliseconds from
// launch to the first frame and to a usable window, the Go heap in use
// then (MB, after a collection) and the resident memory (MiB). A start
// takes a second or more, so ask for the runs:
//
//	go test -run '^$' -bench Startup -benchtime 15x ./cmd/advocate
//
// With ADVOCATE_BENCH_BASELINE naming another build, each run of the demo
// case starts that one too (on a folder of its own), and base- metrics and
// the first frame's ratio are reported.
// docs/performance.md explains the figures.
func BenchmarkStartup(b *testing.B) {
	needDesktop(b)
	bin := buildApp(b)
	base := os.Getenv(baselineEnv)
	demo, busy, silent := b.TempDir(), b.TempDir(), b.TempDir()
	seedBusy(b, busy, 50000, 10000)
	keyForDemo(b, silent)
	addr, _, _ := silentServer(b)
	for _, c := range []struct {
		name, dir, bundle string
		// fresh cases start on an empty folder: a baseline gets one of its
		// own, since an older build cannot open a newer database.
		fresh bool
	}{
		{"demo", demo, "demo", true},
		{"news50k-shares10k", busy, "demo", false},
		{"silent-bundle-server", silent, "http://" + addr + "/", false},
	} {
		baseDir, withBase := b.TempDir(), base != "" && c.fresh
		// The first start writes the bundle's feeds, its activity line …
		measureStartup(b, bin, c.dir, "-bundle", c.bundle)
		if withBase {
			measureStartup(b, base, baseDir, "-bundle", c.bundle)
		}
		b.Run(c.name, func(b *testing.B) {
			var runs, baseRuns []startupRun
			for b.Loop() {
				runs = append(runs, measureStartup(b, bin, c.dir, "-bundle", c.bundle))
				if withBase {
					baseRuns = append(baseRuns, measureStartup(b, base, baseDir, "-bundle", c.bundle))
				}
			}
			reportStartup(b, "", runs)
			if withBase {
				reportStartup(b, "base-", baseRuns)
				b.ReportMetric(median(runs, firstFrame)/median(baseRuns, firstFrame), "first-frame-ratio")
			}
			b.ReportMetric(0, "ns/op")
		})
	}
}

// baselineEnv names another build of advocate for BenchmarkStartup to
// start alternately with this one, on the same folders, so that a change is
// measured against its baseline in the same run on a noisy machine.
const baselineEnv = "ADVOCATE_BENCH_BASELINE"

func firstFrame(r startupRun) float64 { return r.firstFrame }

// reportStartup reports the medians of runs, each metric's unit after prefix.
func reportStartup(b *testing.B, prefix string, runs []startupRun) {
	b.ReportMetric(median(runs, firstFrame), prefix+"first-frame-ms")
	b.ReportMetric(median(runs, func(r startupRun) float64 { return r.usable }), prefix+"usable-ms")
	b.ReportMetric(median(runs, func(r startupRun) float64 { return r.stall }), prefix+"stall-ms")
	b.ReportMetric(median(runs, func(r startupRun) float64 { return r.heapMB }), prefix+"heap-MB")
	b.ReportMetric(median(runs, func(r startupRun) float64 { return r.rssMiB }), prefix+"rss-MiB")
	b.ReportMetric(median(runs, func(r startupRun) float64 { return r.anonMiB }), prefix+"anon-MiB")
}

// seedBusy fills dir with news feeds holding items news items, and shares
// posted shares, through the packages that keep them.
func seedBusy(t testing.TB, dir string, items, shares int) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	db := feeds.NewDB(st.DB())
	now := time.Now()
	perFeed := feeds.MaxItemsByFeed
	for f := 0; f*perFeed < items; f++ {
		id, err := db.Subscribe(ctx, fmt.Sprintf("https://news%d.example.com/feed.xml", f), fmt.Sprintf("Industry news %d", f), feeds.OriginUser, nil)
		if err != nil {
			t.Fatal(err)
		}
		feed := &feeds.Feed{Title: fmt.Sprintf("Industry news %d", f)}
		for i := range min(perFeed, items-f*perFeed) {
			feed.Items = append(feed.Items, feeds.Item{
				GUID:      fmt.Sprintf("item-%d-%d", f, i),
				Title:     fmt.Sprintf("Robotics maker %d announces a new line of warehouse arms, item %d", f, i),
				Link:      fmt.Sprintf("https://news%d.example.com/2026/%d.html", f, i),
				Published: now.Add(-time.Duration(f*perFeed+i) * time.Minute),
				Summary: "Analysts expect the arms, which pick mixed parcels at twice the rate of the last generation, " +
					"to ship to the first customers next quarter; the company also opened a service centre and hired " +
					"two hundred engineers for its research site, where the next models are tested.",
			})
		}
		// Fetched now, not due again for a year: starting does not fetch.
		if _, err := db.SaveItems(ctx, id, feed, feeds.Validators{}, now, now.AddDate(1, 0, 0)); err != nil {
			t.Fatal(err)
		}
	}
	o := &share.Outbox{DB: st.DB(), Now: time.Now, User: "bench"}
	passing := policy.Result{Verdict: policy.Pass}
	for i := range shares {
		s := share.Share{Network: "mastodon", Text: fmt.Sprintf("Proud of the team: our new warehouse arms ship next quarter. #robotics %d", i)}
		if _, err := o.Enqueue(ctx, s, passing, "employee", ""); err != nil {
			t.Fatal(err)
		}
	}
	w := &share.Worker{Outbox: o, Posters: seedPosters{}, Idempotent: func(share.Share) bool { return true }}
	if n, err := w.RunOnce(ctx); err != nil || n != shares {
		t.Fatalf("posting the seeded shares: %d, %v", n, err)
	}
}

// seedPosters posts every share at once, as a network that took it.
type seedPosters struct{}

func (seedPosters) PosterFor(context.Context, share.Share) (share.Poster, error) {
	return seedPosters{}, nil
}

func (seedPosters) Post(_ context.Context, p networks.Post) (networks.Result, error) {
	return networks.Result{ID: p.IdempotencyKey, URL: "https://social.example.com/@me/" + p.IdempotencyKey}, nil
}

// silentServer listens on loopback, accepts connections and never answers.
// accepted is told of the first connection; hungUp when the app closed it.
func silentServer(t testing.TB) (addr string, accepted <-chan struct{}, hungUp <-chan time.Time) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	acc, hung := make(chan struct{}, 1), make(chan time.Time, 1)
	go func() {
		var held []net.Conn
		defer func() {
			for _, c := range held {
				c.Close()
			}
		}()
		for first := true; ; first = false {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			held = append(held, conn)
			if !first {
				continue
			}
			acc <- struct{}{}
			go func() {
				buf := make([]byte, 4096)
				for {
					if _, err := conn.Read(buf); err != nil {
						hung <- time.Now()
						return
					}
				}
			}()
		}
	}()
	return ln.Addr().String(), acc, hung
}

// keyForDemo sets the demo's publisher key in dir's settings: with a key
// the app asks a bundle server for the bundle; without one it would not.
func keyForDemo(t testing.TB, dir string) {
	t.Helper()
	st, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.SetSetting(context.Background(), org.SettingKey, string(bundle.DemoKey().MarshalText())); err != nil {
		t.Fatal(err)
	}
}

// TestWindowUpWhileBundleServerSilent points the app at a bundle server
// that accepts the connection and never answers: the window must be up
// and usable while that request is still waiting.
func TestWindowUpWhileBundleServerSilent(t *testing.T) {
	needDesktop(t)
	bin := buildApp(t)
	dir := t.TempDir()
	keyForDemo(t, dir)
	addr, accepted, hungUp := silentServer(t)

	a, path := startReported(t, bin, "-data-dir", dir, "-bundle", "http://"+addr+"/")
	select {
	case <-accepted:
	case err := <-a.done:
		t.Fatalf("advocate exited: %v\n%s", err, a.output.String())
	case <-time.After(90 * time.Second):
		t.Fatalf("advocate never asked the bundle server\n%s", a.output.String())
	}
	r := waitReport(t, a, path)
	select {
	case at := <-hungUp:
		if at.UnixNano() < r.Usable {
			t.Fatalf("the window became usable only after the app gave up on the silent server\n%s", a.output.String())
		}
	default: // still waiting for the answer, as it should
	}
	t.Logf("first frame %.0f ms, usable %.0f ms after main, while the bundle request waits", r.FirstFrameMS, r.UsableMS)
}

// draftSetting is where the core keeps the draft in Compose
// (advocacy/core, settingDraft).
const draftSetting = "compose.draft"

// waitDraft polls the store until the kept draft satisfies ok, and
// returns it.
func waitDraft(t *testing.T, st *store.Store, a *process, what string, ok func(core.SavedDraft) bool) core.SavedDraft {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	var d core.SavedDraft
	for time.Now().Before(deadline) {
		raw, err := st.Setting(context.Background(), draftSetting, "")
		if err != nil {
			t.Fatal(err)
		}
		d = core.SavedDraft{}
		if raw != "" {
			if err := json.Unmarshal([]byte(raw), &d); err != nil {
				t.Fatalf("kept draft %q: %v", raw, err)
			}
		}
		if ok(d) {
			return d
		}
		select {
		case err := <-a.done:
			t.Fatalf("advocate exited: %v\n%s", err, a.output.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("the database never held %s; last draft %+v\n%s", what, d, a.output.String())
	return d
}

func typeText(t *testing.T, text string) {
	t.Helper()
	if out, err := exec.Command("xdotool", "type", "--delay", "30", text).CombinedOutput(); err != nil {
		t.Fatalf("xdotool type: %v\n%s", err, out)
	}
}

// TestDraftSurvivesKill types a draft into Compose, kills the app with
// SIGKILL once the draft is in the database, starts it again on the same
// folder and types on in the editor: the draft must be what was typed
// before the kill with the new words after it, so the editor held the
// restored draft (an empty editor would keep the new words alone). It
// then quits cleanly and finds that draft kept.
func TestDraftSurvivesKill(t *testing.T) {
	needDesktop(t)
	bin := buildApp(t)
	dir := t.TempDir()
	const before, after = "Kill nine keeps this draft 42", " and then some"

	first, ready := startReported(t, bin, "-data-dir", dir, "-bundle", "demo")
	waitReport(t, first, ready)
	win := waitWindow(t, first, "^Advocate .* Larkspur Robotics$")
	st, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	key(t, win, "ctrl+n") // a new post: Compose, its editor focused
	typeText(t, before)
	waitDraft(t, st, first, "the typed draft", func(d core.SavedDraft) bool { return d.Text == before })
	if err := first.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if err := waitExit(first); err == nil || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("advocate was not killed: %v", err)
	}

	second, ready := startReported(t, bin, "-data-dir", dir)
	waitReport(t, second, ready)
	win = waitWindow(t, second, "^Advocate .* Larkspur Robotics$")
	key(t, win, "ctrl+3")
	// Into the editor, below its one line of text, then to that line's end.
	geo := geometry(t, win)
	x, y := strconv.Itoa(geo["WIDTH"]*34/100), strconv.Itoa(geo["HEIGHT"]*50/100)
	if out, err := exec.Command("xdotool", "mousemove", "--window", win, "--sync", x, y, "click", "1").CombinedOutput(); err != nil {
		t.Fatalf("xdotool click: %v\n%s", err, out)
	}
	key(t, win, "End")
	typeText(t, after)
	got := waitDraft(t, st, second, "the words typed after the restart", func(d core.SavedDraft) bool { return strings.HasSuffix(d.Text, after) })
	if got.Text != before+after {
		t.Fatalf("after the restart the editor held %q, want %q: the draft typed before the kill was not restored", strings.TrimSuffix(got.Text, after), before)
	}

	second.cmd.Process.Signal(syscall.SIGTERM)
	if err := waitExit(second); err != nil {
		t.Fatalf("advocate did not quit cleanly: %v\n%s", err, second.output.String())
	}
	waitDraft(t, st, second, "the draft after a clean quit", func(d core.SavedDraft) bool { return d.Text == before+after })
}
