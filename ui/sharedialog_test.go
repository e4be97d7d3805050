package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/policy"
)

// dialogParts finds the Share dialog's radio groups, entries and the
// button labelled submit in the window's top overlay.
func dialogParts(t *testing.T, w fyne.Window, submit string) (radios []*widget.RadioGroup, entries []*widget.Entry, button *widget.Button) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog open")
	}
	for _, o := range objectsUnder(top, false) {
		switch v := o.(type) {
		case *widget.RadioGroup:
			radios = append(radios, v)
		case *widget.Entry:
			entries = append(entries, v)
		case *widget.Button:
			if v.Text == submit {
				button = v
			}
		}
	}
	return radios, entries, button
}

func TestTheShareDialogKeepsItsChoicesThroughAnError(t *testing.T) {
	sh, w := newTestShell(t)
	c := sh.compose
	c.load(draft{network: "mastodon", text: "Atlas 3 ships today!\nI work at Larkspur."})
	c.askDestination("", nil)
	radios, entries, share := dialogParts(t, w, "Share")
	if len(radios) != 1 || len(entries) != 2 || share == nil {
		t.Fatalf("%d radios, %d entries, share button %v", len(radios), len(entries), share != nil)
	}
	choice, server, when := radios[0], entries[0], entries[1]
	practice := choice.Options[len(choice.Options)-1]
	if !strings.HasPrefix(practice, "Practice account") {
		t.Fatalf("options %q", choice.Options)
	}
	if !server.Visible() || choice.Selected != choice.Options[0] {
		t.Fatalf("with the browser chosen the server field shows: %v (%q)", server.Visible(), choice.Selected)
	}
	choice.SetSelected(practice)
	if server.Visible() {
		t.Fatal("the Mastodon server field shows while Practice is chosen")
	}
	when.SetText("whenever suits")
	test.Tap(share)
	// The mistake is said, then the dialog comes back as it was.
	top := w.Canvas().Overlays().Top()
	texts := strings.Join(visibleTexts(top), " ")
	if !strings.Contains(texts, "Not shared") {
		t.Fatalf("error dialog says %q", texts)
	}
	close := findButton(top, "Close")
	if close == nil {
		t.Fatalf("no Close on %q", texts)
	}
	test.Tap(close)
	radios, entries, _ = dialogParts(t, w, "Share")
	if len(radios) != 1 || radios[0].Selected != practice || entries[1].Text != "whenever suits" || entries[0].Visible() {
		t.Fatalf("reopened with %q, when %q, server shown %v", radios[0].Selected, entries[1].Text, entries[0].Visible())
	}
	if c.last.dest[network.Mastodon] != practice {
		t.Fatalf("kept %q", c.last.dest[network.Mastodon])
	}
}

// TestTheShareDialogSaysWhatThePolicySaysAtTheChosenTime: a share
// scheduled into the quiet period said nothing until it was refused.
func TestTheShareDialogSaysWhatThePolicySaysAtTheChosenTime(t *testing.T) {
	sh, w := newTestShell(t)
	c := sh.compose
	c.load(draft{network: "x", text: "Atlas 3 orders are flying in! I work at Larkspur."})
	if c.result.Verdict != policy.Pass {
		t.Fatalf("now: %s %+v", c.result.Verdict, c.result.Findings)
	}
	c.askDestination("", nil)
	_, entries, _ := dialogParts(t, w, "Share")
	when := entries[len(entries)-1]
	if !strings.Contains(when.PlaceHolder, "UTC") {
		t.Fatalf("the time's placeholder names no zone: %q", when.PlaceHolder)
	}
	said := func() string { return strings.Join(visibleTexts(w.Canvas().Overlays().Top()), " ") }
	if strings.Contains(said(), "the policy") {
		t.Fatalf("for now the dialog repeats the check: %q", said())
	}
	when.SetText("2026-12-20 09:00") // in the demo's results quiet period
	if got := said(); !strings.Contains(got, "At 2026-12-20 09:00 UTC the policy blocks this (Results quiet period)") {
		t.Fatalf("in the quiet period the dialog says %q", got)
	}
	when.SetText("2027-02-02 09:00")
	if got := said(); !strings.Contains(got, "At 2027-02-02 09:00 UTC the policy finds no problems") || strings.Contains(got, "blocks") {
		t.Fatalf("after the quiet period the dialog says %q", got)
	}
	when.SetText("soonish")
	if got := said(); !strings.Contains(got, "is not a time") {
		t.Fatalf("a mistyped time: %q", got)
	}
}
