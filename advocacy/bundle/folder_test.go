package bundle

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestSymlinksAreRefused: a folder bundle's files must be in the folder.
// A link to a genuinely signed file elsewhere was followed and accepted;
// links to a folder, or between files of the bundle, are refused too.
func TestSymlinksAreRefused(t *testing.T) {
	skipLinksOnWindows(t)
	ctx := context.Background()
	cases := map[string]func(t *testing.T, dir, elsewhere string){
		"file linked out of the bundle": func(t *testing.T, dir, elsewhere string) {
			moveAndLink(t, filepath.Join(dir, "policy.yaml"), filepath.Join(elsewhere, "policy.yaml"))
		},
		"signature linked out of the bundle": func(t *testing.T, dir, elsewhere string) {
			moveAndLink(t, filepath.Join(dir, "policy.yaml.minisig"), filepath.Join(elsewhere, "policy.yaml.minisig"))
		},
		"folder linked out of the bundle": func(t *testing.T, dir, elsewhere string) {
			moveAndLink(t, filepath.Join(dir, "content"), filepath.Join(elsewhere, "content"))
		},
		"link inside the bundle": func(t *testing.T, dir, _ string) {
			p := filepath.Join(dir, "news", "industry.atom")
			os.Rename(p, p+".real")
			if err := os.Symlink("industry.atom.real", p); err != nil {
				t.Fatal(err)
			}
		},
		"link to a file outside, by a relative path": func(t *testing.T, dir, elsewhere string) {
			p := filepath.Join(dir, "policy.yaml")
			os.Rename(p, filepath.Join(elsewhere, "policy.yaml"))
			rel, _ := filepath.Rel(dir, filepath.Join(elsewhere, "policy.yaml"))
			if err := os.Symlink(rel, p); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, change := range cases {
		t.Run(name, func(t *testing.T) {
			dir, elsewhere := copyDemo(t), t.TempDir()
			change(t, dir, elsewhere)
			_, err := LoadVerified(ctx, Dir(dir), DemoKey())
			if !errors.Is(err, ErrNotRegular) && !(errors.Is(err, ErrNotVerified) && strings.Contains(err.Error(), "is a symbolic link")) {
				t.Fatalf("LoadVerified = %v, want the link refused", err)
			}
			if _, err := Dir(dir).Load(ctx); err == nil && !strings.HasPrefix(name, "signature") {
				t.Fatal("an unchecked load followed the link")
			}
		})
	}
}

// moveAndLink moves path to target and leaves a symbolic link in its place.
// skipLinksOnWindows skips a test of symbolic links on Windows: making one
// needs a privilege or developer mode there, and under Wine os.Symlink
// makes a Unix link that Windows' calls follow as if it were the file, so
// the refusal cannot be seen.
func skipLinksOnWindows(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links are not reliably made by a test on Windows")
	}
}

func moveAndLink(t *testing.T, path, target string) {
	t.Helper()
	if err := os.Rename(path, target); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, path); err != nil {
		t.Fatal(err)
	}
}

func TestSpecialFilesAreRefusedByName(t *testing.T) {
	dir := copyDemo(t)
	p := filepath.Join(dir, "policy.yaml")
	os.Remove(p)
	os.Mkdir(p, 0o700)
	_, err := Dir(dir).Load(context.Background())
	if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "policy.yaml is a folder, not a file") {
		t.Fatalf("a folder as policy: %v", err)
	}
}

// loadWithin fails the test when loading dir takes longer than d.
func loadWithin(t *testing.T, dir string, d time.Duration) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := LoadVerified(context.Background(), Dir(dir), DemoKey())
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		t.Fatalf("loading the bundle did not return within %s", d)
		return nil
	}
}

func TestSignDirRefusesLinks(t *testing.T) {
	skipLinksOnWindows(t)
	dir, sec := publish(t, nil)
	moveAndLink(t, filepath.Join(dir, "policy.yaml"), filepath.Join(t.TempDir(), "policy.yaml"))
	if err := SignDir(dir, sec, time.Now()); !errors.Is(err, ErrNotRegular) {
		t.Fatalf("SignDir = %v", err)
	}
}
