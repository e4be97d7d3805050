package signing

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestSignAndVerify(t *testing.T) {
	pub, sec, err := GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	msg := []byte("manifest contents\n")
	sig, err := sec.Sign(msg, "timestamp:1\tfile:manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	comment, err := pub.Verify(msg, sig)
	if err != nil || comment != "timestamp:1\tfile:manifest.json" {
		t.Fatalf("Verify = %q, %v", comment, err)
	}
	if _, err := pub.Verify([]byte("manifest contents!\n"), sig); !errors.Is(err, ErrTampered) {
		t.Fatalf("tampered message: %v", err)
	}
	forged := bytes.Replace(sig, []byte("file:manifest.json"), []byte("file:other.json"), 1)
	if _, err := pub.Verify(msg, forged); !errors.Is(err, ErrTampered) {
		t.Fatalf("changed trusted comment: %v", err)
	}
	other, _, _ := GenerateKey(nil)
	if _, err := other.Verify(msg, sig); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("wrong key: %v", err)
	}
	for _, bad := range []string{"", "garbage", "untrusted comment: x\n!!!\ntrusted comment: y\nzz\n"} {
		if _, err := pub.Verify(msg, []byte(bad)); !errors.Is(err, ErrMalformed) {
			t.Errorf("Verify(%q) = %v", bad, err)
		}
	}
	if _, err := sec.Sign(msg, "two\nlines"); err == nil {
		t.Fatal("a two-line trusted comment was accepted")
	}
}

func TestKeyFilesRoundTrip(t *testing.T) {
	pub, sec, _ := GenerateKey(nil)
	pub2, err := ParsePublicKey(pub.MarshalText())
	if err != nil || pub2.KeyID() != pub.KeyID() || !pub2.Key.Equal(pub.Key) {
		t.Fatalf("public key round trip: %v", err)
	}
	for _, pw := range []string{"", "correct horse"} {
		file, err := sec.MarshalText([]byte(pw))
		if err != nil {
			t.Fatal(err)
		}
		if pw != "" {
			if _, err := ParseSecretKey(file, nil); !errors.Is(err, ErrPasswordNeeded) {
				t.Fatalf("no password: %v", err)
			}
			if _, err := ParseSecretKey(file, func() ([]byte, error) { return []byte("wrong"), nil }); err == nil || !strings.Contains(err.Error(), "wrong password") {
				t.Fatalf("wrong password: %v", err)
			}
		}
		sec2, err := ParseSecretKey(file, func() ([]byte, error) { return []byte(pw), nil })
		if err != nil || !sec2.Key.Equal(sec.Key) || sec2.ID != sec.ID {
			t.Fatalf("secret key round trip (%q): %v", pw, err)
		}
	}
}

// needMinisign skips without the minisign tool, unless the run requires
// it (make test installs it).
func needMinisign(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("minisign")
	if err != nil {
		// make test installs minisign on Linux; the Windows test binary
		// runs under Wine, with no minisign.exe.
		if os.Getenv("ADVOCATE_REQUIRE_KEYRING") != "" && runtime.GOOS != "windows" {
			t.Fatal("minisign is not installed; make test installs it")
		}
		t.Skip("minisign is not installed")
	}
	return bin
}

func run(t *testing.T, stdin string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// TestInteroperatesWithMinisign signs with each side and verifies with the
// other, with minisign's own password-protected key files.
func TestInteroperatesWithMinisign(t *testing.T) {
	bin := needMinisign(t)
	dir := t.TempDir()
	pubFile, secFile, msgFile := filepath.Join(dir, "k.pub"), filepath.Join(dir, "k.key"), filepath.Join(dir, "policy.yaml")
	msg := []byte("rules: []\n")
	os.WriteFile(msgFile, msg, 0o600)
	run(t, "s3cret\ns3cret\n", bin, "-G", "-p", pubFile, "-s", secFile)

	// minisign signs, we verify.
	run(t, "s3cret\n", bin, "-S", "-s", secFile, "-m", msgFile, "-t", "made by minisign")
	pubData, _ := os.ReadFile(pubFile)
	pub, err := ParsePublicKey(pubData)
	if err != nil {
		t.Fatal(err)
	}
	sig, _ := os.ReadFile(msgFile + ".minisig")
	if comment, err := pub.Verify(msg, sig); err != nil || comment != "made by minisign" {
		t.Fatalf("verify minisign's signature: %q, %v", comment, err)
	}

	// We read minisign's encrypted key, sign, and minisign verifies.
	secData, _ := os.ReadFile(secFile)
	sec, err := ParseSecretKey(secData, func() ([]byte, error) { return []byte("s3cret"), nil })
	if err != nil {
		t.Fatal(err)
	}
	ours, err := sec.Sign(msg, "made by advocate")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(msgFile+".minisig", ours, 0o600)
	if out := run(t, "", bin, "-V", "-p", pubFile, "-m", msgFile); !strings.Contains(out, "made by advocate") {
		t.Fatalf("minisign -V said:\n%s", out)
	}

	// Our encrypted key file works in minisign.
	file, _ := sec.MarshalText([]byte("other pw"))
	os.WriteFile(secFile, file, 0o600)
	run(t, "other pw\n", bin, "-S", "-s", secFile, "-m", msgFile, "-t", "re-encrypted")
	sig, _ = os.ReadFile(msgFile + ".minisig")
	if _, err := pub.Verify(msg, sig); err != nil {
		t.Fatalf("signature by minisign with our key file: %v", err)
	}
}
