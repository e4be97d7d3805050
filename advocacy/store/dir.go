package store

import (
	"os"
	"path/filepath"
	"runtime"
)

// DirEnv names the environment variable that overrides the data directory,
// for the app and for advocatectl alike.
const DirEnv = "ADVOCATE_DATA_DIR"

// DefaultDir is where Advocate keeps its data when neither --data-dir nor
// ADVOCATE_DATA_DIR says otherwise: the storage root Fyne gives the app with
// this ID. advocatectl uses the same folder, so that it reads the very
// database the app writes.
func DefaultDir(appID string) string {
	if dir := os.Getenv(DirEnv); dir != "" {
		return dir
	}
	home, _ := os.UserHomeDir()
	switch runtime.GOOS {
	case "windows":
		return filepath.Join(home, "AppData", "Roaming", "fyne", appID)
	case "darwin":
		return filepath.Join(home, "Library", "Preferences", "fyne", appID)
	}
	config, err := os.UserConfigDir()
	if err != nil {
		config = filepath.Join(home, ".config")
	}
	return filepath.Join(config, "fyne", appID)
}
