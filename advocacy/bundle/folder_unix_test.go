//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package bundle

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestNamedPipeDoesNotHang: a named pipe in place of a file (or of its
// signature) made loading hang forever, waiting for a writer. It is
// refused at once.
func TestNamedPipeDoesNotHang(t *testing.T) {
	for _, name := range []string{"policy.yaml", "content/employee.json.minisig"} {
		t.Run(name, func(t *testing.T) {
			dir := copyDemo(t)
			p := filepath.Join(dir, filepath.FromSlash(name))
			os.Remove(p)
			if err := syscall.Mkfifo(p, 0o600); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
			err := loadWithin(t, dir, 5*time.Second)
			if !errors.Is(err, ErrNotRegular) && !errors.Is(err, ErrNotVerified) || !strings.Contains(err.Error(), "is a named pipe, not a file") {
				t.Fatalf("LoadVerified = %v, want the named pipe refused", err)
			}
		})
	}
}

// TestNamedPipeLinkedFromTheBundle: a link to a named pipe elsewhere is
// refused as a link, without opening the pipe.
func TestNamedPipeLinkedFromTheBundle(t *testing.T) {
	dir := copyDemo(t)
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	p := filepath.Join(dir, "policy.yaml")
	os.Remove(p)
	os.Symlink(fifo, p)
	if err := loadWithin(t, dir, 5*time.Second); !errors.Is(err, ErrNotRegular) {
		t.Fatalf("LoadVerified = %v", err)
	}
}

// TestOpenDoesNotBlockOnAPipe: the file is opened without blocking, so a
// named pipe swapped in after the check cannot hang the read either.
func TestOpenDoesNotBlockOnAPipe(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "p")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		root, err := os.OpenRoot(dir)
		if err != nil {
			done <- err
			return
		}
		defer root.Close()
		f, err := root.OpenFile("p", openFlags, 0)
		if err == nil {
			f.Close()
		}
		done <- err
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("opening a named pipe blocks")
	}
}
