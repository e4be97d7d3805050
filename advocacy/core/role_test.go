package core

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/audit"
	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/share"
)

// TestBecomingAlumniHoldsTheSharesOfEmployeeOnlyItems: a share of an item
// meant for employees only that has not gone yet is held when the user
// becomes alumni, with the step on the audit trail, and cannot be tried
// again as alumni; a share of an item for both stays queued.
func TestBecomingAlumniHoldsTheSharesOfEmployeeOnlyItems(t *testing.T) {
	ctx := context.Background()
	c := openCore(t, t.TempDir(), "")
	defer c.Close()
	var employeeOnly, both bundle.Item
	for _, it := range c.State().Bundle.Content {
		switch {
		case !it.For(bundle.RoleAlumni) && employeeOnly.ID == "":
			employeeOnly = it
		case it.For(bundle.RoleAlumni) && both.ID == "":
			both = it
		}
	}
	if employeeOnly.ID == "" || both.ID == "" {
		t.Fatal("the demo needs an item for employees only and one for both")
	}
	later := testNow.Add(48 * time.Hour)
	queue := func(it bundle.Item, text string) share.Share {
		t.Helper()
		sh, err := c.Share(ctx, ShareRequest{Network: network.Mastodon, To: Destination{Kind: ToPractice}, Text: text,
			At: later, ContentID: it.ID})
		if err != nil {
			t.Fatal(err)
		}
		return sh
	}
	held := queue(employeeOnly, "Proud of what my team shipped this week")
	kept := queue(both, "A good read from my old team")

	if n, err := c.WouldHold(ctx, bundle.RoleAlumni); err != nil || n != 1 {
		t.Fatalf("becoming alumni would hold %d shares (%v), want 1", n, err)
	}
	if _, err := c.SetRole(ctx, bundle.RoleAlumni); err != nil {
		t.Fatal(err)
	}
	got, _ := c.Parts().Outbox.Get(ctx, held.ID)
	if got.State != share.Failed || got.Why != share.WhyNotForRole {
		t.Fatalf("the employee-only share is %s (%s), want held", got.State, got.Why)
	}
	if other, _ := c.Parts().Outbox.Get(ctx, kept.ID); other.State != share.Queued {
		t.Fatalf("the share of an item for both is %s, want queued", other.State)
	}
	recs, err := audit.Records(ctx, c.Parts().Store.DB(), 1, 100)
	if err != nil {
		t.Fatal(err)
	}
	blocked := 0
	for _, r := range recs {
		if r.Kind == share.KindBlocked {
			blocked++
		}
	}
	if blocked != 1 {
		t.Fatalf("%d blocked steps on the trail, want 1", blocked)
	}
	if err := c.Retry(ctx, got); !errors.Is(err, ErrNotForRole) {
		t.Fatalf("trying again as alumni: %v, want ErrNotForRole", err)
	}
	if e := Explain(c.Retry(ctx, got)); e.Trouble != TroubleNotForRole {
		t.Fatalf("explained as %v", e.Trouble)
	}
}
