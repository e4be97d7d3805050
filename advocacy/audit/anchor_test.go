package audit

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"
)

// rechain recomputes every record's chain from seq on, as someone with
// the database file and this source code could.
func rechain(t *testing.T, db *sql.DB) {
	t.Helper()
	ctx := context.Background()
	recs, err := Records(ctx, db, 1, 1000)
	if err != nil {
		t.Fatal(err)
	}
	prev := Genesis
	for _, r := range recs {
		r.Prev = prev
		r.Hash = r.Sum()
		if _, err := db.ExecContext(ctx, "UPDATE audit SET prev = ?, hash = ? WHERE seq = ?", r.Prev, r.Hash, r.Seq); err != nil {
			t.Fatal(err)
		}
		prev = r.Hash
	}
}

func TestTheAnchorCatchesWhatTheChainCannot(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name   string
		tamper func(*sql.DB)
		check  func(error) bool
	}{
		{"untouched", func(*sql.DB) {}, func(err error) bool { return err == nil }},
		{"records after the anchor", func(db *sql.DB) {
			tx, _ := db.BeginTx(ctx, nil)
			Append(ctx, tx, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), "share.posted", map[string]any{"share": 9})
			tx.Commit()
		}, func(err error) bool { return err == nil }},
		{"cut short", func(db *sql.DB) { db.ExecContext(ctx, "DELETE FROM audit WHERE seq > 3") }, func(err error) bool {
			var tr *Truncated
			return errors.As(err, &tr) && tr.Anchored == 5 && tr.Head == 3
		}},
		{"emptied", func(db *sql.DB) { db.ExecContext(ctx, "DELETE FROM audit") }, func(err error) bool { return errors.Is(err, ErrOtherTrail) }},
		{"rewritten and rechained", func(db *sql.DB) {
			db.ExecContext(ctx, `UPDATE audit SET data = '{"share":1,"network":"mastodon"}' WHERE seq = 2`)
			rechain(t, db)
		}, func(err error) bool {
			var rw *Rewritten
			return errors.As(err, &rw) && rw.Seq == 5
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := trail(t, 5)
			anchor, err := HeadOf(ctx, st.DB())
			if err != nil || anchor.Seq != 5 {
				t.Fatalf("head %+v, %v", anchor, err)
			}
			kept, err := ParseAnchor(anchor.String())
			if err != nil || kept != anchor {
				t.Fatalf("anchor did not survive keeping: %+v, %v", kept, err)
			}
			c.tamper(st.DB())
			if n, err := Verify(ctx, st.DB()); c.name != "untouched" && c.name != "records after the anchor" && err != nil {
				t.Fatalf("the chain alone should not see this (%d, %v)", n, err)
			}
			if err := CheckAnchor(ctx, st.DB(), kept); !c.check(err) {
				t.Fatalf("CheckAnchor: %v", err)
			}
		})
	}
}
