package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/audit"
	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/credentials"
	"github.com/advocate-app/advocate/advocacy/store"
)

func TestAuditVerifyAndExport(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	writeTrail(t, dir, 5).Close()
	code, out, _ := runCLI(t, "audit", "verify", "--data-dir", dir)
	if code != exitOK || !strings.Contains(out, "5 records, the chain is intact") {
		t.Fatalf("verify: %d %s", code, out)
	}
	for _, format := range []string{"jsonl", "csv"} {
		file := filepath.Join(t.TempDir(), "trail."+format)
		if code, _, errw := runCLI(t, "audit", "export", "--data-dir", dir, "--format", format, file); code != exitOK {
			t.Fatalf("export %s: %s", format, errw)
		}
		if code, out, _ := runCLI(t, "audit", "verify", "--export", file); code != exitOK || !strings.Contains(out, "5 records") {
			t.Fatalf("verify %s export: %d %s", format, code, out)
		}
		data, _ := os.ReadFile(file)
		// Record 3 holds {"share":2}; one byte changed there.
		os.WriteFile(file, []byte(strings.Replace(strings.Replace(string(data), `"share":2}`, `"share":7}`, 1), `""share"":2}`, `""share"":7}`, 1)), 0o600)
		if code, out, _ := runCLI(t, "audit", "verify", "--export", file); code != exitBlock || !strings.Contains(out, "record 3 is broken") {
			t.Fatalf("tampered %s export: %d %s", format, code, out)
		}
	}
	st, _ := store.Open(ctx, dir)
	st.DB().Exec("UPDATE audit SET kind = 'share.failed' WHERE seq = 4")
	st.Close()
	if code, out, _ := runCLI(t, "audit", "verify", "--data-dir", dir); code != exitBlock || !strings.Contains(out, "record 4 is broken") {
		t.Fatalf("tampered database: %d %s", code, out)
	}
	if code, _, errw := runCLI(t, "audit", "verify", "--data-dir", t.TempDir()); code != exitUsage || !strings.Contains(errw, "no Advocate data") {
		t.Fatalf("empty folder: %d %s", code, errw)
	}
}

// TestAuditVerifyChecksTheKeyringAnchor: records removed from the end
// leave an intact chain, which only the anchor the app kept in the
// keyring (and the archive's acknowledgement) can tell.
func TestAuditVerifyChecksTheKeyringAnchor(t *testing.T) {
	// Windows keeps the anchor in its Credential Manager, with no D-Bus.
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" && runtime.GOOS != "windows" {
		if os.Getenv("ADVOCATE_REQUIRE_KEYRING") != "" {
			t.Fatal("no D-Bus session bus")
		}
		t.Skip("no D-Bus session bus; make test starts one with gnome-keyring")
	}
	ctx := context.Background()
	old := trailKeyring
	keys := credentials.New(fmt.Sprintf("advocate-test-%d", time.Now().UnixNano()))
	trailKeyring = keys
	t.Cleanup(func() { trailKeyring = old })
	dir := t.TempDir()
	st := writeTrail(t, dir, 5)
	head, _ := audit.HeadOf(ctx, st.DB())
	if err := keys.Set(ctx, core.TrailService, core.TrailAccount(dir), head.String()); err != nil {
		if os.Getenv("ADVOCATE_REQUIRE_KEYRING") == "" {
			t.Skipf("the session's keyring cannot be used: %v", err)
		}
		t.Fatal(err)
	}
	t.Cleanup(func() { keys.Delete(context.Background(), core.TrailService, core.TrailAccount(dir)) })
	st.DB().ExecContext(ctx, "INSERT INTO settings(key, value) VALUES('audit_archived_seq', '4')")
	st.Close()
	if code, out, _ := runCLI(t, "audit", "verify", "--data-dir", dir); code != exitOK || !strings.Contains(out, "holds record 5 as anchored") ||
		!strings.Contains(out, "acknowledged records 1 to 4 of 5") {
		t.Fatalf("intact: %d %s", code, out)
	}
	st, _ = store.Open(ctx, dir)
	st.DB().ExecContext(ctx, "DELETE FROM audit WHERE seq > 3")
	st.Close()
	code, out, _ := runCLI(t, "audit", "verify", "--data-dir", dir)
	if code != exitBlock || !strings.Contains(out, "3 records, the chain is intact") || !strings.Contains(out, "2 records were removed") ||
		!strings.Contains(out, "archive acknowledged record 4, but the trail ends at record 3") {
		t.Fatalf("cut short: %d %s", code, out)
	}
}

// writeTrail opens a store in dir holding a trail of n records.
func writeTrail(t *testing.T, dir string, n int) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		tx, err := st.DB().BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := audit.Append(ctx, tx, time.Now(), "share.posted", map[string]int{"share": i}); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	return st
}
