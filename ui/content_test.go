package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/advocate-app/advocate/advocacy/bundle"
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
		if slices.Contains(badgeTexts(sh.content, it), "New") {
			t.Fatalf("first visit marks %q as new", it.Title)
		}
	}
	sh.s.core.SetSetting("content.last_visit", "2026-11-14T00:00:00Z")
	c := newContentScreen(sh.s)
	var fresh []string
	for _, it := range c.items {
		if slices.Contains(badgeTexts(c, it), "New") {
			fresh = append(fresh, it.Title)
		}
	}
	if !slices.Contains(fresh, "Larkspur Atlas 3 is shipping") || slices.Contains(fresh, "Our 2026 sustainability report") {
		t.Fatalf("new since 14 Nov: %v", fresh)
	}
	if saved := sh.s.core.Setting("content.last_visit", ""); saved != "2026-11-22T12:00:00Z" {
		t.Fatalf("this visit saved as %q", saved)
	}
}

// badgeTexts lists the words on an item's badges.
func badgeTexts(c *contentScreen, it bundle.Item) []string {
	var out []string
	for _, b := range c.badges(it) {
		out = append(out, b.text)
	}
	return out
}

func TestContentCardsShowAudienceCampaignAndWhenSharingEnds(t *testing.T) {
	sh, _ := newTestShell(t)
	c := sh.content
	byTitle := map[string]*badge{}
	for _, it := range c.items {
		bs := c.badges(it)
		if len(bs) == 0 || !slices.Contains([]string{"Employees", "Employees and alumni"}, bs[0].text) {
			t.Fatalf("%q: badges %v do not start with its audience", it.Title, badgeTexts(c, it))
		}
		byTitle[it.Title] = bs[len(bs)-1]
	}
	atlas := c.items[slices.IndexFunc(c.items, func(it bundle.Item) bool { return it.Advocacy.Campaign != "" })]
	if !slices.Contains(badgeTexts(c, atlas), atlas.Advocacy.Campaign) {
		t.Fatalf("%q: no campaign badge in %v", atlas.Title, badgeTexts(c, atlas))
	}
	if b := byTitle["Our 2026 sustainability report"]; b.text != "Until 30 Jun 2027" || b.importance != widget.MediumImportance {
		t.Fatalf("far end: %q", b.text)
	}
	it := c.items[0]
	it.Advocacy.Expires = testNow.Add(3*24*time.Hour - time.Hour)
	if b := c.badges(it); b[len(b)-1].text != "Ends in 3 days" || b[len(b)-1].importance != widget.WarningImportance {
		t.Fatalf("ending in under 3 days: %v", badgeTexts(c, it))
	}
	it.Advocacy.Expires = testNow.Add(5 * time.Hour)
	if b := c.badges(it); b[len(b)-1].text != "Ends today" || b[len(b)-1].importance != widget.DangerImportance {
		t.Fatalf("ending today: %v", badgeTexts(c, it))
	}
}
