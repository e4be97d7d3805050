package ui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

func TestContentSearchAndTopic(t *testing.T) {
	sh, _ := newTestShell(t)
	c := sh.content
	all := len(c.items)
	if all < 3 || !slices.Contains(c.topic.Options, "events") || c.topic.Selected != allTopics() {
		t.Fatalf("%d items, topics %v selected %q", all, c.topic.Options, c.topic.Selected)
	}
	test.Type(c.search, "sustainability REPORT")
	if len(c.items) != 1 || c.items[0].Title != "Our 2026 sustainability report" || c.current != 0 {
		t.Fatalf("search found %d items, showing %d", len(c.items), c.current)
	}
	c.search.SetText("")
	c.topic.SetSelected("events")
	if len(c.items) == 0 || len(c.items) == all {
		t.Fatalf("topic events lists %d of %d", len(c.items), all)
	}
	for _, it := range c.items {
		if !slices.Contains(it.Tags, "events") {
			t.Fatalf("%q listed under events", it.Title)
		}
	}
	c.search.SetText("zzzz")
	if len(c.items) != 0 || !c.empty.Visible() || !strings.Contains(c.empty.Text, "Nothing approved matches") {
		t.Fatalf("no match: %d items, %q", len(c.items), c.empty.Text)
	}
}

func TestContentMarksWhatIsNewSinceTheLastVisit(t *testing.T) {
	sh, _ := newTestShell(t)
	for _, it := range sh.content.items {
		if strings.HasPrefix(sh.content.subtitle(it), "New") {
			t.Fatalf("first visit marks %q as new", it.Title)
		}
	}
	ctx := context.Background()
	if err := sh.s.env.Store.SetSetting(ctx, "content.last_visit", "2026-11-14T00:00:00Z"); err != nil {
		t.Fatal(err)
	}
	c := newContentScreen(sh.s)
	var fresh []string
	for _, it := range c.items {
		if strings.HasPrefix(c.subtitle(it), "New · ") {
			fresh = append(fresh, it.Title)
		}
	}
	if !slices.Contains(fresh, "Larkspur Atlas 3 is shipping") || slices.Contains(fresh, "Our 2026 sustainability report") {
		t.Fatalf("new since 14 Nov: %v", fresh)
	}
	if saved, _ := sh.s.env.Store.Setting(ctx, "content.last_visit", ""); saved != "2026-11-22T12:00:00Z" {
		t.Fatalf("this visit saved as %q", saved)
	}
}
