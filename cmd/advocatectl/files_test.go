package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestFilesAreReadWithinBounds: a pipe, a device or a huge file given to
// a command is refused at once, never read without end.
func TestFilesAreReadWithinBounds(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "policy.yaml")
	if err := makeFIFO(fifo); err != nil {
		t.Logf("no FIFOs here, so only the device and the huge file: %v", err)
		fifo = ""
	}
	huge := filepath.Join(dir, "huge.yaml")
	if err := os.WriteFile(huge, bytes.Repeat([]byte("# padding\n"), (maxPolicy/10)+1), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"policy", "lint", fifo}, "not a regular file"},
		{[]string{"policy", "test", device}, "not a regular file"},
		{[]string{"check", "--policy", fifo, "--role", "employee", "--network", "x", "hello"}, "not a regular file"},
		{[]string{"feed", "inspect", device}, "not a regular file"},
		{[]string{"audit", "verify", "--export", fifo}, "not a regular file"},
		{[]string{"policy", "lint", huge}, "larger than 4 MiB"},
	} {
		if fifo == "" && slices.Contains(c.args, "") {
			continue
		}
		code, _, errw := runCLI(t, c.args...)
		if code != exitUsage || !strings.Contains(errw, c.want) {
			t.Errorf("%q: exit %d, %q; want %q", c.args, code, errw, c.want)
		}
	}
}

func TestAuditExportChecksTheFormatFirstAndTakesDashForOutput(t *testing.T) {
	dir := t.TempDir()
	writeTrail(t, dir, 1).Close()
	keep := filepath.Join(t.TempDir(), "keep.jsonl")
	os.WriteFile(keep, []byte("precious\n"), 0o600)
	if code, _, _ := runCLI(t, "audit", "export", "--data-dir", dir, "--format", "xml", keep); code != exitUsage {
		t.Fatalf("xml: exit %d", code)
	}
	if data, _ := os.ReadFile(keep); string(data) != "precious\n" {
		t.Fatalf("a refused export emptied the file: %q", data)
	}
	code, out, _ := runCLI(t, "audit", "export", "--data-dir", dir, "-")
	if code != exitOK || !strings.Contains(out, `"kind":"share.posted"`) {
		t.Fatalf("export to -: %d %q", code, out)
	}
	if _, err := os.Stat("-"); err == nil {
		os.Remove("-")
		t.Fatal("export - wrote a file named -")
	}
}
