package bundle

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPicturesAreSignedCheckedAndKept(t *testing.T) {
	ctx := context.Background()
	b, err := LoadDemo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var atlas Item
	for _, it := range b.Content {
		if it.ID != "" && strings.HasSuffix(it.Image, "atlas-3.png") {
			atlas = it
		}
	}
	if data, ok := b.Picture(atlas); !ok || len(data) < 100 {
		t.Fatalf("the Atlas 3 picture is not in the bundle (%q)", atlas.Image)
	}

	// The copy kept for one role keeps that role's pictures and reloads.
	kept := b.ForAudience(RoleEmployee)
	again, err := LoadVerified(ctx, Cached("demo", kept.Raw(), RoleEmployee), DemoKey())
	if err != nil {
		t.Fatalf("reload the employee copy: %v", err)
	}
	if _, ok := again.Picture(atlas); !ok {
		t.Fatal("the kept copy lost the picture")
	}
	if _, ok := b.ForAudience(RoleAlumni).Files[atlas.Image]; ok {
		t.Fatal("the alumni copy keeps an employee picture")
	}

	// A picture that is not one, or is changed after signing, is refused by name.
	dir := copyDemo(t)
	pic := filepath.Join(dir, filepath.FromSlash(atlas.Image))
	os.WriteFile(pic, []byte("not a picture"), 0o600)
	if _, err := Dir(dir).Load(ctx); err == nil || !strings.Contains(err.Error(), atlas.Image+": not a PNG or JPEG picture") {
		t.Fatalf("a text file as picture: %v", err)
	}
	if _, err := LoadVerified(ctx, Dir(dir), DemoKey()); err == nil || !strings.Contains(err.Error(), atlas.Image+" does not match its signature") {
		t.Fatalf("a changed picture: %v", err)
	}
	if err := checkImage("big.png", make([]byte, maxImageBytes+1)); err == nil || !strings.Contains(err.Error(), "more than 2048 KiB") {
		t.Fatalf("an oversized picture: %v", err)
	}
}
