package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/core"
)

func TestOnlyTheFirstScreenIsBuiltWithTheWindow(t *testing.T) {
	sh, _ := newUnopenedTestShell(t)
	if sh.content == nil || len(sh.holders[screenContent].Objects) != 1 {
		t.Fatal("Content, shown first, is not built")
	}
	if sh.news != nil || sh.compose != nil || sh.accounts != nil || sh.activity != nil || sh.policy != nil || sh.settings != nil {
		t.Fatal("a screen not shown yet is built with the window")
	}
	// The core's events for screens not built yet change nothing.
	for _, e := range []core.Event{core.StateChanged, core.NewsChanged, core.SharesChanged, core.AccountsChanged, core.Tick} {
		sh.follow(e)
	}
	if sh.news != nil || sh.activity != nil || sh.accounts != nil {
		t.Fatal("an event built a screen")
	}
	// Each tab builds its screen when first shown, once.
	for i := range screens {
		sh.tabs.SelectIndex(i)
		if len(sh.holders[i].Objects) != 1 {
			t.Fatalf("tab %d holds %d views once shown", i, len(sh.holders[i].Objects))
		}
	}
	built := sh.compose
	sh.tabs.SelectIndex(screenContent)
	sh.tabs.SelectIndex(screenCompose)
	if sh.compose != built || len(sh.holders[screenCompose].Objects) != 1 {
		t.Fatal("showing Compose again built it again")
	}
	if sh.news == nil || sh.accounts == nil || sh.activity == nil || sh.policy == nil || sh.settings == nil {
		t.Fatal("a screen shown is not built")
	}
}

func TestBecomingAlumniDropsTheDraftKeptForComposeNotOpenedYet(t *testing.T) {
	sh, _ := newUnopenedTestShell(t)
	var employeeOnly bundle.Item
	for _, it := range sh.s.state().Bundle.Content {
		if !it.For(bundle.RoleAlumni) {
			employeeOnly = it
		}
	}
	sh.s.core.KeepDraft(core.SavedDraft{Text: "An employee caption", ContentID: employeeOnly.ID, Origin: employeeOnly.Title})
	sh.tabs.SelectIndex(screenSettings)
	if sh.compose != nil {
		t.Fatal("Compose is built before it is shown")
	}
	switchRole(t, sh, roleTitle(bundle.RoleAlumni))
	if d := sh.s.core.Draft(); d.Text != "" || d.ContentID != "" {
		t.Fatalf("the kept employee-only draft stayed: %+v", d)
	}
	sh.tabs.SelectIndex(screenCompose)
	if sh.compose.editor.Text != "" {
		t.Fatalf("Compose opened on the employee-only draft %q", sh.compose.editor.Text)
	}
}

// TestContentIsUsableAt800By600: the list column was 210 px ("Searc",
// cut titles) and the detail's lines ran past the window's edge; then
// the captions' four network buttons made the window 827 px wide at least.
func TestContentIsUsableAt800By600(t *testing.T) {
	sh, w := newTestShell(t)
	w.Resize(fyne.NewSize(800, 600))
	if got := w.Canvas().Size(); got.Width > 800 || got.Height > 600 {
		t.Fatalf("the window grew to %v", got)
	}
	// A real window cannot be smaller than what it holds (the test
	// driver's can): with every screen built it must fit in 800×600, less
	// the menu bar drawn in the window on Linux.
	if got := w.Content().MinSize(); got.Width > 800 || got.Height > 600-30 {
		t.Fatalf("the window needs at least %v", got)
	}
	if got := sh.content.list.Size().Width; got < contentListWidth-20 {
		t.Fatalf("the list is %v wide", got)
	}
	if got := sh.content.search.Size().Width; got < 140 {
		t.Fatalf("the search field is %v wide", got)
	}
	// Nothing in the detail is wider than the room it has.
	room := sh.content.detail.Size().Width
	for _, o := range sh.content.detail.Objects {
		if o.MinSize().Width > room {
			t.Errorf("%T is %v wide in %v", o, o.MinSize().Width, room)
		}
	}
}
