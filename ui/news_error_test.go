package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// TestAFeedsLastErrorIsShownWhole: a feed's list row cuts its error at the
// list's edge; chosen, the feed shows the whole error, wrapped within the
// window, with its address.
func TestAFeedsLastErrorIsShownWhole(t *testing.T) {
	sh, w := newTestShell(t)
	w.Resize(fyne.NewSize(800, 600))
	ctx := context.Background()
	link := "http://127.0.0.1:9/feed.xml"
	if err := sh.s.core.Follow(ctx, link, "Old intranet feed"); err != nil {
		t.Fatal(err)
	}
	why := "feeds: fetch " + link + ": dial tcp 127.0.0.1:9: connect: connection refused; the server did not answer, and Advocate tries again later"
	if _, err := sh.s.core.Parts().Store.DB().ExecContext(ctx, "UPDATE feeds SET last_error = ? WHERE url = ?", why, link); err != nil {
		t.Fatal(err)
	}
	n := sh.news
	n.reload() // the test session runs its work at once
	at := -1
	for i, sub := range n.subs {
		if sub.URL == link {
			at = i + 1
		}
	}
	if at < 0 {
		t.Fatalf("the feed is not listed: %+v", n.subs)
	}
	n.feedList.Select(at)
	want := link + " could not be fetched last time: " + strings.TrimPrefix(why, "feeds: ")
	found := false
	for _, l := range wrappedLabels(n.detail) {
		if l.Text == want {
			found = true
			if l.MinSize().Width > w.Canvas().Size().Width {
				t.Fatalf("the error is %v wide in a %v window", l.MinSize().Width, w.Canvas().Size().Width)
			}
		}
	}
	if !found {
		t.Fatalf("the whole error is not shown; the detail has %q", visibleTexts(n.detail))
	}
}
