package bundle

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/signing"
)

// feedsPerBundle is how many content feeds the generated bundles split
// their items over.
const feedsPerBundle = 4

// bigBundle returns the files of a signed bundle with n items, over
// feedsPerBundle content feeds, and the key that signed it.
func bigBundle(tb testing.TB, n int) (map[string][]byte, *signing.PublicKey) {
	tb.Helper()
	files := map[string][]byte{"policy.yaml": []byte("rules: []\n")}
	var feeds []string
	for f := range feedsPerBundle {
		name := fmt.Sprintf("content/feed-%d.json", f)
		feeds = append(feeds, `"`+name+`"`)
		var b strings.Builder
		b.WriteString(`{"version":"https://jsonfeed.org/version/1.1","items":[`)
		for i := f; i < n; i += feedsPerBundle {
			if i > f {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `{"id":"item-%d","title":"Item %d","_advocacy":{"audience":["employee"]}}`, i, i)
		}
		b.WriteString("]}")
		files[name] = []byte(b.String())
	}
	files[ManifestName] = []byte(`{"format":1,"org":{"name":"Bench"},"version":"1","policy":"policy.yaml",` +
		`"audiences":["employee"],"content":{"employee":[` + strings.Join(feeds, ",") + `]}}`)
	pub, sec, err := signing.GenerateKey(nil)
	if err != nil {
		tb.Fatal(err)
	}
	signed, err := Sign(files, sec, time.Unix(0, 0))
	if err != nil {
		tb.Fatal(err)
	}
	for name, data := range signed {
		files[name] = data
	}
	return files, pub
}

// BenchmarkLoad loads and verifies bundles of 10,000 and 100,000 items:
// linear loading takes about ten times as long for ten times the items
// (it took 55 s for 100,000 when each item was compared with all before).
func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		files, pub := bigBundle(b, n)
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			ctx := context.Background()
			for b.Loop() {
				bd, err := LoadVerified(ctx, Cached("bench", files, ""), pub)
				if err != nil || len(bd.Content) != n {
					b.Fatalf("%v (%d items)", err, len(bd.Content))
				}
			}
		})
	}
}
