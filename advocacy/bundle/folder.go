package bundle

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// ErrNotRegular is wrapped by the refusal of a bundle folder's entry that
// is a symbolic link, a named pipe, a device or anything but a regular
// file (or, on the way to one, a folder).
var ErrNotRegular = errors.New("bundle: not a regular file")

// readFile reads the file name (slash-separated) of the bundle folder dir.
// It never leaves dir (the file is opened through an os.Root), refuses
// symbolic links anywhere on the way and anything but a regular file, opens
// without blocking (a named pipe put in place meanwhile cannot hang the
// load), checks that what it opened is the file it looked at, and reads at
// most MaxFileSize bytes.
func readFile(dir, name string) ([]byte, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("bundle: open the folder %s: %w", dir, err)
	}
	defer root.Close()
	info, err := lstatPath(root, name)
	if err != nil {
		return nil, err
	}
	f, err := root.OpenFile(name, openFlags, 0)
	if err != nil {
		return nil, fmt.Errorf("bundle: read %s: %w", name, err)
	}
	defer f.Close()
	opened, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("bundle: read %s: %w", name, err)
	}
	if !opened.Mode().IsRegular() || !os.SameFile(info, opened) {
		return nil, fmt.Errorf("%w: %s changed while it was opened", ErrNotRegular, name)
	}
	return readCapped(name, f)
}

// lstatPath checks each step of name without following links: folders on
// the way, and a regular file at the end.
func lstatPath(root *os.Root, name string) (fs.FileInfo, error) {
	parts := strings.Split(name, "/")
	var info fs.FileInfo
	for i := range parts {
		step := strings.Join(parts[:i+1], "/")
		var err error
		if info, err = root.Lstat(step); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("bundle: %s is missing from %s", name, root.Name())
			}
			return nil, fmt.Errorf("bundle: read %s: %w", name, err)
		}
		if err := checkMode(name, step, info.Mode(), i == len(parts)-1); err != nil {
			return nil, err
		}
	}
	return info, nil
}

// checkMode accepts a folder on the way to a file, and a regular file at
// its end.
func checkMode(name, step string, mode fs.FileMode, last bool) error {
	switch {
	case mode&fs.ModeSymlink != 0:
		return fmt.Errorf("%w: %s is a symbolic link; a bundle folder must hold its files themselves", ErrNotRegular, step)
	case last && !mode.IsRegular():
		return fmt.Errorf("%w: %s is a %s, not a file", ErrNotRegular, name, kind(mode))
	case !last && !mode.IsDir():
		return fmt.Errorf("%w: %s: %s is not a folder", ErrNotRegular, name, step)
	}
	return nil
}

// kind names a file mode for the user.
func kind(mode fs.FileMode) string {
	switch {
	case mode.IsDir():
		return "folder"
	case mode&fs.ModeNamedPipe != 0:
		return "named pipe"
	case mode&fs.ModeSocket != 0:
		return "socket"
	case mode&fs.ModeDevice != 0:
		return "device"
	}
	return "special file"
}
