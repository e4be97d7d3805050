package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/advocate-app/advocate/advocacy/appinfo"
	"github.com/advocate-app/advocate/advocacy/store"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errw bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errw)
	return code, out.String(), errw.String()
}

func TestHelpListsTheCommandsThatExist(t *testing.T) {
	code, out, _ := runCLI(t, "--help")
	if code != exitOK {
		t.Fatalf("--help exit %d", code)
	}
	if len(commands) == 0 {
		t.Fatal("no commands registered")
	}
	for name, cmd := range commands {
		if !strings.Contains(out, "  "+name+" ") || !strings.Contains(out, cmd.summary) {
			t.Errorf("--help does not list %s:\n%s", name, out)
		}
	}
	for _, missing := range []string{"schedule", "archive"} {
		if strings.Contains(out, missing) {
			t.Errorf("--help lists %q, which does not exist yet", missing)
		}
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := runCLI(t, "--version")
	if code != exitOK || strings.TrimSpace(out) != "advocatectl "+appinfo.Version {
		t.Fatalf("--version = %d %q", code, out)
	}
}

func TestUsageErrorsExit2WithOneLine(t *testing.T) {
	for _, args := range [][]string{{}, {"frobnicate"}, {"store"}, {"store", "check", "--nope"}, {"store", "check", "extra"}} {
		code, _, errw := runCLI(t, args...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
		if len(args) > 0 && strings.Count(strings.TrimSpace(errw), "\n") != 0 {
			t.Errorf("%v: stderr is not one line: %q", args, errw)
		}
	}
}

func TestStoreCheck(t *testing.T) {
	dir := t.TempDir()
	// A folder without a database stays so.
	if code, _, errw := runCLI(t, "store", "check", "--data-dir", dir); code != exitUsage || !strings.Contains(errw, "no database") {
		t.Fatalf("empty folder: %d %s", code, errw)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("store check created %v", entries)
	}
	st, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, out, errw := runCLI(t, "store", "check", "--data-dir", dir, "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errw)
	}
	var report struct {
		SchemaVersion int    `json:"schema_version"`
		JournalMode   string `json:"journal_mode"`
		OK            bool   `json:"ok"`
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatal(err)
	}
	if !report.OK || report.SchemaVersion != store.SchemaVersion() || report.JournalMode != "wal" {
		t.Fatalf("report = %+v", report)
	}

	// The environment variable picks the folder when the flag does not.
	t.Setenv(store.DirEnv, dir)
	if code, out, _ := runCLI(t, "store", "check"); code != exitOK || !strings.Contains(out, dir) {
		t.Fatalf("store check via %s = %d %q", store.DirEnv, code, out)
	}

	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, store.FileName), bytes.Repeat([]byte("junk"), 2000), 0o600)
	code, _, errw = runCLI(t, "store", "check", "--data-dir", bad)
	if code != exitUsage || !strings.Contains(errw, "move it aside") {
		t.Fatalf("damaged store: exit %d, %q", code, errw)
	}
}
