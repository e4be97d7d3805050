package main

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/audit"
	"github.com/advocate-app/advocate/advocacy/store"
)

// needDesktop skips without an X display and its tools, unless the run asks
// for the smoke test (make test does), in which case their absence fails.
func needDesktop(t testing.TB) {
	t.Helper()
	var missing []string
	if os.Getenv("DISPLAY") == "" {
		missing = append(missing, "an X display (DISPLAY)")
	}
	for _, tool := range []string{"xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool)
		}
	}
	if len(missing) == 0 {
		return
	}
	if os.Getenv("ADVOCATE_REQUIRE_DISPLAY") != "" {
		t.Fatalf("the smoke test needs %s: run it through make test", strings.Join(missing, ", "))
	}
	t.Skipf("no %s; make test runs this under Xvfb", strings.Join(missing, ", "))
}

// buildApp builds the real advocate binary.
func buildApp(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "advocate")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// process is a running advocate.
type process struct {
	cmd    *exec.Cmd
	output bytes.Buffer
	done   chan error
}

func startApp(t testing.TB, bin string, args ...string) *process {
	t.Helper()
	return startAppWith(t, bin, nil, args...)
}

// startAppWith starts advocate with env added to the test's environment.
func startAppWith(t testing.TB, bin string, env []string, args ...string) *process {
	t.Helper()
	a := &process{cmd: exec.Command(bin, args...), done: make(chan error, 1)}
	a.cmd.Env = append(append(os.Environ(), "LANG=en_US.UTF-8"), env...)
	a.cmd.Stdout, a.cmd.Stderr = &a.output, &a.output
	if err := a.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { a.done <- a.cmd.Wait() }()
	t.Cleanup(func() {
		a.cmd.Process.Kill()
		<-a.done
	})
	return a
}

// waitWindow waits for a window whose title matches pattern and returns
// its X window id.
func waitWindow(t testing.TB, a *process, pattern string) string {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		out, err := exec.Command("xdotool", "search", "--name", pattern).Output()
		if id := strings.Fields(string(out)); err == nil && len(id) > 0 {
			return id[0]
		}
		select {
		case err := <-a.done:
			t.Fatalf("advocate exited before its window appeared: %v\n%s", err, a.output.String())
		case <-time.After(250 * time.Millisecond):
		}
	}
	t.Fatalf("no window titled %q within 90s\n%s", pattern, a.output.String())
	return ""
}

// screenshot captures the whole screen and checks that it shows something:
// many colours, none of them covering nearly everything.
func screenshot(t testing.TB, path string) image.Image {
	t.Helper()
	if out, err := exec.Command("import", "-window", "root", path).CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	counts := map[[3]uint32]int{}
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		for x := r.Min.X; x < r.Max.X; x += 2 {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			counts[[3]uint32{cr >> 8, cg >> 8, cb >> 8}]++
		}
	}
	total, top := r.Dx()*r.Dy()/4, 0
	for _, n := range counts {
		top = max(top, n)
	}
	// A window of a light screen filling the whole display is about 93%
	// one colour; a blank one is all of it.
	if len(counts) < 32 || float64(top)/float64(total) > 0.97 {
		t.Fatalf("screenshot looks blank: %d colours, the commonest covers %.0f%%", len(counts), 100*float64(top)/float64(total))
	}
	return img
}

func differs(a, b image.Image) int {
	n := 0
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y += 4 {
		for x := r.Min.X; x < r.Max.X; x += 4 {
			if a.At(x, y) != b.At(x, y) {
				n++
			}
		}
	}
	return n
}

// TestSmokeRealWindow starts the real binary under X on a fresh data folder
// with the demo bundle, looks at its window, switches screen with the
// keyboard, one by one, refuses a second instance on the same folder, quits on
// SIGTERM with exit status 0, and starts again where and as large as it was.
func TestSmokeRealWindow(t *testing.T) {
	needDesktop(t)
	bin := buildApp(t)
	dir := t.TempDir()

	first := startApp(t, bin, "--data-dir", dir, "--bundle", "demo")
	win := waitWindow(t, first, "^Advocate .* Larkspur Robotics$")
	time.Sleep(2 * time.Second) // let the first frames render
	content := screenshot(t, filepath.Join(t.TempDir(), "content.png"))

	if dest := os.Getenv("ADVOCATE_SCREENSHOT"); dest != "" {
		saveWindow(t, content, win, dest)
	}
	visitEveryScreen(t, win, content, os.Getenv("ADVOCATE_SCREENSHOTS"))

	second := startApp(t, bin, "--data-dir", dir)
	waitWindow(t, second, "^Advocate .* Already running$")
	second.cmd.Process.Signal(syscall.SIGTERM)
	if err := waitExit(second); err != nil {
		t.Fatalf("second instance: %v\n%s", err, second.output.String())
	}

	if out, err := exec.Command("xdotool", "windowmove", "--sync", win, "137", "91").CombinedOutput(); err != nil {
		t.Fatalf("xdotool windowmove: %v\n%s", err, out)
	}
	time.Sleep(2500 * time.Millisecond) // the app notes its place every second
	if err := first.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := waitExit(first); err != nil {
		t.Fatalf("advocate did not exit cleanly on SIGTERM: %v\n%s", err, first.output.String())
	}

	st, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatalf("the app left a store that does not open: %v", err)
	}
	defer st.Close()
	if place, _ := st.Setting(context.Background(), "window.place", ""); place != "137,91" {
		t.Fatalf("window place kept: %q, want 137,91", place)
	}
	recs, err := audit.Records(context.Background(), st.DB(), 1, 5)
	if err != nil || len(recs) == 0 || recs[0].Kind != "bundle" || !strings.Contains(string(recs[0].Data), `"Larkspur Robotics"`) || !strings.Contains(string(recs[0].Data), `"2026.11.2"`) {
		t.Fatalf("journal after first start = %+v, %v", recs, err)
	}
	if size, _ := st.Setting(context.Background(), "window.size", ""); size != "1120x720" {
		t.Fatalf("window size kept on quitting: %q\n%s", size, first.output.String())
	}

	again := startApp(t, bin, "--data-dir", dir)
	win = waitWindow(t, again, "^Advocate .* Larkspur Robotics$")
	time.Sleep(2 * time.Second) // the place is restored once the window is up
	if geo := geometry(t, win); geo["X"] != 137 || geo["Y"] != 91 || geo["WIDTH"] != 1120 {
		t.Fatalf("started again at %v, want 1120 wide at 137,91", geo)
	}
	again.cmd.Process.Signal(syscall.SIGTERM)
	if err := waitExit(again); err != nil {
		t.Fatalf("advocate started again: %v\n%s", err, again.output.String())
	}
}

// screens are the app's screens in the order Ctrl+1 … Ctrl+7 show them.
var screens = []string{"content", "news", "compose", "accounts", "activity", "policy", "settings"}

// visitEveryScreen shows each screen with its keyboard shortcut, typing a
// draft with a blocked and a warned phrase into Compose, and checks that
// every screen looks different from the one before. With dir set it saves
// each screen as dir/<screen>.png.
func visitEveryScreen(t *testing.T, win string, first image.Image, dir string) {
	t.Helper()
	prev := first
	for i, name := range screens {
		if i > 0 {
			key(t, win, "ctrl+"+strconv.Itoa(i+1))
		}
		if name == "compose" {
			key(t, win, "ctrl+n")
			if out, err := exec.Command("xdotool", "type", "--delay", "20", "Big acquisition coming, not announced yet. Sales will double next year!").CombinedOutput(); err != nil {
				t.Fatalf("xdotool type: %v\n%s", err, out)
			}
		}
		img := settled(t, name, prev, i > 0)
		if n := differs(prev, img); i > 0 && n < 1000 {
			t.Fatalf("Ctrl+%d did not show %s (%d sample points differ)", i+1, name, n)
		}
		if dir != "" {
			saveWindow(t, img, win, filepath.Join(dir, name+".png"))
		}
		prev = img
	}
}

// settled takes screenshots until the screen has changed from prev (when
// changed is asked for) and two in a row are the same, or 30 s pass: a
// screen is built when first shown, which takes a while on a busy machine.
func settled(t *testing.T, name string, prev image.Image, changed bool) image.Image {
	t.Helper()
	dir := t.TempDir()
	img := screenshot(t, filepath.Join(dir, name+".png"))
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); {
		time.Sleep(250 * time.Millisecond) // the next look; nothing is ordered by it
		next := screenshot(t, filepath.Join(dir, name+".png"))
		if (!changed || differs(prev, next) >= 1000) && differs(img, next) == 0 {
			return next
		}
		img = next
	}
	return img
}

func key(t testing.TB, win, keys string) {
	t.Helper()
	if out, err := exec.Command("xdotool", "windowfocus", "--sync", win, "key", keys).CombinedOutput(); err != nil {
		t.Fatalf("xdotool key %s: %v\n%s", keys, err, out)
	}
}

// geometry reads where window win is and its size: X, Y, WIDTH, HEIGHT.
func geometry(t testing.TB, win string) map[string]int {
	t.Helper()
	out, err := exec.Command("xdotool", "getwindowgeometry", "--shell", win).Output()
	if err != nil {
		t.Fatalf("xdotool getwindowgeometry: %v", err)
	}
	geo := map[string]int{}
	for _, line := range strings.Fields(string(out)) {
		if k, v, ok := strings.Cut(line, "="); ok {
			geo[k], _ = strconv.Atoi(v)
		}
	}
	return geo
}

// saveWindow writes the part of a screen capture that window win covers.
func saveWindow(t *testing.T, screen image.Image, win, dest string) {
	t.Helper()
	geo := geometry(t, win)
	r := image.Rect(geo["X"], geo["Y"], geo["X"]+geo["WIDTH"], geo["Y"]+geo["HEIGHT"]).Intersect(screen.Bounds())
	sub, ok := screen.(interface {
		SubImage(image.Rectangle) image.Image
	})
	if !ok || r.Empty() {
		t.Fatalf("cannot crop the screenshot to %v", r)
	}
	f, err := os.Create(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, sub.SubImage(r)); err != nil {
		t.Fatal(err)
	}
}

func waitExit(a *process) error {
	select {
	case err := <-a.done:
		a.done <- err // for the cleanup
		return err
	case <-time.After(20 * time.Second):
		return context.DeadlineExceeded
	}
}
