package main

import (
	"os"
	"testing"

	"fyne.io/fyne/v2/app"

	"github.com/advocate-app/advocate/advocacy/appinfo"
	"github.com/advocate-app/advocate/advocacy/store"
)

// TestCLIDefaultsToTheAppsDataFolder: advocatectl computes the app's data
// folder without Fyne; it must be the very folder Fyne gives the app.
func TestCLIDefaultsToTheAppsDataFolder(t *testing.T) {
	t.Setenv(store.DirEnv, "")
	// Fyne keeps writing under the folder after the test, so it is removed
	// without the strict check t.TempDir makes.
	cfg, err := os.MkdirTemp("", "advocate-config")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(cfg) })
	t.Setenv("XDG_CONFIG_HOME", cfg)
	got := app.NewWithID(appinfo.ID).Storage().RootURI().Path()
	if want := store.DefaultDir(appinfo.ID); got != want {
		t.Fatalf("Fyne's storage root is %s, advocatectl would use %s", got, want)
	}
}
