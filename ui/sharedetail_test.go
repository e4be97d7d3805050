package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/core"
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
	setTwoLineRow(row, shareTitle(a.shares[0]), shareLine(a.shares[0]))
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
