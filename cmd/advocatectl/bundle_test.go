package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/assets"
)

func runWithInput(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errw bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errw)
	return code, out.String(), errw.String()
}

// publishedBundle writes the demo bundle's files (no signatures) to a
// folder with a new password-protected key, signs them, and returns the
// folder, the public key file and the list of files.
func publishedBundle(t *testing.T) (string, string, []string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, assets.DemoBundle()); err != nil {
		t.Fatal(err)
	}
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if strings.HasSuffix(p, ".minisig") {
			os.Remove(p)
		} else if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	keys := t.TempDir()
	sec, pub := filepath.Join(keys, "org.key"), filepath.Join(keys, "org.pub")
	if code, _, errw := runWithInput(t, "pw\n", "bundle", "keygen", "--key", sec, "--pubkey", pub); code != exitOK {
		t.Fatalf("keygen: %d %s", code, errw)
	}
	if code, _, errw := runWithInput(t, "pw\n", append([]string{"bundle", "sign", "--key", sec}, files...)...); code != exitOK {
		t.Fatalf("sign: %d %s", code, errw)
	}
	if code, _, errw := runWithInput(t, "wrong\n", append([]string{"bundle", "sign", "--key", sec}, files...)...); code != exitUsage || !strings.Contains(errw, "wrong password") {
		t.Fatalf("sign with a wrong password: %d %s", code, errw)
	}
	return dir, pub, files
}

func TestBundleSignAndVerify(t *testing.T) {
	dir, pub, files := publishedBundle(t)
	args := append([]string{"bundle", "verify", "--pubkey", pub}, files...)
	code, out, errw := runCLI(t, args...)
	if code != exitOK || strings.Count(out, "good signature") != len(files) {
		t.Fatalf("verify: %d\n%s%s", code, out, errw)
	}

	// One changed byte, a missing signature, another key: exit 2 naming the file.
	policy := filepath.Join(dir, "policy.yaml")
	data, _ := os.ReadFile(policy)
	data[0] ^= 0x20
	os.WriteFile(policy, data, 0o600)
	code, _, errw = runCLI(t, args...)
	if code != exitUsage || !strings.Contains(errw, "policy.yaml: signature does not match the file") {
		t.Fatalf("tampered: %d %q", code, errw)
	}
	os.Remove(policy + ".minisig")
	code, _, errw = runCLI(t, args...)
	if code != exitUsage || !strings.Contains(errw, "policy.yaml: not signed") {
		t.Fatalf("unsigned: %d %q", code, errw)
	}
	demoPub := filepath.Join(t.TempDir(), "demo.pub")
	os.WriteFile(demoPub, assets.DemoPublicKey, 0o600)
	code, _, errw = runCLI(t, "bundle", "verify", "--pubkey", demoPub, files[0])
	if code != exitUsage || !strings.Contains(errw, "signed with another key") {
		t.Fatalf("other key: %d %q", code, errw)
	}

	// The minisign tool agrees with us, both ways.
	if mini, err := exec.LookPath("minisign"); err == nil {
		manifest := filepath.Join(dir, "manifest.json")
		if out, err := exec.Command(mini, "-V", "-p", pub, "-m", manifest).CombinedOutput(); err != nil {
			t.Fatalf("minisign -V rejects our signature: %v\n%s", err, out)
		}
		if out, err := exec.Command(mini, "-V", "-p", pub, "-m", policy).CombinedOutput(); err == nil {
			t.Fatalf("minisign -V accepts an unsigned file:\n%s", out)
		}
	}
}

func TestContentListContract(t *testing.T) {
	var res struct {
		Bundle struct {
			Org      string `json:"org"`
			Version  string `json:"version"`
			Verified bool   `json:"verified"`
		} `json:"bundle"`
		Items []struct {
			ID        string   `json:"id"`
			Title     string   `json:"title"`
			Audience  []string `json:"audience"`
			NotBefore string   `json:"not_before"`
			Expires   string   `json:"expires"`
		} `json:"items"`
	}
	code, out, errw := runCLI(t, "content", "list", "--role", "employee", "--at", "2026-11-22T12:00:00Z", "--json")
	if code != exitOK || json.Unmarshal([]byte(out), &res) != nil {
		t.Fatalf("demo: %d %s %s", code, out, errw)
	}
	if !res.Bundle.Verified || res.Bundle.Org != "Larkspur Robotics" || len(res.Items) != 4 || res.Items[0].ID != "atlas-3-launch" {
		t.Fatalf("demo list = %+v", res)
	}
	if res.Items[0].Expires != "2027-02-28T23:59:59Z" || res.Items[0].Audience[0] != "employee" {
		t.Fatalf("item = %+v", res.Items[0])
	}

	dir, pub, _ := publishedBundle(t)
	code, out, _ = runCLI(t, "content", "list", "--bundle", dir, "--pubkey", pub, "--role", "alumni", "--at", "2026-12-13T00:00:00Z", "--json")
	if code != exitOK || json.Unmarshal([]byte(out), &res) != nil || len(res.Items) != 3 {
		t.Fatalf("folder: %d %s", code, out)
	}
	os.WriteFile(filepath.Join(dir, "content", "alumni.json"), []byte(`{"version":"https://jsonfeed.org/version/1.1","items":[]}`), 0o600)
	code, _, errw = runCLI(t, "content", "list", "--bundle", dir, "--pubkey", pub, "--role", "alumni")
	if code != exitUsage || !strings.Contains(errw, "content/alumni.json does not match its signature") {
		t.Fatalf("tampered: %d %q", code, errw)
	}
	if code, _, errw := runCLI(t, "content", "list", "--bundle", dir, "--role", "alumni"); code != exitUsage || !strings.Contains(errw, "--pubkey is required") {
		t.Fatalf("no key: %d %q", code, errw)
	}
}

// swap copies a bundle file and its signature over another's.
func swap(t *testing.T, dir, from, over string) {
	t.Helper()
	for _, suffix := range []string{"", ".minisig"} {
		data, err := os.ReadFile(filepath.Join(dir, from+suffix))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, over+suffix), data, 0o600)
	}
}

// TestBundleSignBindsNamesAndVersion: bundle sign lists every file's
// SHA-256 in the manifest and names each file in its signature's trusted
// comment, so the alumni feed copied with its signature over the employee
// feed is refused by bundle verify and by content list (it was reported as
// "signatures verified").
func TestBundleSignBindsNamesAndVersion(t *testing.T) {
	dir, pub, files := publishedBundle(t)
	manifest, _ := os.ReadFile(filepath.Join(dir, "manifest.json"))
	m, err := bundle.ParseManifest(manifest)
	if err != nil || len(m.Files) != len(files)-1 {
		t.Fatalf("the manifest lists %d of %d files (%v)", len(m.Files), len(files)-1, err)
	}
	sig, _ := os.ReadFile(filepath.Join(dir, "content", "employee.json.minisig"))
	if !strings.Contains(string(sig), "\tfile:content/employee.json\t") {
		t.Fatalf("the signature does not name its file:\n%s", sig)
	}

	swap(t, dir, "content/alumni.json", "content/employee.json")
	code, out, errw := runCLI(t, append([]string{"bundle", "verify", "--pubkey", pub}, files...)...)
	if code != exitUsage || !strings.Contains(errw, "employee.json carries the signature made for content/alumni.json") {
		t.Fatalf("verify a swapped bundle: %d\n%s%s", code, out, errw)
	}
	employee := filepath.Join(dir, "content", "employee.json")
	if code, _, errw := runCLI(t, "bundle", "verify", "--pubkey", pub, employee); code != exitUsage || !strings.Contains(errw, "carries the signature made for") {
		t.Fatalf("verify the swapped file alone: %d %s", code, errw)
	}
	code, out, errw = runCLI(t, "content", "list", "--bundle", dir, "--pubkey", pub, "--role", "employee")
	if code != exitUsage || strings.Contains(out, "signatures verified") || !strings.Contains(errw, "swapped") {
		t.Fatalf("content list of a swapped bundle: %d\n%s%s", code, out, errw)
	}
}

// TestBundleVerifyRefusesARolledBackFile: a file of an older signed version
// put back with its genuine signature is not the one the manifest lists.
func TestBundleVerifyRefusesARolledBackFile(t *testing.T) {
	dir, pub, files := publishedBundle(t)
	policy := filepath.Join(dir, "policy.yaml")
	old, _ := os.ReadFile(policy)
	oldSig, _ := os.ReadFile(policy + ".minisig")
	data := append(bytes.Clone(old), "\n# tightened\n"...)
	os.WriteFile(policy, data, 0o600)
	if code, _, errw := runWithInput(t, "pw\n", append([]string{"bundle", "sign", "--key", filepath.Join(filepath.Dir(pub), "org.key")}, files...)...); code != exitOK {
		t.Fatalf("sign again: %d %s", code, errw)
	}
	os.WriteFile(policy, old, 0o600)
	os.WriteFile(policy+".minisig", oldSig, 0o600)
	code, _, errw := runCLI(t, "bundle", "verify", "--pubkey", pub, policy)
	if code != exitUsage || !strings.Contains(errw, "policy.yaml is not the file that version 2026.11.2 of the bundle lists") {
		t.Fatalf("verify a rolled-back policy: %d %q", code, errw)
	}
}

// TestBundleSignRefusesAFileWithoutItsManifest: signing one file of a
// bundle alone would leave the manifest listing its old SHA-256.
func TestBundleSignRefusesAFileWithoutItsManifest(t *testing.T) {
	dir, pub, _ := publishedBundle(t)
	key := filepath.Join(filepath.Dir(pub), "org.key")
	code, _, errw := runWithInput(t, "pw\n", "bundle", "sign", "--key", key, filepath.Join(dir, "policy.yaml"))
	if code != exitUsage || !strings.Contains(errw, "sign it together with that bundle's manifest.json") {
		t.Fatalf("sign one file: %d %q", code, errw)
	}
	// A file outside any bundle is signed as minisign would.
	loose := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(loose, []byte("hello\n"), 0o600)
	if code, _, errw := runWithInput(t, "pw\n", "bundle", "sign", "--key", key, loose); code != exitOK {
		t.Fatalf("sign a loose file: %d %s", code, errw)
	}
	if code, out, errw := runCLI(t, "bundle", "verify", "--pubkey", pub, loose); code != exitOK || !strings.Contains(out, "file:notes.txt") {
		t.Fatalf("verify a loose file: %d %s %s", code, out, errw)
	}
}

// TestBundleSignWithMinisignKeyWithoutPassword: a key made by minisign -G
// -W (no password, checksum left zero) was refused as "wrong password".
func TestBundleSignWithMinisignKeyWithoutPassword(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, assets.DemoBundle()); err != nil {
		t.Fatal(err)
	}
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, ".minisig") {
			files = append(files, p)
		}
		return nil
	})
	testdata := filepath.Join("..", "..", "advocacy", "signing", "testdata")
	key, pub := filepath.Join(testdata, "nopassword.key"), filepath.Join(testdata, "nopassword.pub")
	code, out, errw := runCLI(t, append([]string{"bundle", "sign", "--key", key}, files...)...)
	if code != exitOK || strings.Contains(errw, "Password") {
		t.Fatalf("sign with minisign's key without a password: %d\n%s%s", code, out, errw)
	}
	if code, out, errw := runCLI(t, append([]string{"bundle", "verify", "--pubkey", pub}, files...)...); code != exitOK {
		t.Fatalf("verify: %d\n%s%s", code, out, errw)
	}
	if mini, err := exec.LookPath("minisign"); err == nil {
		if out, err := exec.Command(mini, "-V", "-p", pub, "-m", filepath.Join(dir, "content", "employee.json")).CombinedOutput(); err != nil ||
			!strings.Contains(string(out), "file:content/employee.json") {
			t.Fatalf("minisign -V: %v\n%s", err, out)
		}
	}
}

// TestBundleSignRefusesCraftedKDFLimits: a key file asking scrypt for 2^40
// work and memory crashed advocatectl with a fatal out-of-memory error.
func TestBundleSignRefusesCraftedKDFLimits(t *testing.T) {
	data, _ := os.ReadFile(filepath.Join("..", "..", "advocacy", "signing", "testdata", "passwordremoved.key"))
	lines := strings.Split(string(data), "\n")
	raw, err := base64.StdEncoding.DecodeString(lines[1])
	if err != nil {
		t.Fatal(err)
	}
	copy(raw[2:4], "Sc")
	binary.LittleEndian.PutUint64(raw[38:46], 1<<40)
	binary.LittleEndian.PutUint64(raw[46:54], 1<<40)
	key := filepath.Join(t.TempDir(), "crafted.key")
	os.WriteFile(key, []byte(lines[0]+"\n"+base64.StdEncoding.EncodeToString(raw)+"\n"), 0o600)
	loose := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(loose, []byte("hello\n"), 0o600)
	code, _, errw := runWithInput(t, "pw\n", "bundle", "sign", "--key", key, loose)
	if code != exitUsage || !strings.Contains(errw, "more key-derivation work or memory than minisign uses") {
		t.Fatalf("crafted key: %d %q", code, errw)
	}
}
