package core

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/share"
)

func TestTheJournalIsTheAuditTrailWrittenOnce(t *testing.T) {
	c := openCore(t, t.TempDir(), "")
	defer c.Close()
	ctx := context.Background()
	db := c.Parts().Store.DB()
	// A line kept from before the journal, in the form of that time.
	if _, err := db.ExecContext(ctx, "INSERT INTO activity(at, kind, summary) VALUES(?, 'role', ?)",
		testNow.Add(-time.Hour).Format(time.RFC3339Nano), `{"args":{"Role":"employee"}}`); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SetRole(ctx, bundle.RoleAlumni); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Share(ctx, ShareRequest{Network: network.Mastodon, To: Destination{Kind: ToPractice}, Text: "Larkspur is hiring"}); err != nil {
		t.Fatal(err)
	}
	entries, err := c.Activity(ctx, 50)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range entries {
		kinds = append(kinds, e.Kind)
	}
	// Newest first; the check of a share nobody overrode is left out, and
	// the kept line comes last, with its values under today's names.
	want := []string{share.KindQueued, KindRole, KindPurge, KindBundle, KindRole}
	if len(kinds) != len(want) {
		t.Fatalf("journal kinds %v, want %v", kinds, want)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Fatalf("journal kinds %v, want %v", kinds, want)
		}
	}
	if q := entries[0]; q.Seq == 0 || q.Text("network") != "mastodon" || q.Number("account") != 0 || q.Text("text") != "Larkspur is hiring" {
		t.Fatalf("queued entry %+v", q)
	}
	if kept := entries[4]; kept.Seq != 0 || kept.Text("role") != "employee" {
		t.Fatalf("kept entry %+v", kept)
	}
	// Each step was written once, to the audit trail only.
	var lines int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM activity").Scan(&lines); err != nil || lines != 1 {
		t.Fatalf("%d lines in the old activity log, %v", lines, err)
	}
}

func TestTheHistoryOfAShareListsEachOfItsSteps(t *testing.T) {
	c := openCore(t, t.TempDir(), "")
	defer c.Close()
	ctx := context.Background()
	first, err := c.Share(ctx, ShareRequest{Network: network.Mastodon, To: Destination{Kind: ToPractice}, Text: "Good news for the robotics community"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Share(ctx, ShareRequest{Network: network.X, To: Destination{Kind: ToPractice}, Text: "Proud of the team this week"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Parts().Worker.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	history, err := c.History(ctx, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range history {
		if e.Number("share") != first.ID {
			t.Fatalf("the history of share %d holds a record of share %d", first.ID, e.Number("share"))
		}
		kinds = append(kinds, e.Kind)
	}
	// Oldest first: checked, queued, posting, posted; nothing of the
	// other share.
	if want := []string{share.KindCheck, share.KindQueued, share.KindPosting, share.KindPosted}; !slices.Equal(kinds, want) {
		t.Fatalf("history kinds %v, want %v", kinds, want)
	}
	if none, err := c.History(ctx, 999); err != nil || len(none) != 0 {
		t.Fatalf("a share that does not exist has history %v, %v", none, err)
	}
}
