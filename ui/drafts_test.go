package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

func TestTheDraftIsThereAgainAfterARestart(t *testing.T) {
	sh, w := newTestShell(t)
	sh.tabs.SelectIndex(2)
	test.Type(sh.compose.editor, "Half-written thoughts on Atlas 3")
	sh.compose.choose("x", "bluesky")

	again := newShell(sh.s.app, w, sh.s.core) // a new window on the same data
	again.tabs.SelectIndex(screenCompose)
	c := again.compose
	if c.editor.Text != "Half-written thoughts on Atlas 3" || len(c.chosen) != 2 {
		t.Fatalf("restored %q for %v", c.editor.Text, c.chosen)
	}
	if c.nudge.Visible() {
		t.Fatal("the user's own text is nudged to be personalised")
	}
	// It is the user's own: a new post asks before replacing it.
	c.offer(draft{network: "x", text: "Approved caption"})
	if c.editor.Text != "Half-written thoughts on Atlas 3" || w.Canvas().Overlays().Top() == nil {
		t.Fatalf("replaced without asking: %q", c.editor.Text)
	}
}

func TestClearAndReplacingCanBeUndone(t *testing.T) {
	sh, w := newTestShell(t)
	c := sh.compose
	c.offer(draft{network: "x", text: "First caption"})
	c.offer(draft{network: "x", text: "Second caption"}) // unchanged caption: replaced at once
	if c.editor.Text != "Second caption" || w.Canvas().Overlays().Top() != nil || !c.undo.Visible() {
		t.Fatalf("editor %q, undo shown %v", c.editor.Text, c.undo.Visible())
	}
	test.Tap(c.undo)
	if c.editor.Text != "First caption" {
		t.Fatalf("undo gave %q", c.editor.Text)
	}
	c.editor.SetText(c.editor.Text + " and my own words")
	c.clear()
	if c.editor.Text != "" || !c.undo.Visible() {
		t.Fatalf("clear left %q", c.editor.Text)
	}
	test.Tap(c.undo)
	if c.editor.Text != "First caption and my own words" {
		t.Fatalf("undo after clear gave %q", c.editor.Text)
	}
	if d := sh.s.core.Draft(); d.Text != c.editor.Text {
		t.Fatalf("kept draft %q, editor %q", d.Text, c.editor.Text)
	}
}
