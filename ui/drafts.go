package ui

import (
	"strings"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

	"github.com/advocate-app/advocate/advocacy/core"
)

// keep hands the draft to the core as it is typed, so that a crash or a
// restart loses nothing; the core writes it in the background.
func (c *composeScreen) keep() {
	if c.loading || c.editor == nil {
		return
	}
	c.s.core.KeepDraft(c.saved())
}

// saved is the draft as the core keeps it.
func (c *composeScreen) saved() core.SavedDraft {
	return core.SavedDraft{Text: c.editor.Text, Original: c.original, Networks: c.chosen, Locked: c.locked, Origin: c.from,
		Campaign: c.campaign, ContentID: c.contentID}
}

// restored is a kept draft as Compose loads it, with the caption it
// started from: its text may be the user's own, which the nudge and the
// question before replacing it compare with that caption.
func restored(d core.SavedDraft) draft {
	return draft{restored: true, original: d.Original, networks: d.Networks, text: d.Text, locked: d.Locked, origin: d.Origin,
		campaign: d.Campaign, contentID: d.ContentID}
}

// offer loads d into Compose; when the editor holds text of the user's
// own, it asks first, and the replaced draft can be brought back with
// Undo.
func (c *composeScreen) offer(d draft) {
	if !c.edited() {
		c.replace(d)
		return
	}
	dialog.ShowConfirm(lang.L("Replace your draft?"),
		lang.L("Compose holds a post you have been writing. Replace it? Undo brings it back."), func(ok bool) {
			if ok {
				c.replace(d)
			}
		}, c.s.win)
}

// edited reports whether the editor holds text the user wrote or changed.
func (c *composeScreen) edited() bool {
	text := strings.TrimSpace(c.editor.Text)
	return text != "" && text != strings.TrimSpace(c.original)
}

// replace loads d, keeping the draft it replaces for Undo.
func (c *composeScreen) replace(d draft) {
	if strings.TrimSpace(c.editor.Text) != "" {
		c.s.core.KeepPrevious(c.saved())
		c.undo.Show()
	}
	c.load(d)
}

// clear empties the editor; Undo brings the text back.
func (c *composeScreen) clear() {
	c.replace(draft{networks: c.chosen})
	if c.undo.Visible() {
		c.say(lang.L("Cleared. Undo brings the text back."))
	}
}

// restorePrevious brings back the draft that Clear or a new draft
// replaced.
func (c *composeScreen) restorePrevious() {
	prev := c.s.core.PreviousDraft()
	c.undo.Hide()
	if prev.Empty() {
		return
	}
	cur := c.saved()
	c.load(restored(prev))
	if !cur.Empty() { // Undo again swaps them back
		c.s.core.KeepPrevious(cur)
		c.undo.Show()
	}
}
