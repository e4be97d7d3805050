package ui

import (
	"testing"

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
