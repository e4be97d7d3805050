package bundle

import (
	"context"
	"crypto/rand"
	"errors"
	"testing"

	"github.com/advocate-app/advocate/advocacy/signing"
)

// TestTheSignerPicksOneOfSeveralKeys: of two publisher keys, the one the
// manifest's signature names verifies the bundle; a bundle signed with a
// third key is refused, its signer named.
func TestTheSignerPicksOneOfSeveralKeys(t *testing.T) {
	ctx := context.Background()
	oldPub, _, err := signing.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	dir, newSec := publish(t, nil)
	keys := []*signing.PublicKey{oldPub, newSec.Public()}
	src, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := SignerKeyID(ctx, src)
	if err != nil || signer != newSec.Public().KeyID() {
		t.Fatalf("SignerKeyID = %q, %v; want %s", signer, err, newSec.Public().KeyID())
	}
	key, err := ChooseKey(keys, signer)
	if err != nil || key != keys[1] {
		t.Fatalf("ChooseKey = %v, %v; want the second key", key, err)
	}
	if b, err := LoadVerified(ctx, src, key); err != nil || b.KeyID != signer {
		t.Fatalf("LoadVerified with the chosen key: %v", err)
	}

	other, _ := publish(t, nil)
	otherSrc, _ := Open(other)
	signer, err = SignerKeyID(ctx, otherSrc)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ChooseKey(keys, signer)
	if !errors.Is(err, ErrNotVerified) || !errors.Is(err, signing.ErrWrongKey) {
		t.Fatalf("ChooseKey for an unknown signer = %v, want it refused", err)
	}
}
