package bundle

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/advocate-app/advocate/advocacy/signing"
)

// SignerKeyID reads the key ID that src's manifest signature names. It is
// not checked: it only tells which of several publisher keys to verify the
// bundle with (LoadVerified then checks every signature with that key).
func SignerKeyID(ctx context.Context, src Source) (string, error) {
	sig, err := src.read(ctx, ManifestName+SignatureSuffix)
	if err != nil {
		return "", err
	}
	lines := strings.Split(strings.ReplaceAll(string(sig), "\r\n", "\n"), "\n")
	if len(lines) < 2 {
		return "", fmt.Errorf("%w: %s%s: %w", ErrNotVerified, ManifestName, SignatureSuffix, signing.ErrMalformed)
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(lines[1]))
	if err != nil || len(raw) != 2+8+64 {
		return "", fmt.Errorf("%w: %s%s: %w", ErrNotVerified, ManifestName, SignatureSuffix, signing.ErrMalformed)
	}
	var id [8]byte
	copy(id[:], raw[2:10])
	return (&signing.PublicKey{ID: id}).KeyID(), nil
}

// ChooseKey returns the one of keys whose ID is signer (the publisher may
// have several during a key rotation). When none is, the error wraps
// ErrNotVerified and signing.ErrWrongKey, and names them all.
func ChooseKey(keys []*signing.PublicKey, signer string) (*signing.PublicKey, error) {
	ids := make([]string, len(keys))
	for i, k := range keys {
		if k.KeyID() == signer {
			return k, nil
		}
		ids[i] = k.KeyID()
	}
	return nil, fmt.Errorf("%w: the bundle was signed with key %s, which is none of the publisher keys configured for it (%s): %w",
		ErrNotVerified, signer, strings.Join(ids, ", "), signing.ErrWrongKey)
}
