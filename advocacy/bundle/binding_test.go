package bundle

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/signing"
)

// publish copies the demo bundle to a folder, lets change edit it, and
// signs it as one bundle with a new key.
func publish(t *testing.T, change func(dir string)) (string, *signing.SecretKey) {
	t.Helper()
	dir := copyDemo(t)
	_, sec, err := signing.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	resign(t, dir, sec, change)
	return dir, sec
}

// resign lets change edit the bundle in dir, then signs it again.
func resign(t *testing.T, dir string, sec *signing.SecretKey, change func(dir string)) {
	t.Helper()
	if change != nil {
		change(dir)
	}
	if err := SignDir(dir, sec, time.Now()); err != nil {
		t.Fatal(err)
	}
}

// replace copies a file of the bundle and its signature over another's.
func replace(t *testing.T, dir, from, over string) {
	t.Helper()
	for _, suffix := range []string{"", SignatureSuffix} {
		data, err := os.ReadFile(filepath.Join(dir, from+suffix))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, over+suffix), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func edit(t *testing.T, path, old, new string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(data), old) {
		t.Fatalf("%s lacks %q (%v)", path, old, err)
	}
	os.WriteFile(path, []byte(strings.Replace(string(data), old, new, 1)), 0o600)
}

// TestSwappedFilesAreRefused: someone who can write to the bundle's web
// server or folder copies one signed file and its signature over another
// (the alumni feed over the employee feed, one picture over another). Each
// signature is genuine, but was made for another file: refused, naming it.
func TestSwappedFilesAreRefused(t *testing.T) {
	ctx := context.Background()
	swaps := map[string]struct {
		steps  [][2]string // copy a file and its signature over another
		victim string      // the first file refused
	}{
		"feeds": {[][2]string{{"content/alumni.json", "content/employee.json"}}, "content/employee.json"},
		"pictures": {[][2]string{{"content/images/atlas-3.png", "x.png"}, {"content/images/hiring.png", "content/images/atlas-3.png"},
			{"x.png", "content/images/hiring.png"}}, "content/images/atlas-3.png"},
		"same base name": {[][2]string{{"news/alumni.json", "content/alumni.json"}}, "content/alumni.json"},
	}
	for name, c := range swaps {
		t.Run(name, func(t *testing.T) {
			dir := copyDemo(t)
			for _, s := range c.steps {
				replace(t, dir, s[0], s[1])
			}
			victim := c.victim
			_, err := LoadVerified(ctx, Dir(dir), DemoKey())
			if !errors.Is(err, ErrSignedAsOther) || !errors.Is(err, ErrNotVerified) || !strings.Contains(err.Error(), victim+" carries the signature made for") {
				t.Fatalf("LoadVerified = %v, want %s refused as swapped", err, victim)
			}
			// The same through Verify after an unchecked load.
			if b, err := Dir(dir).Load(ctx); err == nil {
				if err := b.Verify(DemoKey()); !errors.Is(err, ErrSignedAsOther) {
					t.Fatalf("Verify = %v", err)
				}
			}
		})
	}
}

// TestSwapOverHTTPAndInTheKeptCopy: the same swap served by a web server,
// or made in the copy kept for offline use, is refused too.
func TestSwapOverHTTPAndInTheKeptCopy(t *testing.T) {
	ctx := context.Background()
	dir := copyDemo(t)
	replace(t, dir, "content/alumni.json", "content/employee.json")
	srv := httptest.NewTLSServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	src, _ := NewHTTPSource(srv.URL, srv.Client())
	if _, err := LoadVerified(ctx, src, DemoKey()); !errors.Is(err, ErrSignedAsOther) {
		t.Fatalf("over https: %v", err)
	}

	b, err := LoadDemo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	raw := b.Raw()
	raw["content/employee.json"], raw["content/employee.json.minisig"] = raw["content/alumni.json"], raw["content/alumni.json.minisig"]
	if _, err := LoadVerified(ctx, Cached("demo", raw, ""), DemoKey()); !errors.Is(err, ErrSignedAsOther) {
		t.Fatalf("kept copy: %v", err)
	}
}

// TestRolledBackFileIsRefused: the publisher signs version 2026.12.0 with
// a tighter policy; an attacker puts the policy of 2026.11.2 back, with its
// own genuine signature for the same name. The signed manifest lists
// another SHA-256 for it: refused.
func TestRolledBackFileIsRefused(t *testing.T) {
	dir, sec := publish(t, nil)
	old := t.TempDir()
	replace(t, dir, "policy.yaml", filepath.Join("..", filepath.Base(old), "policy.yaml"))
	resign(t, dir, sec, func(dir string) {
		edit(t, filepath.Join(dir, ManifestName), `"version": "2026.11.2"`, `"version": "2026.12.0"`)
		p := filepath.Join(dir, "policy.yaml")
		data, _ := os.ReadFile(p)
		os.WriteFile(p, append(data, "\n# 2026.12.0: tighter\n"...), 0o600)
	})
	if _, err := LoadVerified(context.Background(), Dir(dir), sec.Public()); err != nil {
		t.Fatalf("the new version: %v", err)
	}
	replace(t, old, "policy.yaml", filepath.Join("..", filepath.Base(dir), "policy.yaml"))
	_, err := LoadVerified(context.Background(), Dir(dir), sec.Public())
	if !errors.Is(err, ErrOtherVersion) || !strings.Contains(err.Error(), "policy.yaml is not the file that version 2026.12.0 of the bundle lists") {
		t.Fatalf("rolled-back policy: %v", err)
	}
}

// TestFilesTheManifestDoesNotBindAreRefused: a manifest signed before
// manifests listed their files (any old bundle, which could be served
// again to undo the binding), a file the manifest does not list, and a
// signature that names no file.
func TestFilesTheManifestDoesNotBindAreRefused(t *testing.T) {
	ctx := context.Background()
	_, sec, _ := signing.GenerateKey(nil)
	oldStyle := func(dir string, name string, comment string) {
		data, _ := os.ReadFile(filepath.Join(dir, name))
		sig, _ := sec.Sign(data, comment)
		os.WriteFile(filepath.Join(dir, name+SignatureSuffix), sig, 0o600)
	}

	t.Run("manifest without files", func(t *testing.T) {
		dir := copyDemo(t)
		if err := SignDir(dir, sec, time.Now()); err != nil {
			t.Fatal(err)
		}
		manifest := filepath.Join(dir, ManifestName)
		os.WriteFile(manifest, withoutFiles(t, mustRead(t, manifest)), 0o600)
		oldStyle(dir, ManifestName, "file:"+ManifestName)
		if _, err := LoadVerified(ctx, Dir(dir), sec.Public()); !errors.Is(err, ErrUnbound) {
			t.Fatalf("unbound manifest: %v", err)
		}
	})
	t.Run("file not listed", func(t *testing.T) {
		dir := copyDemo(t)
		b, _ := Demo().Load(ctx)
		files := b.Raw()
		delete(files, "news/alumni.json")
		signed, err := Sign(files, sec, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		for name, data := range signed {
			os.WriteFile(filepath.Join(dir, name), data, 0o600)
		}
		oldStyle(dir, "news/alumni.json", TrustedComment("news/alumni.json", time.Now()))
		if _, err := LoadVerified(ctx, Dir(dir), sec.Public()); !errors.Is(err, ErrNotListed) || !strings.Contains(err.Error(), "news/alumni.json is not listed") {
			t.Fatalf("unlisted file: %v", err)
		}
	})
	t.Run("signature naming no file", func(t *testing.T) {
		dir := copyDemo(t)
		if err := SignDir(dir, sec, time.Now()); err != nil {
			t.Fatal(err)
		}
		oldStyle(dir, "policy.yaml", "timestamp:1\thashed")
		if _, err := LoadVerified(ctx, Dir(dir), sec.Public()); !errors.Is(err, ErrSignedAsOther) || !strings.Contains(err.Error(), "does not name the file") {
			t.Fatalf("comment without file: %v", err)
		}
	})
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// withoutFiles removes the files member from a manifest, as manifests were
// written before they listed their files.
func withoutFiles(t *testing.T, manifest []byte) []byte {
	t.Helper()
	ms, err := topLevel(manifest)
	i := ms.find(filesKey)
	if err != nil || i < 1 {
		t.Fatalf("no files member after another (%v)", err)
	}
	return splice(manifest, ms.list[i-1].end, ms.list[i].end, "")
}

// TestSignedBundleNamesItsFiles: what Sign writes, the loader accepts:
// the manifest lists every other file's SHA-256, and each signature names
// its file by its path in the bundle.
func TestSignedBundleNamesItsFiles(t *testing.T) {
	dir, sec := publish(t, nil)
	b, err := LoadVerified(context.Background(), Dir(dir), sec.Public())
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Manifest.Files["content/images/atlas-3.png"]; got != Digest(b.Files["content/images/atlas-3.png"]) {
		t.Fatalf("manifest lists %q for the picture", got)
	}
	if len(b.Manifest.Files) != len(b.Files)-1 {
		t.Fatalf("manifest lists %d files, the bundle has %d besides it", len(b.Manifest.Files), len(b.Files)-1)
	}
	comment, err := sec.Public().Verify(b.Files["content/employee.json"], mustRead(t, filepath.Join(dir, "content/employee.json.minisig")))
	if name, ok := commentFile(comment); err != nil || !ok || name != "content/employee.json" {
		t.Fatalf("trusted comment %q (%v)", comment, err)
	}
}

// copyTree copies the folder from to the folder to.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
}
