package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// draftText is a 220-character post with a warned phrase; typing 30 more
// keys keeps it inside X's 280.
var draftText = strings.Repeat("Atlas 3 picks 40% more an hour. ", 7)[:192] + " Sales will double next year"

// typeOneKey types one character at a time into e, going back to draftText
// every 30 keys so the text stays the size of a post.
func typeOneKey(b *testing.B, e *widget.Entry) {
	e.SetText(draftText)
	e.CursorColumn = len(draftText)
	b.ResetTimer()
	for i := range b.N {
		if i%30 == 29 {
			b.StopTimer()
			e.SetText(draftText)
			e.CursorColumn = len(draftText)
			b.StartTimer()
		}
		test.Type(e, "x")
	}
}

// BenchmarkTypeWithLiveCheck measures one keystroke in Compose: the editor
// updates, the policy checks the whole draft, and the marked draft, the
// findings, counters and Share button are redrawn. The test session runs the
// check in place instead of after a pause, so every key pays for a check.
func BenchmarkTypeWithLiveCheck(b *testing.B) {
	sh, _ := newTestShell(b)
	sh.tabs.SelectIndex(2)
	typeOneKey(b, sh.compose.editor)
	if got := sh.compose.counts["x"].Text; !strings.Contains(got, "/ 280") {
		b.Fatalf("counter %q", got)
	}
}

// BenchmarkTypeWithLiveCheckFourNetworks is a keystroke in a draft for all
// four networks: four checks, four counters.
func BenchmarkTypeWithLiveCheckFourNetworks(b *testing.B) {
	sh, _ := newTestShell(b)
	sh.tabs.SelectIndex(2)
	sh.compose.choose("x", "linkedin", "mastodon", "bluesky")
	typeOneKey(b, sh.compose.editor)
	if !sh.compose.counts["bluesky"].Visible() || len(sh.compose.results) != 4 {
		b.Fatalf("%d networks checked", len(sh.compose.results))
	}
}

// BenchmarkTypePlainEntry is the baseline: one keystroke into a multi-line
// entry with nothing listening.
func BenchmarkTypePlainEntry(b *testing.B) {
	sh, w := newTestShell(b)
	e := widget.NewMultiLineEntry()
	w.SetContent(e)
	_ = sh
	typeOneKey(b, e)
}
