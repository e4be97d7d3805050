package core

import (
	"context"
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
