//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly || windows)

package store

import (
	"os"
	"path/filepath"
)

// On systems without flock the lock is a marker file created exclusively
// beside the lock file; a crash leaves it behind, and its removal frees the
// data folder.
func lockFile(f *os.File) error {
	m, err := os.OpenFile(f.Name()+".held", os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if os.IsExist(err) {
		return errLocked
	}
	if err != nil {
		return err
	}
	return m.Close()
}

func unlockFile(f *os.File) {
	os.Remove(filepath.Clean(f.Name() + ".held"))
}
