// Package demotest writes signed copies of the demo bundle with their
// manifest changed, for the tests of the core and the interface that need
// an organisation bundle naming, say, a metrics or suggestions endpoint.
package demotest

import (
	"crypto/rand"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/signing"
	"github.com/advocate-app/advocate/assets"
)

// Bundle writes a copy of the demo bundle into a new folder of t's, with
// edit applied to its manifest's JSON, every file signed with a new key.
// It returns the folder and the public key, as Settings takes them.
func Bundle(t testing.TB, edit func(manifest map[string]any)) (dir, publicKey string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "bundle")
	if err := os.CopyFS(dir, assets.DemoBundle()); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, bundle.ManifestName)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	if raw, err = json.Marshal(m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	pub, sec, err := signing.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if err := bundle.SignDir(dir, sec, time.Now()); err != nil {
		t.Fatal(err)
	}
	return dir, string(pub.MarshalText())
}
