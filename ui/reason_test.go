package ui

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/policy"
)

// TestTheReasonDialogNamesTheWarningsAndKeepsTheReason: sharing a warned
// draft asks why, naming what warns; Continue stays off while the reason
// says nothing; a cancelled reason is offered again; at 800×600 the dialog
// fits the window.
func TestTheReasonDialogNamesTheWarningsAndKeepsTheReason(t *testing.T) {
	sh, w := newTestShell(t)
	w.Resize(fyne.NewSize(800, 600))
	c := sh.compose
	sh.s.openURL = func(*url.URL) error { return nil }
	c.load(draft{network: "linkedin", text: "Atlas 3 is the best in the world"})
	if c.result.Verdict != policy.WarnOnly {
		t.Fatalf("verdict %s", c.result.Verdict)
	}
	c.share()
	top := w.Canvas().Overlays().Top()
	if top == nil || c.reasonDialog == nil {
		t.Fatal("no dialog asks for a reason")
	}
	if shown := strings.Join(visibleTexts(top), " "); !strings.Contains(strings.ToLower(shown), "superlative") {
		t.Fatalf("the dialog does not name the warning: %q", shown)
	}
	if width := top.MinSize().Width; width > w.Canvas().Size().Width {
		t.Fatalf("the dialog needs %v in a %v window", width, w.Canvas().Size().Width)
	}
	var reason *widget.Entry
	for _, o := range objectsUnder(top, true) {
		if e, ok := o.(*widget.Entry); ok && e.MultiLine {
			reason = e
		}
	}
	cont := findButton(top, "Continue")
	if reason == nil || cont == nil {
		t.Fatal("no reason field or Continue button")
	}
	if !cont.Disabled() {
		t.Fatal("Continue is on with no reason")
	}
	test.Type(reason, "ok")
	if !cont.Disabled() {
		t.Fatal("Continue is on with a two-letter reason")
	}
	test.Type(reason, " — approved by marketing")
	if cont.Disabled() {
		t.Fatal("Continue stays off with a reason")
	}
	test.Tap(findButton(top, "Cancel"))
	c.share()
	again := w.Canvas().Overlays().Top()
	if !slices.ContainsFunc(objectsUnder(again, true), func(o fyne.CanvasObject) bool {
		e, ok := o.(*widget.Entry)
		return ok && e.Text == "ok — approved by marketing"
	}) {
		t.Fatal("the reason written before Cancel is not offered again")
	}
}
