package publish

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/advocate-app/advocate/advocacy/bundle"
)

// ErrNotBundleFolder: the output folder holds something other than a
// bundle, which a build will not replace.
var ErrNotBundleFolder = errors.New("publish: the output folder holds files but no bundle")

// WriteBundle writes the output's files into the folder out, replacing a
// bundle already there as a whole: the files go to a new folder beside
// it, which then takes its place, so a reader never sees half of each.
// A folder that is neither missing, empty nor a bundle is left alone.
func (o *Output) WriteBundle(out string) error {
	out = filepath.Clean(out)
	old, err := os.ReadDir(out)
	exists := err == nil
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return fmt.Errorf("publish: %w", err)
	case len(old) > 0:
		if _, err := os.Lstat(filepath.Join(out, bundle.ManifestName)); err != nil {
			return fmt.Errorf("%w: %s has no %s; choose an empty or new folder", ErrNotBundleFolder, out, bundle.ManifestName)
		}
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".new-")
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	defer os.RemoveAll(tmp)
	for _, name := range slices.Sorted(maps.Keys(o.Files)) {
		p := filepath.Join(tmp, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		if err := os.WriteFile(p, o.Files[name], 0o644); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if !exists {
		if err := os.Rename(tmp, out); err != nil {
			return fmt.Errorf("publish: write %s: %w", out, err)
		}
		return nil
	}
	gone := tmp + ".old"
	if err := os.Rename(out, gone); err != nil {
		return fmt.Errorf("publish: replace %s: %w", out, err)
	}
	if err := os.Rename(tmp, out); err != nil {
		// Put the bundle that was there back.
		if back := os.Rename(gone, out); back != nil {
			return fmt.Errorf("publish: write %s: %w (the bundle that was there is in %s)", out, err, gone)
		}
		return fmt.Errorf("publish: write %s: %w", out, err)
	}
	if err := os.RemoveAll(gone); err != nil {
		return fmt.Errorf("publish: remove the previous bundle: %w", err)
	}
	return nil
}
