package bundle

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
)

func TestCompareVersions(t *testing.T) {
	older := [][2]string{
		{"2026.11.2", "2026.11.3"},
		{"2026.11.9", "2026.11.10"}, // numbers, not text
		{"2026.11.2", "2026.12.0"},
		{"2026.12.31", "2027.1.0"},
		{"2026.11", "2026.11.2"}, // a version that extends another is newer
		{"2026.11.2", "2026.11.2.1"},
		{"2026.11.2", "2026.11.2-hotfix"},
		{"v1", "v2"},
		{"v9", "v10"},
		{"1", "99999999999999999999999"}, // longer than any integer type
		{"2026.11.2", "2026.11.x"},
	}
	for _, c := range older {
		if CompareVersions(c[0], c[1]) != -1 || CompareVersions(c[1], c[0]) != 1 {
			t.Errorf("%q should be older than %q", c[0], c[1])
		}
	}
	for _, c := range [][2]string{{"2026.11.2", "2026.11.2"}, {"2026.01.2", "2026.1.2"}, {" 2026.11.2 ", "2026.11.2"}, {"v2026.11.2", "2026.11.2"}, {"", ""}} {
		if CompareVersions(c[0], c[1]) != 0 {
			t.Errorf("%q and %q should be the same version", c[0], c[1])
		}
	}
}

func stamp(version, manifest string) Stamp {
	return Stamp{KeyID: "845E4BC35D888CED", Version: version, Manifest: manifest}
}

// TestCheckNewerRefusesRollback: an older version signed by the same key
// (an old bundle put back on the server), or the version in force published
// again with other content, may not replace the bundle in force.
func TestCheckNewerRefusesRollback(t *testing.T) {
	const a, b = "aaaa", "bbbb"
	inForce := stamp("2026.11.10", a)
	cases := []struct {
		name      string
		candidate Stamp
		want      error
	}{
		{"older", stamp("2026.11.9", b), ErrRollback},
		{"much older", stamp("2025.1.0", a), ErrRollback},
		{"same version, other content", stamp("2026.11.10", b), ErrVersionReused},
		{"same bundle again", stamp("2026.11.10", a), nil},
		{"newer", stamp("2026.11.11", b), nil},
		{"another key", Stamp{KeyID: "0000000000000001", Version: "1", Manifest: b}, nil},
	}
	for _, c := range cases {
		err := CheckNewer(inForce, c.candidate)
		if c.want == nil && err != nil || c.want != nil && (!errors.Is(err, c.want) || !errors.Is(err, ErrNotNewer)) {
			t.Errorf("%s: CheckNewer = %v, want %v", c.name, err, c.want)
		}
	}
	if err := CheckNewer(Stamp{}, stamp("1", a)); err != nil {
		t.Errorf("nothing in force: %v", err)
	}
}

// TestRollbackOfAWholeBundle: every file of an old version, with its
// genuine signatures, verifies on its own; CheckNewer refuses it against
// the stamp of the newer version in force, also after the stamp was kept as
// text and read back.
func TestRollbackOfAWholeBundle(t *testing.T) {
	ctx := context.Background()
	dir, sec := publish(t, nil)
	old := t.TempDir()
	copyTree(t, dir, old)
	resign(t, dir, sec, func(dir string) {
		edit(t, filepath.Join(dir, ManifestName), `"version": "2026.11.2"`, `"version": "2026.11.10"`)
	})
	newer, err := LoadVerified(ctx, Dir(dir), sec.Public())
	if err != nil {
		t.Fatal(err)
	}
	rolled, err := LoadVerified(ctx, Dir(old), sec.Public())
	if err != nil {
		t.Fatal(err)
	}
	kept, err := ParseStamp(newer.ForAudience(RoleAlumni).Stamp().String())
	if err != nil || kept != newer.Stamp() {
		t.Fatalf("kept stamp %+v, %v; want %+v", kept, err, newer.Stamp())
	}
	if err := CheckNewer(kept, rolled.Stamp()); !errors.Is(err, ErrRollback) {
		t.Fatalf("old bundle against the newer in force: %v", err)
	}
	if err := CheckNewer(rolled.Stamp(), newer.Stamp()); err != nil {
		t.Fatalf("the update: %v", err)
	}

	// The same version signed again with other content.
	resign(t, old, sec, func(dir string) {
		edit(t, filepath.Join(dir, ManifestName), `"version": "2026.11.2"`, `"version": "2026.11.10"`)
		edit(t, filepath.Join(dir, "policy.yaml"), "rules:", "# changed\nrules:")
	})
	reused, err := LoadVerified(ctx, Dir(old), sec.Public())
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckNewer(kept, reused.Stamp()); !errors.Is(err, ErrVersionReused) {
		t.Fatalf("same version, other content: %v", err)
	}
	again, _ := LoadVerified(ctx, Dir(dir), sec.Public())
	if err := CheckNewer(kept, again.Stamp()); err != nil {
		t.Fatalf("the bundle in force fetched again: %v", err)
	}
}

func TestStamps(t *testing.T) {
	b, err := Demo().Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !b.Stamp().IsZero() {
		t.Fatal("an unverified bundle has a stamp")
	}
	if err := b.Verify(DemoKey()); err != nil {
		t.Fatal(err)
	}
	s := b.Stamp()
	if s.Version != "2026.11.2" || s.KeyID != DemoKey().KeyID() || s.Manifest != Digest(b.Files[ManifestName]) {
		t.Fatalf("stamp %+v", s)
	}
	for _, bad := range []string{"x", "K abc 1", "K " + s.Manifest + " "} {
		if _, err := ParseStamp(bad); err == nil {
			t.Errorf("ParseStamp(%q) accepted", bad)
		}
	}
	if z, err := ParseStamp(""); err != nil || !z.IsZero() {
		t.Fatalf("empty stamp: %+v %v", z, err)
	}
}
