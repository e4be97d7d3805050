package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

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
	if code, _, errw := runWithInput(t, "wrong\n", "bundle", "sign", "--key", sec, files[0]); code != exitUsage || !strings.Contains(errw, "wrong password") {
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
