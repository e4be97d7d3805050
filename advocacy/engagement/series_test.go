package engagement_test

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/store"
)

// TestTracksCarryTheirOwnReadings: the readings of several tracked shares,
// read in one query, each go to their own share, oldest first, and a
// share not read yet has none.
func TestTracksCarryTheirOwnReadings(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	var ids []int64
	for i := range 3 {
		id := post(t, db, network.Mastodon, 1, "p"+string(rune('a'+i)), t0.Add(time.Duration(i)*time.Hour))
		if _, err := db.ExecContext(ctx, `INSERT INTO engagement_tracks(share_id, posted_at, step, next_read, state) VALUES(?, ?, 0, '', 'reading')`,
			id, store.FormatTime(t0.Add(time.Duration(i)*time.Hour))); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	// Interleaved, newest written first: share 0 read at +3h then +1h,
	// share 1 at +2h; share 2 never.
	for _, r := range []struct {
		share     int64
		after     time.Duration
		reactions int
	}{{ids[0], 3 * time.Hour, 30}, {ids[1], 2 * time.Hour, 12}, {ids[0], time.Hour, 10}} {
		if _, err := db.ExecContext(ctx, `INSERT INTO engagement_readings(share_id, at, status, reactions, reposts) VALUES(?, ?, 'read', ?, 0)`,
			r.share, store.FormatTime(t0.Add(r.after)), r.reactions); err != nil {
			t.Fatal(err)
		}
	}
	tracks, err := tracker(db, &clock{t: t0.Add(4 * time.Hour)}, nil).Tracks(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64][]int64{}
	for _, tr := range tracks {
		got[tr.ShareID] = []int64{}
		for _, r := range tr.Readings {
			got[tr.ShareID] = append(got[tr.ShareID], r.Counts.Reactions.N)
		}
	}
	want := map[int64][]int64{ids[0]: {10, 30}, ids[1]: {12}, ids[2]: {}}
	if !maps.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("readings by share: %v, want %v", got, want)
	}
}

// TestTracksReadManySharesReadings: more tracked shares than one query
// reads the readings of still each get theirs.
func TestTracksReadManySharesReadings(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	const n = 1203
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		at := store.FormatTime(t0.Add(time.Duration(i) * time.Minute))
		if _, err := tx.ExecContext(ctx, `INSERT INTO shares(id, created_at, network, account_id, text, idem_key, state, result_id) VALUES(?, ?, 'mastodon', 1, 't', ?, 'posted', ?)`, i, at, i, i); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO engagement_tracks(share_id, posted_at, step, next_read, state) VALUES(?, ?, 0, '', 'reading')`, i, at); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO engagement_readings(share_id, at, status, reactions, reposts) VALUES(?, ?, 'read', ?, 0)`, i, at, i); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	tracks, err := tracker(db, &clock{t: t0}, nil).Tracks(ctx, n)
	if err != nil || len(tracks) != n {
		t.Fatalf("%d tracks, %v", len(tracks), err)
	}
	for _, tr := range tracks {
		if len(tr.Readings) != 1 || tr.Readings[0].Counts.Reactions.N != tr.ShareID {
			t.Fatalf("share %d: readings %+v", tr.ShareID, tr.Readings)
		}
	}
}
