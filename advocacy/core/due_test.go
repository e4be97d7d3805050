package core

import (
	"context"
	"encoding/json"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/audit"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/share"
	"github.com/advocate-app/advocate/advocacy/store"
)

// TestAScheduledShareIsCheckedWhenItIsDue: a share that passed when it was
// queued goes only if the policy in force when it is due, at that time,
// lets it; that check is on the trail.
func TestAScheduledShareIsCheckedWhenItIsDue(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	var now atomic.Pointer[time.Time]
	set := func(t time.Time) { now.Store(&t) }
	set(time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC))
	c, err := Open(ctx, Config{Store: st, DataDir: dir, Now: func() time.Time { return *now.Load() }})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	text := "Larkspur had a strong quarter" // the demo's quiet period (from 15 December) blocks it
	// Scheduled into the quiet period: refused when queued.
	if _, err := c.Share(ctx, ShareRequest{Network: network.Mastodon, To: Destination{Kind: ToPractice}, Text: text,
		At: time.Date(2026, 12, 20, 9, 0, 0, 0, time.UTC)}); err == nil {
		t.Fatal("a share scheduled into the quiet period was queued")
	}
	// Scheduled before it: queued; but the worker only gets to it once the
	// quiet period has begun.
	sh, err := c.Share(ctx, ShareRequest{Network: network.Mastodon, To: Destination{Kind: ToPractice}, Text: text, Reason: "results are out",
		At: time.Date(2026, 12, 14, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	set(time.Date(2026, 12, 16, 9, 0, 0, 0, time.UTC))
	if _, err := c.Parts().Worker.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	got, _ := c.Parts().Outbox.Get(ctx, sh.ID)
	if got.State != share.Failed || got.Why != share.WhyBlockedLater {
		t.Fatalf("due in the quiet period: %s (%s)", got.State, got.Why)
	}
	recs, _ := audit.Records(ctx, c.Parts().Store.DB(), 1, 100)
	found := false
	for _, r := range recs {
		var d struct {
			Share int64
			Due   bool
			Check share.CheckRecord
		}
		json.Unmarshal(r.Data, &d)
		if r.Kind == share.KindCheck && d.Share == sh.ID && d.Due && d.Check.Verdict == "block" {
			found = true
		}
	}
	if !found {
		t.Fatal("no check record from when the share was due")
	}
}

func TestTheSameTextToTheSamePlaceAsksFirst(t *testing.T) {
	ctx := context.Background()
	c := openCore(t, t.TempDir(), "")
	defer c.Close()
	req := ShareRequest{Network: network.Bluesky, To: Destination{Kind: ToPractice}, Text: "Atlas 3 ships today!\nI work at Larkspur."}
	first, err := c.Share(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Share(ctx, req)
	var repeat *RepeatError
	if !errors.As(err, &repeat) || repeat.Of.ID != first.ID {
		t.Fatalf("second share: %v", err)
	}
	req.Network = network.X // another place is no repeat
	if _, err := c.Share(ctx, req); err != nil {
		t.Fatalf("on X: %v", err)
	}
	req.Network, req.Again = network.Bluesky, true
	if _, err := c.Share(ctx, req); err != nil {
		t.Fatalf("confirmed: %v", err)
	}
}
