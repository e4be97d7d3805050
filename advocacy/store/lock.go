package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// LockFileName is the instance lock's file name inside the data directory.
const LockFileName = "advocate.lock"

// ErrAlreadyRunning is wrapped by errors from Lock when another Advocate
// holds the data directory.
var ErrAlreadyRunning = errors.New("store: already running")

// InstanceLock keeps a data directory to one running Advocate. The operating
// system releases it when the process ends, however it ends.
type InstanceLock struct {
	f *os.File
}

// Lock takes the instance lock for dir, or fails at once with an error
// wrapping ErrAlreadyRunning when another process holds it.
func Lock(dir string) (*InstanceLock, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: cannot create the data folder %s: %w", dir, err)
	}
	path := filepath.Join(dir, LockFileName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("store: cannot open the lock file %s: %w", path, err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		if errors.Is(err, errLocked) {
			return nil, fmt.Errorf("%w: Advocate is already running with the data folder %s; switch to that window, or start this one with another --data-dir", ErrAlreadyRunning, dir)
		}
		return nil, fmt.Errorf("store: cannot lock %s: %w", path, err)
	}
	f.Truncate(0)
	fmt.Fprintf(f, "%d\n", os.Getpid())
	return &InstanceLock{f: f}, nil
}

// Release gives the lock up.
func (l *InstanceLock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	unlockFile(l.f)
	err := l.f.Close()
	l.f = nil
	return err
}

var errLocked = errors.New("locked")
