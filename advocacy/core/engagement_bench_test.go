package core

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/store"
)

// openBenchCore is a core on a store holding n posted shares over twelve
// weeks, each read three times.
func openBenchCore(b *testing.B, n int) *Core {
	b.Helper()
	c, db := openEmptyBenchCore(b)
	stamp := func(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
	for i := 1; i <= n; i++ {
		posted := testNow.Add(-time.Duration(i) * 84 * 24 * time.Hour / time.Duration(n))
		net := []string{"mastodon", "bluesky", "linkedin"}[i%3]
		if _, err := db.Exec(`INSERT INTO shares(id, created_at, network, account_id, text, idem_key, state, campaign, result_id)
			VALUES(?, ?, ?, 1, 'text', ?, 'posted', ?, ?)`, i, store.FormatTime(posted), net, fmt.Sprint("b", i), []string{"", "launch"}[i%2], fmt.Sprint(i)); err != nil {
			b.Fatal(err)
		}
		if _, err := db.Exec(`INSERT INTO engagement_tracks(share_id, posted_at, step, next_read, state) VALUES(?, ?, 3, '', 'done')`, i, stamp(posted)); err != nil {
			b.Fatal(err)
		}
		for k, after := range []time.Duration{time.Hour, 6 * time.Hour, 24 * time.Hour} {
			if _, err := db.Exec(`INSERT INTO engagement_readings(share_id, at, status, reactions, reposts, replies) VALUES(?, ?, 'read', ?, 1, 0)`,
				i, stamp(posted.Add(after)), k+i%7); err != nil {
				b.Fatal(err)
			}
		}
	}
	return c
}

// BenchmarkImpactOutlook is what Impact reads on each refresh over 500
// tracked shares, against BenchmarkEngagementSummary, the summary alone,
// as the baseline: the outlook adds the latest tracks' readings.
func BenchmarkImpactOutlook(b *testing.B) {
	c := openBenchCore(b, 500)
	ctx := context.Background()
	for b.Loop() {
		o, err := c.ImpactOutlook(ctx, 12, 5)
		if err != nil || len(o.Recent) != 5 {
			b.Fatal(err)
		}
		_ = o.Series(ImpactScope{}, MetricReactions)
	}
}

// BenchmarkEngagementSummary is BenchmarkImpactOutlook's baseline.
func BenchmarkEngagementSummary(b *testing.B) {
	c := openBenchCore(b, 500)
	ctx := context.Background()
	for b.Loop() {
		if _, err := c.EngagementSummary(ctx, 12); err != nil {
			b.Fatal(err)
		}
	}
}

// openEmptyBenchCore is a core at testNow on a new store, and the store's
// database.
func openEmptyBenchCore(b *testing.B) (*Core, *sql.DB) {
	b.Helper()
	dir := b.TempDir()
	st, err := store.Open(context.Background(), dir)
	if err != nil {
		b.Fatal(err)
	}
	c, err := Open(context.Background(), Config{Store: st, DataDir: dir, Secrets: &memorySecrets{m: map[string]string{}}, Now: func() time.Time { return testNow }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	return c, st.DB()
}
