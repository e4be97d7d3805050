package signing

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestMinisignKeysWithoutPassword reads secret keys made by the real
// minisign without a password: -G -W leaves the checksum all zero, -C -W
// keeps the checksum (and the salt and limits) of the key it decrypted.
// Each signs a file that minisign's public key verifies, and minisign's own
// signature with it verifies too.
func TestMinisignKeysWithoutPassword(t *testing.T) {
	msg := readTestdata(t, "policy.yaml")
	for _, name := range []string{"nopassword", "passwordremoved"} {
		t.Run(name, func(t *testing.T) {
			pub, err := ParsePublicKey(readTestdata(t, name+".pub"))
			if err != nil {
				t.Fatal(err)
			}
			asked := false
			sec, err := ParseSecretKey(readTestdata(t, name+".key"), func() ([]byte, error) { asked = true; return nil, nil })
			if err != nil {
				t.Fatalf("minisign's key without a password is refused: %v", err)
			}
			if asked || sec.ID != pub.ID || !sec.Public().Key.Equal(pub.Key) {
				t.Fatalf("asked for a password %v; key %s for public key %s", asked, sec.Public().KeyID(), pub.KeyID())
			}
			sig, err := sec.Sign(msg, "file:policy.yaml")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := pub.Verify(msg, sig); err != nil {
				t.Fatalf("our signature with minisign's key: %v", err)
			}
			comment, err := pub.Verify(msg, readTestdata(t, "policy.yaml."+name+".minisig"))
			if err != nil || comment != "file:policy.yaml" {
				t.Fatalf("minisign's signature: %q, %v", comment, err)
			}
		})
	}
}

// rewrite changes the decoded bytes of a secret key file.
func rewrite(t *testing.T, file []byte, change func(raw []byte)) []byte {
	t.Helper()
	raw, err := payload(file, "secret key")
	if err != nil {
		t.Fatal(err)
	}
	change(raw)
	return []byte("untrusted comment: changed\n" + base64.StdEncoding.EncodeToString(raw) + "\n")
}

func TestDamagedKeyWithoutPasswordIsRefused(t *testing.T) {
	// A changed checksum on an unencrypted key that has one.
	file := rewrite(t, readTestdata(t, "passwordremoved.key"), func(raw []byte) { raw[len(raw)-1] ^= 1 })
	if _, err := ParseSecretKey(file, nil); !errors.Is(err, ErrNotSecretKey) {
		t.Fatalf("damaged checksum: %v", err)
	}
	// A changed public half on a key with no checksum.
	file = rewrite(t, readTestdata(t, "nopassword.key"), func(raw []byte) { raw[skHeader+8+40] ^= 1 })
	if _, err := ParseSecretKey(file, nil); !errors.Is(err, ErrNotSecretKey) {
		t.Fatalf("damaged key without checksum: %v", err)
	}
}

// TestCraftedKDFLimitsAreRefused: a key file asking scrypt for 2^40 work
// and memory crashed the process with a fatal out-of-memory error (a
// terabyte allocation). It is refused before the password is even asked.
func TestCraftedKDFLimitsAreRefused(t *testing.T) {
	_, sec, _ := GenerateKey(nil)
	file, err := sec.MarshalText([]byte("pw"))
	if err != nil {
		t.Fatal(err)
	}
	for _, lim := range []struct{ ops, mem uint64 }{{1 << 40, 1 << 40}, {MaxOpsLimit + 1, memLimit}, {opsLimit, MaxMemLimit + 1}} {
		crafted := rewrite(t, file, func(raw []byte) {
			binary.LittleEndian.PutUint64(raw[38:46], lim.ops)
			binary.LittleEndian.PutUint64(raw[46:54], lim.mem)
		})
		asked := false
		_, err := ParseSecretKey(crafted, func() ([]byte, error) { asked = true; return []byte("pw"), nil })
		if !errors.Is(err, ErrKDFLimits) || asked {
			t.Fatalf("limits %d/%d: %v (password asked: %v)", lim.ops, lim.mem, err, asked)
		}
	}
	// minisign's own sensitive limits, and its defaults, are allowed.
	for _, lim := range []struct{ ops, mem uint64 }{{MaxOpsLimit, MaxMemLimit}, {opsLimit, memLimit}} {
		if err := checkKDFLimits(lim.ops, lim.mem); err != nil {
			t.Fatalf("limits %d/%d: %v", lim.ops, lim.mem, err)
		}
	}
	if n, r, p := scryptParams(MaxOpsLimit, MaxMemLimit); 128*r*n*p > MaxMemLimit {
		t.Fatalf("scrypt at the cap would use %d bytes", 128*r*n*p)
	}
}

func TestWrongPasswordIsClassified(t *testing.T) {
	_, sec, _ := GenerateKey(nil)
	file, _ := sec.MarshalText([]byte("right"))
	if _, err := ParseSecretKey(file, func() ([]byte, error) { return []byte("wrong"), nil }); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := ParseSecretKey([]byte("untrusted comment: x\nRWQAAA==\n"), nil); !errors.Is(err, ErrNotSecretKey) {
		t.Fatalf("not a key: %v", err)
	}
}
