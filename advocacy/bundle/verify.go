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
// signature and pub, and against the signed manifest: each signature must
// name its file, and the manifest must list each file with its SHA-256. It
// names the first file (the manifest, then the others in name order) that
// is unsigned, tampered with, signed by another key, swapped or from
// another version.
func (b *Bundle) Verify(pub *signing.PublicKey) error {
	if pub == nil {
		return fmt.Errorf("%w: no publisher key is configured for %s; add the organisation's public key in Settings", ErrNotVerified, b.Source)
	}
	if err := b.verifyFile(ManifestName, pub); err != nil {
		return err
	}
	if err := b.Manifest.CheckBound(); err != nil {
		return err
	}
	names := make([]string, 0, len(b.Files))
	for name := range b.Files {
		if name != ManifestName {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		if err := b.verifyFile(name, pub); err != nil {
			return err
		}
	}
	b.Verified, b.KeyID = true, pub.KeyID()
	return nil
}

// verifyFile checks one file against its signature and, once the manifest
// is read, against the manifest.
func (b *Bundle) verifyFile(name string, pub *signing.PublicKey) error {
	comment, err := b.checkSignature(name, pub)
	if err != nil {
		return err
	}
	return b.Manifest.CheckFile(name, b.Files[name], comment)
}

// checkSignature checks one file against its detached signature and
// returns the signature's trusted comment.
func (b *Bundle) checkSignature(name string, pub *signing.PublicKey) (string, error) {
	sig := b.signatures[name]
	if sig.err != nil || sig.data == nil {
		// The reason is told, not wrapped: a missing signature is a
		// signature failure, whatever the server answered for it.
		why := ""
		if sig.err != nil {
			why = ": " + strings.TrimPrefix(sig.err.Error(), "bundle: ")
		}
		return "", fmt.Errorf("%w: %s is not signed (%s%s could not be read%s); the publisher must sign the bundle", ErrNotVerified, name, name, SignatureSuffix, why)
	}
	comment, err := pub.Verify(b.Files[name], sig.data)
	switch {
	case err == nil:
		return comment, nil
	case errors.Is(err, signing.ErrTampered):
		return "", fmt.Errorf("%w: %s does not match its signature; it was changed after signing", ErrNotVerified, name)
	case errors.Is(err, signing.ErrWrongKey):
		return "", fmt.Errorf("%w: %s was signed with another key, not the publisher key %s configured for it", ErrNotVerified, name, pub.KeyID())
	}
	return "", fmt.Errorf("%w: %s%s: %w", ErrNotVerified, name, SignatureSuffix, err)
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
