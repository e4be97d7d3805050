package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/audit"
	"github.com/advocate-app/advocate/advocacy/store"
)

func TestAuditVerifyAndExport(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		tx, _ := st.DB().BeginTx(ctx, nil)
		audit.Append(ctx, tx, time.Now(), "share.posted", map[string]int{"share": i})
		tx.Commit()
	}
	st.Close()
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
	st, _ = store.Open(ctx, dir)
	st.DB().Exec("UPDATE audit SET kind = 'share.failed' WHERE seq = 4")
	st.Close()
	if code, out, _ := runCLI(t, "audit", "verify", "--data-dir", dir); code != exitBlock || !strings.Contains(out, "record 4 is broken") {
		t.Fatalf("tampered database: %d %s", code, out)
	}
	if code, _, errw := runCLI(t, "audit", "verify", "--data-dir", t.TempDir()); code != exitUsage || !strings.Contains(errw, "no Advocate data") {
		t.Fatalf("empty folder: %d %s", code, errw)
	}
}
