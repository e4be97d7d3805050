package share

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/network"
)

func TestImpactCountsPostedSharesByWeekNetworkCampaignAndContent(t *testing.T) {
	ctx := context.Background()
	o, _, srv, _ := setup(t, t.TempDir())
	w := &Worker{Outbox: o, Posters: posters{srv.URL, srv.Client()}}
	at := func(day int) { o.Now = func() time.Time { return time.Date(2026, 11, day, 15, 0, 0, 0, time.UTC) } }
	queue := func(id network.ID, campaign, content string) {
		t.Helper()
		account := int64(1)
		if id == "practice" {
			id, account = network.X, 0
		}
		if _, err := o.Enqueue(ctx, Share{Network: id, AccountID: account, Text: "Atlas 3 " + string(id) + campaign + content,
			Campaign: campaign, ContentID: content}, passing, "employee", ""); err != nil {
			t.Fatal(err)
		}
	}
	at(5) // Thursday of the week of Monday 2 November
	queue("mastodon", "atlas-3-launch", "atlas-3")
	at(18) // Wednesday of the week of Monday 16 November
	queue("mastodon", "atlas-3-launch", "atlas-3")
	queue("bluesky", "", "hiring")
	queue("practice", "atlas-3-launch", "atlas-3") // practice: counted apart
	if sent, err := w.RunOnce(ctx); err != nil || sent != 4 {
		t.Fatalf("RunOnce = %d, %v", sent, err)
	}
	if all, _ := o.byState(ctx, Posted); len(all) != 4 {
		t.Fatalf("%d shares posted, want 4 with the practice one", len(all))
	}
	queue("bluesky", "atlas-3-launch", "atlas-3") // queued, not posted: not counted
	at(22)                                        // Sunday 22 November
	got, err := o.Impact(ctx, 4)
	if err != nil {
		t.Fatal(err)
	}
	checks := map[string]string{
		"posted":    fmt.Sprint(got.Posted),
		"practice":  fmt.Sprint(got.Practice),
		"weeks":     fmt.Sprint(got.Weeks),
		"networks":  fmt.Sprint(got.Networks),
		"campaigns": fmt.Sprint(got.Campaigns),
		"content":   fmt.Sprint(got.Content),
	}
	want := map[string]string{
		"posted":    "3",
		"practice":  "1",
		"weeks":     "[{26 Oct 0 0} {2 Nov 1 0} {9 Nov 0 0} {16 Nov 2 1}]",
		"networks":  "[{mastodon 2 0} {bluesky 1 0} {x 0 1}]",
		"campaigns": "[{atlas-3-launch 2 1}]",
		"content":   "[{atlas-3 2 1} {hiring 1 0}]",
	}
	for k, v := range want {
		if checks[k] != v {
			t.Errorf("%s = %s, want %s", k, checks[k], v)
		}
	}
}
