//go:build unix

package publish

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestSourceStaysInItsFolder: a link out of the source folder, a named
// pipe (which would hang a reader) and a folder named like an item are
// refused, each at its file.
func TestSourceStaysInItsFolder(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "secret.png")
	os.WriteFile(secret, examplePicture(), 0o644)
	for _, tc := range []struct {
		name    string
		prepare func(dir string) error
		where   string
		words   string
	}{
		{"picture linked from outside", func(dir string) error {
			return os.Symlink(secret, filepath.Join(dir, "images", "mover-2.png"))
		}, "items/mover-2.md:10", "leads out of the source folder"},
		{"item that is a named pipe", func(dir string) error {
			return syscall.Mkfifo(filepath.Join(dir, "items", "pipe.md"), 0o644)
		}, "items/pipe.md", "not a regular file"},
		{"policy that is a folder", func(dir string) error {
			os.Remove(filepath.Join(dir, "policy.yaml"))
			return os.Mkdir(filepath.Join(dir, "policy.yaml"), 0o755)
		}, "policy.yaml", "not a regular file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := exampleDir(t)
			os.Remove(filepath.Join(dir, "images", "mover-2.png"))
			if err := tc.prepare(dir); err != nil {
				t.Fatal(err)
			}
			if tc.name != "picture linked from outside" {
				os.WriteFile(filepath.Join(dir, "images", "mover-2.png"), examplePicture(), 0o644)
			}
			_, err := buildDir(t, dir)
			var be *BuildError
			if !errors.As(err, &be) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v", err)
			}
			for _, p := range be.Problems {
				if strings.HasPrefix(p.String(), tc.where) && strings.Contains(p.Message, tc.words) {
					return
				}
			}
			t.Errorf("no problem at %s with %q in %v", tc.where, tc.words, be.Problems)
		})
	}
}
