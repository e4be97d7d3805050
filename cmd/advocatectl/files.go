package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// Limits on what the command reads from a file.
const (
	maxPolicy = 4 << 20  // a policy file
	maxKey    = 64 << 10 // a minisign key
	maxText   = 1 << 20  // a post to check or count
	maxSigned = 64 << 20 // a file to sign or verify
)

// errNotRegular says a path names a pipe, a device, a folder or a socket:
// reading one may never end.
var errNotRegular = errors.New("not a regular file")

// readFile reads path, which must be a regular file (after following
// links) of at most limit bytes. A pipe or device is refused before it is
// opened, since opening a pipe waits for a writer; the size is checked
// again as it is read, for a file that grows.
func readFile(path string, limit int64) ([]byte, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %q: %w", path, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%q is larger than %s", path, size(limit))
	}
	return data, nil
}

// openRegular opens path for reading once it is known to be a regular
// file.
func openRegular(path string) (*os.File, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %q: %w", path, errors.Unwrap(err))
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%q is %w", path, errNotRegular)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %q: %w", path, errors.Unwrap(err))
	}
	if info, err = f.Stat(); err != nil || !info.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%q is %w", path, errNotRegular)
	}
	return f, nil
}

// size writes a byte count as people read it.
func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
