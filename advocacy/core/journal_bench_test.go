package core

import (
	"context"
	"fmt"
	"testing"

	"github.com/advocate-app/advocate/advocacy/store"
)

// BenchmarkHistory reads one share's records (what a share's detail in
// Activity shows) from a trail of 40,000 records about 10,000 shares:
// through the index by share, and, as the baseline in the same run, with
// the index dropped, as before schema 10.
func BenchmarkHistory(b *testing.B) {
	ctx := context.Background()
	c, db := openEmptyBenchCore(b)
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	for i := range 40000 {
		data := fmt.Sprintf(`{"share": %d, "network": "mastodon", "verdict": "pass", "text_sha256": "%064d"}`, i/4, i)
		if _, err := tx.Exec(`INSERT INTO audit(at, kind, data, prev, hash) VALUES(?, 'share.queued', ?, '', '')`, store.FormatTime(testNow), data); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	read := func(b *testing.B) {
		for b.Loop() {
			if h, err := c.History(ctx, 4321); err != nil || len(h) != 4 {
				b.Fatalf("%d records, %v", len(h), err)
			}
		}
	}
	b.Run("indexed", read)
	if _, err := db.Exec("DROP INDEX audit_share"); err != nil {
		b.Fatal(err)
	}
	b.Run("scan", read)
}
