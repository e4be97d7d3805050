package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/policy"
	"github.com/advocate-app/advocate/advocacy/share"
)

func TestAChosenShareShowsItsTextWhereItWentAndEachStep(t *testing.T) {
	sh, _ := newTestShell(t)
	c := sh.compose
	c.load(draft{network: "x", text: "Atlas 3 ships today!", locked: []string{"I work at Larkspur."}})
	if err := queue(t, c, core.Destination{Kind: core.ToPractice}, "", time.Time{}); err != nil {
		t.Fatal(err)
	}
	if sent, err := sh.s.core.Parts().Worker.RunOnce(context.Background()); err != nil || sent != 1 {
		t.Fatalf("worker: %d %v", sent, err)
	}
	sh.tabs.SelectIndex(screenActivity)
	a := sh.activity
	if len(a.shares) != 1 {
		t.Fatalf("%d shares listed", len(a.shares))
	}
	// The row says when, and what it says, not the practice post's address.
	row := newTwoLineRow()
	setTwoLineRow(row, shareTitle(a.shares[0]), shareLine(a.shares[0]), false)
	rowText := strings.Join(visibleTexts(row), " ")
	if !strings.Contains(rowText, minute(testNow)) || !strings.Contains(rowText, "Atlas 3 ships today!") || strings.Contains(rowText, "advocate://") {
		t.Fatalf("the row reads %q", rowText)
	}
	if got := strings.Join(visibleTexts(a.pane.box), " "); !strings.Contains(got, "Choose a share") {
		t.Fatalf("before a choice the pane reads %q", got)
	}
	a.outbox.Select(0)
	got := strings.Join(visibleTexts(a.pane.box), "\n")
	for _, want := range []string{"Share 1 on X", "To the practice account", "Atlas 3 ships today!", "I work at Larkspur.", "Posted",
		"A practice post", "Checked against policy 2026.11", "no problems", "Queued for the practice account on X", "Sending it to X", "Share 1 posted on X"} {
		if !strings.Contains(got, want) {
			t.Errorf("the pane lacks %q:\n%s", want, got)
		}
	}
	// Drawn anew, the share stays chosen; unchosen, the pane says so.
	a.refresh()
	if a.selected != 0 || !strings.Contains(strings.Join(visibleTexts(a.pane.box), " "), "Share 1 on X") {
		t.Fatalf("after a refresh: selected %d", a.selected)
	}
	a.outbox.UnselectAll()
	if strings.Contains(strings.Join(visibleTexts(a.pane.box), " "), "Share 1 on X") || !a.retry.Disabled() {
		t.Fatal("the pane still shows a share nobody chose")
	}
}

func TestAPostedShareShowsWhatItEarned(t *testing.T) {
	sh, _ := newTestShell(t)
	ctx := context.Background()
	if _, err := sh.s.core.Parts().Outbox.Enqueue(ctx, share.Share{Network: network.Mastodon, AccountID: 1, Text: "Atlas 3 ships"},
		policy.Result{Verdict: policy.Pass}, "employee", ""); err != nil {
		t.Fatal(err)
	}
	db := sh.s.core.Parts().Store.DB()
	stamp := func(d time.Duration) string { return testNow.Add(d).UTC().Format(time.RFC3339Nano) }
	for _, q := range []struct {
		query string
		args  []any
	}{
		{"UPDATE shares SET state = 'posted', result_url = 'https://social.example/@me/1'", nil},
		{"INSERT INTO engagement_tracks(share_id, posted_at, step, next_read, state) VALUES(1, ?, 2, ?, 'reading')", []any{stamp(-25 * time.Hour), stamp(47 * time.Hour)}},
		{"INSERT INTO engagement_readings(share_id, at, status, reactions, reposts, replies) VALUES(1, ?, 'read', 3, NULL, 0)", []any{stamp(-24 * time.Hour)}},
		{"INSERT INTO engagement_readings(share_id, at, status, reactions, reposts, replies) VALUES(1, ?, 'read', 9, 2, 1)", []any{stamp(-time.Hour)}},
	} {
		if _, err := db.ExecContext(ctx, q.query, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	sh.tabs.SelectIndex(screenActivity)
	sh.activity.outbox.Select(0)
	got := strings.Join(visibleTexts(sh.activity.pane.box), "\n")
	for _, want := range []string{"What it earned", "1 hour after posting: 3 reactions · reposts not available · 0 replies",
		"24 hours after posting: 9 reactions · 2 reposts · 1 reply", "Read again 24 Nov 2026 11:00", "Open the post on Mastodon"} {
		if !strings.Contains(got, want) {
			t.Errorf("the pane lacks %q:\n%s", want, got)
		}
	}
	var chart *lineChart
	for _, o := range sh.activity.pane.box.Objects {
		if c, ok := o.(*lineChart); ok {
			chart = c
		}
	}
	if chart == nil || chart.points() != 2 || chart.lines[0].ys[1] != 9 || chart.lines[1].known[0] {
		t.Fatalf("the pane's chart of the counts: %+v", chart)
	}
}
