package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/report"
)

// reportInput generates 100 desktops × 12 weeks of aggregates and five
// audit exports, one tampered with.
func reportInput(t *testing.T) string {
	dir := filepath.Join(t.TempDir(), "in")
	code, out, errs := runCLI(t, "report", "--generate", dir)
	if code != exitOK || !strings.Contains(out, "100 desktops × 12 weeks") {
		t.Fatalf("generate: %d %s %s", code, out, errs)
	}
	return dir
}

func TestReportWritesHTMLAndCSVAndListsTheTamperedExport(t *testing.T) {
	in := reportInput(t)
	dir := t.TempDir()
	html, tab := filepath.Join(dir, "report.html"), filepath.Join(dir, "report.csv")
	code, out, errs := runCLI(t, "report", "--in", filepath.Join(in, "aggregates"), filepath.Join(in, "audit"), "--out", html, "--csv", tab)
	if code != exitBlock || !strings.Contains(errs, "trail-000.jsonl failed verification") || !strings.Contains(out, "1200 weekly aggregates (100 desktops) and 4 audit exports") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	page, err := os.ReadFile(html)
	if err != nil || !bytes.Contains(page, []byte("<svg")) || !bytes.Contains(page, []byte("trail-000.jsonl")) {
		t.Fatalf("the page: %v", err)
	}
	// Windows keeps no Unix permission bits: a file there reads as 0666.
	if info, _ := os.Stat(html); runtime.GOOS != "windows" && info.Mode().Perm() != 0o644 {
		t.Errorf("the page is %v", info.Mode().Perm())
	}
	f, err := os.Open(tab)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || strings.Join(rows[0], ",") != strings.Join(report.CSVHeader, ",") || len(rows) < 20 {
		t.Fatalf("CSV %d rows: %v", len(rows), err)
	}
	code, out, _ = runCLI(t, "report", "--in", filepath.Join(in, "aggregates"), "--json")
	var r report.Report
	if code != exitOK || json.Unmarshal([]byte(out), &r) != nil || r.Sources.Installs != 100 || len(r.Weeks) != 12 {
		t.Fatalf("--json: exit %d, %d installs, %d weeks", code, r.Sources.Installs, len(r.Weeks))
	}
	for _, bad := range [][]string{{"report"}, {"report", "--in", in}, {"report", "--out", html}, {"report", "--in", filepath.Join(dir, "missing"), "--out", html}} {
		if code, _, errs := runCLI(t, bad...); code != exitUsage || errs == "" {
			t.Errorf("%v: exit %d %q", bad, code, errs)
		}
	}
}

// TestTheReportRendersInChromium renders the report with headless
// Chromium and checks the picture is not blank. With
// ADVOCATE_REPORT_PNG=FILE it keeps the picture there (for
// docs/screenshots/report.png).
func TestTheReportRendersInChromium(t *testing.T) {
	browser, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed (scripts/deps.sh test installs it)")
	}
	in := reportInput(t)
	dir := t.TempDir()
	html := filepath.Join(dir, "report.html")
	if code, _, errs := runCLI(t, "report", "--in", in, "--out", html); code != exitBlock {
		t.Fatalf("exit %d: %s", code, errs)
	}
	shot := filepath.Join(dir, "report.png")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--screenshot="+shot, "--window-size=1280,2000", "file://"+html)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 2000 {
		t.Fatalf("picture %v", b)
	}
	if colours, inked := look(img); colours < 8 || inked < 0.05 {
		t.Fatalf("the picture looks blank: %d colours, %.1f %% not background", colours, 100*inked)
	}
	if keep := os.Getenv("ADVOCATE_REPORT_PNG"); keep != "" {
		data, _ := os.ReadFile(shot)
		if err := os.WriteFile(keep, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// look counts an image's distinct colours (up to 1000) and the share of
// its pixels that differ from the top-left one (the background).
func look(img image.Image) (int, float64) {
	b := img.Bounds()
	bg := img.At(b.Min.X, b.Min.Y)
	br, bgc, bb, _ := bg.RGBA()
	seen := map[[3]uint32]bool{}
	differ, total := 0, 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			if len(seen) < 1000 {
				seen[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
			}
			if r != br || g != bgc || bl != bb {
				differ++
			}
			total++
		}
	}
	return len(seen), float64(differ) / float64(total)
}
