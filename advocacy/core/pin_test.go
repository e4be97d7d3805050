package core

import (
	"context"
	"crypto/rand"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/signing"
	"github.com/advocate-app/advocate/assets"
)

// signedCopy copies the demo bundle into dir and signs it with a new key,
// whose public half it returns as text.
func signedCopy(t *testing.T, dir string) string {
	t.Helper()
	os.RemoveAll(dir)
	if err := os.CopyFS(dir, assets.DemoBundle()); err != nil {
		t.Fatal(err)
	}
	pub, sec, err := signing.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if err := bundle.SignDir(dir, sec, time.Now()); err != nil {
		t.Fatal(err)
	}
	return string(pub.MarshalText())
}

func TestANewPublisherKeyNeedsTheUsersYes(t *testing.T) {
	ctx := context.Background()
	c := openCore(t, t.TempDir(), "")
	defer c.Close()
	dir := t.TempDir() + "/bundle"
	first := signedCopy(t, dir)
	if _, err := c.LoadBundle(ctx, dir, first); err != nil {
		t.Fatal(err)
	}
	second := signedCopy(t, dir) // the same source, signed by someone else
	_, err := c.LoadBundle(ctx, dir, second)
	var changed *KeyChangedError
	if !errors.As(err, &changed) || changed.Pinned == changed.Offered || changed.Pinned == "" {
		t.Fatalf("a new key was taken without asking: %v", err)
	}
	if c.State().Key != first {
		t.Fatal("the bundle in force changed before the user said yes")
	}
	if _, err := c.AcceptKey(ctx, dir, second); err != nil {
		t.Fatal(err)
	}
	if c.State().Key != second {
		t.Fatal("the accepted key is not in force")
	}
	entries, _ := c.Activity(ctx, 3)
	if len(entries) == 0 || entries[0].Kind != KindKeyChanged || entries[0].Text("from") != changed.Pinned || entries[0].Text("to") != changed.Offered {
		t.Fatalf("journal %+v", entries)
	}
	// The new key is the one pinned now: the old one would have to be
	// accepted again.
	if _, err := c.LoadBundle(ctx, dir, second); err != nil {
		t.Fatalf("the accepted key again: %v", err)
	}
	if _, err := c.LoadBundle(ctx, dir, first); !errors.As(err, &changed) {
		t.Fatalf("the old key after the change: %v", err)
	}
}
