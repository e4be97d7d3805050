package store

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// Folder names that mean something in a URI. Before the fix, "a?b" opened
// a database named "a" beside the folder, and a '%' failed to open.
var uriNames = slices.DeleteFunc([]string{"a?b", "a#b", "a%41b", "a%zz", "a?b#c%d", "x?mode=memory", "with space", "ünï&=+;"},
	func(name string) bool {
		// "?" is no character of a Windows file name.
		return runtime.GOOS == "windows" && strings.ContainsAny(name, `?*:<>|"`)
	})

// The database lands inside a data folder whose name holds URI characters,
// and the same database opens again.
func TestDataFolderWithURICharacters(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, name := range uriNames {
		parent := t.TempDir()
		dir := filepath.Join(parent, name)
		s, err := Open(ctx, dir)
		if err != nil {
			t.Errorf("%q: Open: %v", name, err)
			continue
		}
		err = s.SetSetting(ctx, "where", name)
		s.Close()
		if err != nil {
			t.Errorf("%q: write: %v", name, err)
			continue
		}
		if info, err := os.Stat(filepath.Join(dir, FileName)); err != nil || info.Size() == 0 {
			t.Errorf("%q: no database inside the folder: %v", name, err)
		}
		if entries, _ := os.ReadDir(parent); len(entries) != 1 {
			t.Errorf("%q: files beside the data folder: %v", name, entries)
		}
		s, err = Open(ctx, dir)
		if err != nil {
			t.Errorf("%q: reopen: %v", name, err)
			continue
		}
		got, err := s.Setting(ctx, "where", "")
		s.Close()
		if err != nil || got != name {
			t.Errorf("%q: reopened database has %q, %v", name, got, err)
		}
	}
}

func TestFileURIEscapesThePath(t *testing.T) {
	t.Parallel()
	got, err := fileURI("/data/a?b#c%d/advocate.db", nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := "file:///data/a%3Fb%23c%25d/advocate.db"; filepath.Separator == '/' && got != want {
		t.Fatalf("fileURI = %s, want %s", got, want)
	}
}
