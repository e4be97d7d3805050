package bundle

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/signing"
)

// fuzzKey is a fixed key, so that the fuzzer's inputs replay the same way.
func fuzzKey(tb testing.TB) (*signing.PublicKey, *signing.SecretKey) {
	pub, sec, err := signing.GenerateKey(bytes.NewReader(bytes.Repeat([]byte{7}, 40)))
	if err != nil {
		tb.Fatal(err)
	}
	return pub, sec
}

// FuzzLoad loads bundles made of a fuzzed manifest and a fuzzed content
// feed (used as both audiences' feed) beside the demo's other files. It
// checks that nothing panics or hangs, and that verification is exact:
// once signed, the bundle verifies exactly when it loads unchecked; then
// one changed byte in any file it read is refused, and the copy kept for
// one audience reloads.
func FuzzLoad(f *testing.F) {
	demo, err := Demo().Load(context.Background())
	if err != nil {
		f.Fatal(err)
	}
	base := map[string][]byte{}
	for name, data := range demo.Files {
		base[name] = data
	}
	f.Add(base[ManifestName], base["content/employee.json"])
	f.Add(base[ManifestName], base["content/alumni.json"])
	f.Add([]byte(`{"format":1,"org":{"name":"A"},"version":"1","policy":"policy.yaml","audiences":["employee"],`+
		`"content":{"employee":["content/employee.json"]},"files":{"x":"00"}}`),
		[]byte(`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"a","title":"T","image":"content/images/hiring.png","_advocacy":{"audience":["employee"]}}]}`))
	f.Add([]byte(`{"format":1,"org":{"name":"A"},"version":"1","policy":"policy.yaml.minisig","audiences":["alumni"]}`), []byte(`{}`))
	f.Add([]byte("{\r\n\t\"format\": 1, \"Files\": {}, \"org\": {\"name\": \"A\"}, \"version\": \"v2\", \"policy\": \"policy.yaml\",\r\n\t"+
		`"audiences": ["employee", "alumni"], "content": {"alumni": ["content/alumni.json"], "employee": ["content/employee.json"]},`+
		`"news": [{"url": "news/alumni.json", "audience": ["alumni"]}, {"url": "https://news.example/feed"}, {"url": "news/industry.atom"}]}`),
		[]byte(`{"version":"https://jsonfeed.org/version/1","items":[`+
			`{"id":"e","title":"E","image":"content/images/atlas-3.png","_advocacy":{"audience":["employee"],"not_before":"2026-01-01T00:00:00Z"}},`+
			`{"id":"a","title":"A","image":"content/images/hiring.png","_advocacy":{"audience":["alumni"],"expires":"2027-01-01T00:00:00Z"}},`+
			`{"id":"r","title":"R","image":"https://img.example/x.png","_advocacy":{"audience":["employee","alumni"],"captions":{"x":["c"]}}}]}`))
	pub, sec := fuzzKey(f)
	f.Fuzz(func(t *testing.T, manifest, feed []byte) {
		files := maps.Clone(base)
		files[ManifestName], files["content/employee.json"], files["content/alumni.json"] = manifest, feed, feed
		checkFuzzed(t, files, pub, sec)
	})
}

func checkFuzzed(t *testing.T, files map[string][]byte, pub *signing.PublicKey, sec *signing.SecretKey) {
	ctx := context.Background()
	if b, err := Cached("fuzz", files, "").Load(ctx); err == nil {
		CompareVersions(b.Manifest.Version, "2026.11.2")
	}
	signed, err := Sign(files, sec, time.Unix(0, 0))
	if err != nil {
		return // Sign signs only manifests that load
	}
	all := maps.Clone(files)
	maps.Copy(all, signed)
	b, verr := LoadVerified(ctx, Cached("fuzz", all, ""), pub)
	_, uerr := Cached("fuzz", all, "").Load(ctx)
	if (verr == nil) != (uerr == nil) {
		t.Fatalf("a signed bundle: verified load %v, unchecked load %v", verr, uerr)
	}
	if verr != nil {
		return
	}
	if v := b.Manifest.Version; CompareVersions(v, v) != 0 || CheckNewer(b.Stamp(), b.Stamp()) != nil {
		t.Fatalf("version %q is not the same as itself", v)
	}
	names := slices.Sorted(maps.Keys(b.Files))
	name := names[len(all[ManifestName])%len(names)]
	changed := maps.Clone(all)
	changed[name] = append(bytes.Clone(all[name]), ' ')
	if _, err := LoadVerified(ctx, Cached("fuzz", changed, ""), pub); !errors.Is(err, ErrNotVerified) {
		t.Fatalf("%s changed after signing: %v", name, err)
	}
	kept := b.ForAudience(RoleEmployee)
	if _, err := LoadVerified(ctx, Cached("fuzz", kept.Raw(), RoleEmployee), pub); err != nil {
		t.Fatalf("the copy kept for employees: %v", err)
	}
}
