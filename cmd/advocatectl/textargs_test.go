package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/advocate-app/advocate/advocacy/audit"
)

const dashHint = "put -- before a text that starts with -, or pipe it on standard input"

// A text that starts with "-" reads as an option: check and count say so
// in one line with what to do, never "flag provided but not defined";
// after -- or on standard input the same text is checked and counted.
func TestATextStartingWithADashIsExplained(t *testing.T) {
	text := "-5% on every Atlas 3 this week"
	for _, args := range [][]string{
		{"check", "--role", "employee", "--network", "x", text},
		{"check", "--role", "employee", "--network", "x", "--json", text},
		{"count", "--network", "bluesky", text},
		{"count", "--network", "bluesky", "--jsno", "hello"},
		{"check", "--role", "employee", "--network", "x", "---x"},
	} {
		code, out, errw := runCLI(t, args...)
		if code != exitUsage || out != "" {
			t.Errorf("%q: exit %d, out %q", args, code, out)
		}
		if !strings.Contains(errw, dashHint) || strings.Contains(errw, "not defined") || strings.Count(strings.TrimSpace(errw), "\n") != 0 {
			t.Errorf("%q: stderr %q", args, errw)
		}
		if bad := args[len(args)-1]; args[len(args)-2] == "--jsno" {
			if !strings.Contains(errw, `"--jsno"`) {
				t.Errorf("%q: the option is not named: %q", args, errw)
			}
		} else if !strings.Contains(errw, `"`+bad+`"`) {
			t.Errorf("%q: the text is not named: %q", args, errw)
		}
	}

	var counted struct{ Count int }
	for _, c := range []struct {
		stdin string
		args  []string
	}{
		{"", []string{"count", "--network", "bluesky", "--json", "--", text}},
		{text + "\n", []string{"count", "--network", "bluesky", "--json", "-"}},
		{text + "\n", []string{"count", "--network", "bluesky", "--json"}},
		{"", []string{"count", "--json=true", "--network=bluesky", "--", text}},
	} {
		code, out, errw := runWithInput(t, c.stdin, c.args...)
		if code != exitOK {
			t.Fatalf("%q: exit %d: %s", c.args, code, errw)
		}
		if err := json.Unmarshal([]byte(out), &counted); err != nil || counted.Count != len([]rune(text)) {
			t.Fatalf("%q: %q, %v", c.args, out, err)
		}
	}
	var res checkJSON
	for _, c := range []struct {
		stdin string
		args  []string
	}{
		{"", []string{"check", "--role", "employee", "--network", "x", "--json", "--", text}},
		{text, []string{"check", "--role", "employee", "--network", "x", "--json", "-"}},
	} {
		code, out, errw := runWithInput(t, c.stdin, c.args...)
		if code == exitUsage || code == exitInternal {
			t.Fatalf("%q: exit %d: %s", c.args, code, errw)
		}
		if err := json.Unmarshal([]byte(out), &res); err != nil || res.Length.Count != len([]rune(text)) {
			t.Fatalf("%q: %q, %v", c.args, out, err)
		}
	}
	// An option's value may start with "-": it is the value, not a text.
	if code, _, errw := runCLI(t, "check", "--role", "employee", "--network", "x", "--at", "-1h", "hello"); code != exitUsage || !strings.Contains(errw, "RFC 3339") {
		t.Fatalf("--at -1h: exit %d, %q", code, errw)
	}
}

// "advocatectl audit export -" writes the trail to standard output, as
// with no file, and makes no file named "-".
func TestAuditExportDashIsStandardOutput(t *testing.T) {
	dir := t.TempDir()
	writeTrail(t, dir, 3).Close()
	t.Chdir(t.TempDir())
	for _, format := range []string{"jsonl", "csv"} {
		code, out, errw := runCLI(t, "audit", "export", "--data-dir", dir, "--format", format, "-")
		if code != exitOK || !strings.Contains(errw, "exported 3 records") {
			t.Fatalf("%s: exit %d: %s", format, code, errw)
		}
		var n int
		var err error
		if format == "csv" {
			n, err = audit.VerifyCSV(strings.NewReader(out))
		} else {
			n, err = audit.VerifyJSONL(strings.NewReader(out))
		}
		if err != nil || n != 3 {
			t.Fatalf("%s on standard output: %d records, %v\n%s", format, n, err, out)
		}
		if _, err := os.Stat(filepath.Join(".", "-")); !os.IsNotExist(err) {
			t.Fatalf("%s: a file named - was written (%v)", format, err)
		}
	}
}
