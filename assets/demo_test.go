package assets_test

import (
	"bytes"
	"context"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/advocate-app/advocate/advocacy/publish"
	"github.com/advocate-app/advocate/advocacy/signing"
	"github.com/advocate-app/advocate/assets"
)

// TestDemoIsBuiltFromItsSources builds assets/demo/src with the demo key
// into a temporary folder and requires every built file to be the
// embedded demo's, byte for byte, and the embedded demo to hold nothing
// else: the demo's sources and the bundle the app ships cannot drift.
func TestDemoIsBuiltFromItsSources(t *testing.T) {
	const fix = "; run `make demo` (scripts/build-demo.sh) to rebuild assets/demo from assets/demo/src"
	key, err := os.ReadFile(filepath.Join("..", "scripts", "demo-signing.key"))
	if err != nil {
		t.Fatal(err)
	}
	sec, err := signing.ParseSecretKey(key, nil)
	if err != nil {
		t.Fatal(err)
	}
	built, err := publish.Build(context.Background(), os.DirFS(filepath.Join("demo", "src")))
	if err != nil {
		t.Fatalf("assets/demo/src does not build: %v", err)
	}
	if err := built.Sign(sec); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "demo")
	if err := built.WriteBundle(out); err != nil {
		t.Fatal(err)
	}
	want := readAll(t, os.DirFS(out))
	got := readAll(t, assets.DemoBundle())
	if len(want) < 10 {
		t.Fatalf("the build wrote %d files, want the demo's 10 and their signatures", len(want))
	}
	for _, name := range slices.Sorted(maps.Keys(want)) {
		data, ok := got[name]
		switch {
		case !ok:
			t.Errorf("the embedded demo lacks %s%s", name, fix)
		case !bytes.Equal(data, want[name]):
			t.Errorf("the embedded %s is not what assets/demo/src builds%s", name, fix)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[name]; !ok {
			t.Errorf("the embedded demo holds %s, which assets/demo/src does not build%s", name, fix)
		}
	}
}

// TestDemoSourcesStayOutOfTheApp checks that the embed does not ship the
// demo's sources (src/) inside the binary.
func TestDemoSourcesStayOutOfTheApp(t *testing.T) {
	names := slices.Collect(maps.Keys(readAll(t, assets.DemoBundle())))
	if !slices.Contains(names, "manifest.json") {
		t.Fatalf("the embedded demo has no manifest: %v", names)
	}
	for _, name := range names {
		if strings.HasPrefix(name, "src/") {
			t.Errorf("the app embeds the demo's source %s", name)
		}
	}
}

func readAll(t *testing.T, fsys fs.FS) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files[name], err = fs.ReadFile(fsys, name)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
