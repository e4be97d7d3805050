// Package assets embeds what Advocate ships inside its binary: the app icon
// and the demo organisation bundle a new user sees on first start.
package assets

import (
	"embed"
	"io/fs"
)

// Icon is the application icon, a 512×512 PNG.
//
//go:embed icon.png
var Icon []byte

// demo holds the built demo bundle only: its sources (demo/src, which
// scripts/build-demo.sh builds into the rest of demo/) stay out of the
// app. TestDemoIsBuiltFromItsSources checks the two agree.
//
//go:embed demo/manifest.json demo/*.minisig demo/policy.yaml demo/content demo/news
var demo embed.FS

// DemoPublicKey is the minisign public key that signs the demo bundle.
//
//go:embed demo.pub
var DemoPublicKey []byte

// DemoBundle is the demo organisation bundle, rooted at its manifest.
func DemoBundle() fs.FS {
	sub, err := fs.Sub(demo, "demo")
	if err != nil {
		panic(err) // the embed directive guarantees the folder exists
	}
	return sub
}
