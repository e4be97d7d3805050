package audit

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/store"
)

func trail(t testing.TB, n int) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	at := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	for i := range n {
		tx, err := st.DB().BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Append(ctx, tx, at.Add(time.Duration(i)*time.Second), "share.posted", map[string]any{"share": i, "network": "x"}); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func brokenAt(t *testing.T, err error) int64 {
	t.Helper()
	var b *Broken
	if !errors.As(err, &b) {
		t.Fatalf("want a broken record, got %v", err)
	}
	return b.Seq
}

func TestChainHoldsAndNamesTheFirstBrokenRecord(t *testing.T) {
	ctx := context.Background()
	st := trail(t, 20)
	if n, err := Verify(ctx, st.DB()); err != nil || n != 20 {
		t.Fatalf("Verify = %d, %v", n, err)
	}
	db := st.DB()
	db.Exec(`UPDATE audit SET data = replace(data, '"share":7', '"share":8') WHERE seq = 8`)
	if seq := brokenAt(t, func() error { _, err := Verify(ctx, db); return err }()); seq != 8 {
		t.Fatalf("changed data: broken at %d", seq)
	}
	db.Exec(`UPDATE audit SET data = replace(data, '"share":8', '"share":7') WHERE seq = 8`)
	if _, err := Verify(ctx, db); err != nil {
		t.Fatalf("restored: %v", err)
	}
	db.Exec(`DELETE FROM audit WHERE seq = 12`)
	if seq := brokenAt(t, func() error { _, err := Verify(ctx, db); return err }()); seq != 12 {
		t.Fatalf("removed record: broken at %d", seq)
	}
}

func TestExportsVerifyAndTamperingIsDetected(t *testing.T) {
	ctx := context.Background()
	st := trail(t, 1500)
	var jsonl, csvOut bytes.Buffer
	if n, err := ExportJSONL(ctx, st.DB(), &jsonl); err != nil || n != 1500 {
		t.Fatalf("jsonl: %d %v", n, err)
	}
	if n, err := ExportCSV(ctx, st.DB(), &csvOut); err != nil || n != 1500 {
		t.Fatalf("csv: %d %v", n, err)
	}
	if n, err := VerifyJSONL(bytes.NewReader(jsonl.Bytes())); err != nil || n != 1500 {
		t.Fatalf("verify jsonl: %d %v", n, err)
	}
	if n, err := VerifyCSV(bytes.NewReader(csvOut.Bytes())); err != nil || n != 1500 {
		t.Fatalf("verify csv: %d %v", n, err)
	}
	// One byte changed in each export.
	j := bytes.Replace(jsonl.Bytes(), []byte(`"share":1234}`), []byte(`"share":1235}`), 1)
	if seq := brokenAt(t, func() error { _, err := VerifyJSONL(bytes.NewReader(j)); return err }()); seq != 1235 {
		t.Fatalf("jsonl tampering at %d", seq)
	}
	c := []byte(strings.Replace(csvOut.String(), `""share"":99}`, `""share"":98}`, 1))
	if seq := brokenAt(t, func() error { _, err := VerifyCSV(bytes.NewReader(c)); return err }()); seq != 100 {
		t.Fatalf("csv tampering at %d", seq)
	}
}
