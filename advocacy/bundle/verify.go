package bundle

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/advocate-app/advocate/advocacy/signing"
	"github.com/advocate-app/advocate/assets"
)

// SignatureSuffix ends the name of each file's detached signature.
const SignatureSuffix = ".minisig"

// ErrNotVerified is wrapped by every signature failure.
var ErrNotVerified = errors.New("bundle: signature check failed")

// DemoKey is the public key the demo bundle is signed with.
func DemoKey() *signing.PublicKey {
	k, err := signing.ParsePublicKey(assets.DemoPublicKey)
	if err != nil {
		panic(err) // embedded at build time; a test keeps it valid
	}
	return k
}

// Verify checks every file of the bundle against its detached minisign
// signature and pub. It names the first file (the manifest, then the
// others in name order) that is
// unsigned, tampered with or signed by another key.
func (b *Bundle) Verify(pub *signing.PublicKey) error {
	if pub == nil {
		return fmt.Errorf("%w: no publisher key is configured for %s; add the organisation's public key in Settings", ErrNotVerified, b.Source)
	}
	names := make([]string, 0, len(b.Files))
	for name := range b.Files {
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b string) int {
		switch {
		case a == ManifestName:
			return -1
		case b == ManifestName:
			return 1
		}
		return strings.Compare(a, b)
	})
	for _, name := range names {
		if err := b.verifyFile(name, pub); err != nil {
			return err
		}
	}
	b.Verified, b.KeyID = true, pub.KeyID()
	return nil
}

// verifyFile checks one file against its signature.
func (b *Bundle) verifyFile(name string, pub *signing.PublicKey) error {
	sig := b.signatures[name]
	if sig.err != nil || sig.data == nil {
		return fmt.Errorf("%w: %s is not signed (%s%s could not be read); the publisher must sign the bundle", ErrNotVerified, name, name, SignatureSuffix)
	}
	if _, err := pub.Verify(b.Files[name], sig.data); err != nil {
		switch {
		case errors.Is(err, signing.ErrTampered):
			return fmt.Errorf("%w: %s does not match its signature; it was changed after signing", ErrNotVerified, name)
		case errors.Is(err, signing.ErrWrongKey):
			return fmt.Errorf("%w: %s was signed with another key, not the publisher key %s configured for it", ErrNotVerified, name, pub.KeyID())
		}
		return fmt.Errorf("%w: %s%s: %v", ErrNotVerified, name, SignatureSuffix, err)
	}
	return nil
}

// LoadVerified loads the bundle from src, checking each file's signature
// against pub before reading anything in it. A bundle that fails is not
// returned: callers keep the one in force.
func LoadVerified(ctx context.Context, src Source, pub *signing.PublicKey) (*Bundle, error) {
	if pub == nil {
		return nil, fmt.Errorf("%w: no publisher key is configured for %s; add the organisation's public key in Settings", ErrNotVerified, src)
	}
	only := ""
	if c, ok := src.(*CacheSource); ok {
		only = c.only
	}
	b, err := load(ctx, src.String(), src.read, pub, only)
	if err != nil {
		return nil, err
	}
	b.Verified, b.KeyID = true, pub.KeyID()
	_, b.FromCache = src.(*CacheSource)
	return b, nil
}

// LoadDemo loads and verifies the embedded demo bundle.
func LoadDemo(ctx context.Context) (*Bundle, error) {
	return LoadVerified(ctx, Demo(), DemoKey())
}
