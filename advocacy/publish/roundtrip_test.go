package publish

import (
	"bytes"
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/advocate-app/advocate/advocacy/bundle"
)

// normalise clears what a build writes differently from a hand-written
// feed without changing what the app shows: empty lists and the plain
// text a feed may carry besides its summary.
func normalise(items []bundle.Item) []bundle.Item {
	out := slices.Clone(items)
	for i := range out {
		it := &out[i]
		it.Text = ""
		if len(it.Advocacy.Locked) == 0 {
			it.Advocacy.Locked = nil
		}
		if len(it.Tags) == 0 {
			it.Tags = nil
		}
	}
	return out
}

// TestDemoRoundTrips turns the demo bundle into sources, builds them and
// checks that the bundle has the demo's content, policy, pictures and
// news: the demo can move to the source form.
func TestDemoRoundTrips(t *testing.T) {
	ctx := context.Background()
	demo, err := bundle.Demo().Load(ctx) // the demo's files, whatever their signatures say now
	if err != nil {
		t.Fatal(err)
	}
	files, err := Unbuild(demo)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := WriteFiles(dir, files); err != nil {
		t.Fatal(err)
	}
	out, err := buildDir(t, dir)
	if err != nil {
		t.Fatalf("the demo's sources do not build: %v", err)
	}
	sec := newKey(t)
	if err := out.Sign(sec); err != nil {
		t.Fatal(err)
	}
	built, err := bundle.LoadVerified(ctx, bundle.Cached("built", out.Files, ""), sec.Public())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := normalise(built.Content), normalise(demo.Content); !reflect.DeepEqual(got, want) {
		for i := range min(len(got), len(want)) {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Errorf("item %d:\n got %+v\nwant %+v", i, got[i], want[i])
			}
		}
		t.Fatalf("%d items, want %d", len(got), len(want))
	}
	if !bytes.Equal(built.Policy, demo.Policy) {
		t.Error("the policy differs")
	}
	dm, bm := demo.Manifest, built.Manifest
	dm.Files, bm.Files = nil, nil
	if !reflect.DeepEqual(dm, bm) {
		t.Errorf("manifest:\n got %+v\nwant %+v", bm, dm)
	}
	for _, n := range demo.News {
		if n.Data != nil && !bytes.Equal(built.Files[n.Feed.URL], n.Data) {
			t.Errorf("news %s differs", n.Feed.URL)
		}
	}
	for _, it := range demo.Content {
		want, _ := demo.Picture(it)
		got, _ := built.Picture(it)
		if !bytes.Equal(got, want) {
			t.Errorf("the picture of %s differs", it.ID)
		}
	}
	// The sources written once more from the built bundle are the same:
	// nothing is lost or added on the way.
	again, err := Unbuild(built)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if !bytes.Equal(again[name], data) {
			t.Errorf("%s changes when written again:\n%s\n---\n%s", name, data, again[name])
		}
	}
	if len(again) != len(files) {
		t.Errorf("%d source files, then %d", len(files), len(again))
	}
}
