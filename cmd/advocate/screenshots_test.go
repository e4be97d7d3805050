package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/store"
)

// TestScreenshotsInEveryThemeAndSize takes pictures of every screen of the
// real window on the demo bundle, in the light and the dark theme, at
// 1280×800 and 800×600, into $ADVOCATE_SCREENSHOTS_ALL as
// <screen>_<theme>_<width>x<height>.png (`make screenshots` runs it). The
// smoke test checks each screen is shown; this one only takes pictures.
func TestScreenshotsInEveryThemeAndSize(t *testing.T) {
	dest := os.Getenv("ADVOCATE_SCREENSHOTS_ALL")
	if dest == "" {
		t.Skip("ADVOCATE_SCREENSHOTS_ALL names no folder")
	}
	needDesktop(t)
	bin := buildApp(t)
	for _, appearance := range []string{"Light", "Dark"} {
		for _, size := range [][2]int{{1280, 800}, {800, 600}} {
			t.Run(fmt.Sprintf("%s_%dx%d", appearance, size[0], size[1]), func(t *testing.T) {
				dir := t.TempDir()
				st, err := store.Open(context.Background(), dir)
				if err != nil {
					t.Fatal(err)
				}
				ctx := context.Background()
				if err := st.SetSetting(ctx, "appearance", appearance); err != nil {
					t.Fatal(err)
				}
				if err := st.SetSetting(ctx, "window.size", fmt.Sprintf("%dx%d", size[0], size[1])); err != nil {
					t.Fatal(err)
				}
				st.Close()
				app := startApp(t, bin, "--data-dir", dir, "--bundle", "demo")
				win := waitWindow(t, app, "^Advocate .* Larkspur Robotics$")
				time.Sleep(2 * time.Second) // let the first frames render
				first := screenshot(t, filepath.Join(t.TempDir(), "first.png"))
				shots := t.TempDir()
				visitEveryScreen(t, win, first, shots)
				for _, name := range screens {
					to := filepath.Join(dest, fmt.Sprintf("%s_%s_%dx%d.png", name, map[string]string{"Light": "light", "Dark": "dark"}[appearance], size[0], size[1]))
					if err := os.Rename(filepath.Join(shots, name+".png"), to); err != nil {
						data, rerr := os.ReadFile(filepath.Join(shots, name+".png"))
						if rerr != nil || os.WriteFile(to, data, 0o644) != nil {
							t.Fatalf("keep %s: %v", to, err)
						}
					}
				}
			})
		}
	}
}
