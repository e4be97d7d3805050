package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/policy"
)

// composeScreen is where a post is written: from a caption of approved
// content, a news item or nothing.
type composeScreen struct {
	s        *session
	networks *widget.CheckGroup
	// chosen lists the networks the draft is for, in the usual order.
	chosen []network.ID
	editor *widget.Entry
	// count shows the draft's length on each chosen network, counted as
	// that network counts, in counts.
	count  *fyne.Container
	counts map[network.ID]*widget.Label
	// bottom holds the preview, the nudge, the status, the counts and the
	// buttons under the editor; it is laid out again when its height changes.
	bottom   *fyne.Container
	origin   *widget.Label
	nudge    *widget.Label
	checks   *checkPanel
	shareBtn *widget.Button
	status   *widget.Label
	original string
	// from is the title of the approved item or news the draft came from.
	from    string
	preview *postPreview
	locked  []string
	// result is the last check of the draft, all chosen networks together,
	// and results each network's own.
	result  policy.Result
	results map[network.ID]policy.Result
	// campaign and contentID come from the approved item the draft
	// started from.
	campaign, contentID string
	// undo brings back the draft that Clear or a new draft replaced.
	undo *widget.Button
	// loading is set while load fills the editor, which is not typing.
	loading bool
	// queued, when set, runs after a share has been written to the outbox.
	queued func(error)
	// last holds the Share dialog's choices, for the next time it opens.
	last shareChoices
	// reason is the reason for sharing a warned draft being written; it
	// outlives a cancelled dialog. reasonDialog is that dialog, for tests.
	reason       string
	reasonDialog dialog.Dialog
	// gen counts the drafts checked; a check that finishes after the
	// draft changed again is dropped. stale says a check is pending, and
	// stop cancels it.
	gen   int
	stale bool
	stop  func()
}

func newComposeScreen(s *session) *composeScreen {
	c := &composeScreen{s: s, chosen: []network.ID{network.X}, count: container.NewHBox(), counts: map[network.ID]*widget.Label{}}
	c.networks = widget.NewCheckGroup(network.Titles(network.All), c.networksChanged)
	c.networks.Horizontal = true
	c.networks.Selected = network.Titles(c.chosen)
	for _, n := range network.All {
		c.counts[n] = widget.NewLabel("")
		c.count.Add(c.counts[n])
	}
	c.editor = widget.NewMultiLineEntry()
	c.editor.Wrapping = fyne.TextWrapWord
	c.editor.SetPlaceHolder(lang.L("Write your post, or pick a caption under Content or an item under News."))
	c.editor.SetMinRowsVisible(8)
	c.editor.OnChanged = func(string) {
		c.typed()
		c.keep()
	}
	c.undo = widget.NewButtonWithIcon(lang.L("Undo"), theme.ContentUndoIcon(), c.restorePrevious)
	c.undo.Hide()
	c.preview = newPostPreview()
	c.status = wrapped("")
	c.status.Hide()
	c.shareBtn = widget.NewButtonWithIcon(lang.L("Share…"), theme.MailSendIcon(), c.share)
	c.shareBtn.Importance = widget.HighImportance
	c.checks = newCheckPanel(func(id string) (policy.Rule, bool) {
		if e := s.state().Engine; e != nil {
			return e.Rule(id)
		}
		return policy.Rule{}, false
	})
	c.checks.fix = c.offerFix
	s.onChange(c.update)
	s.dropDraft = func(employeeOnly func(string) bool) {
		if c.contentID != "" && employeeOnly(c.contentID) {
			c.load(draft{networks: c.chosen})
			c.say(lang.L("The draft came from an item for employees only, so it was removed."))
		}
	}
	c.origin = wrapped(lang.L("Starting from scratch."))
	c.nudge = wrapped(lang.L("Tip: add a sentence in your own words. Posts that sound like you are read more than copied ones."))
	c.nudge.Importance = widget.LowImportance
	c.update()
	if d := s.core.Draft(); !d.Empty() {
		c.load(restored(d))
	}
	return c
}

func (c *composeScreen) view() fyne.CanvasObject {
	copyText := widget.NewButtonWithIcon(lang.L("Copy text"), theme.ContentCopyIcon(), func() {
		c.s.app.Clipboard().SetContent(c.editor.Text)
	})
	clear := widget.NewButtonWithIcon(lang.L("Clear"), theme.ContentClearIcon(), c.clear)
	top := container.NewVBox(heading(lang.L("Compose")), c.origin, c.networks)
	c.bottom = container.NewVBox(c.preview.view(), c.nudge, c.status, c.count, container.NewHBox(c.undo, layout.NewSpacer(), clear, copyText, c.shareBtn))
	editor := container.NewBorder(top, c.bottom, nil, nil, c.editor)
	c.preview.box = editor
	split := container.NewHSplit(editor, container.NewPadded(c.checks.view()))
	split.Offset = 0.58
	return container.NewPadded(split)
}

// load replaces the editor's text with d, adding any locked text the
// approved content requires.
func (c *composeScreen) load(d draft) {
	text := d.text
	for _, locked := range d.locked {
		if !strings.Contains(text, locked) {
			text = strings.TrimRight(text, " \n") + "\n\n" + locked
		}
	}
	c.original = text
	if d.restored {
		c.original = d.original
	}
	c.from = d.origin
	c.locked = d.locked
	c.campaign, c.contentID = d.campaign, d.contentID
	if d.origin != "" {
		c.origin.SetText(lang.L("From: {{.Origin}}", args{"Origin": d.origin}))
	} else {
		c.origin.SetText(lang.L("Starting from scratch."))
	}
	c.loading = true
	if len(d.networks) > 0 {
		c.choose(d.networks...)
	} else if d.network != "" {
		c.choose(d.network)
	}
	c.editor.SetText(text)
	c.loading = false
	c.keep()
	c.update()
	if cv := c.s.win.Canvas(); cv != nil {
		cv.Focus(c.editor)
	}
}

// choose makes the draft for networks, given by their codes.
func (c *composeScreen) choose(networks ...network.ID) {
	c.networks.SetSelected(network.Titles(networks))
}

// networksChanged follows the networks ticked; a draft is for one network
// at least, so untick the last and it stays.
func (c *composeScreen) networksChanged(ticked []string) {
	var chosen []network.ID
	for _, n := range network.All {
		if slices.Contains(ticked, n.Title()) {
			chosen = append(chosen, n)
		}
	}
	if len(chosen) == 0 {
		c.networks.SetSelected(network.Titles(c.chosen))
		return
	}
	c.chosen = chosen
	c.keep()
	c.update()
}

// update checks the draft against the policy and refreshes the length
// count and the nudge to personalise.
func (c *composeScreen) update() {
	if c.count == nil || c.checks == nil {
		return
	}
	c.cancelCheck()
	in, networks, engine := c.input(), slices.Clone(c.chosen), c.s.state().Engine
	var dc core.DraftCheck
	var err error
	if engine != nil {
		dc, err = core.CheckAll(engine, in, networks)
	}
	c.apply(in, networks, engine != nil, dc, err)
}

// maxChecked is how much of a draft Compose checks as it is typed: four
// times the longest post any network takes. A longer paste is checked in
// full only when it is shared.
const maxChecked = 4 * 3000

// input is what the policy checks on each network: the draft with its
// role, time and locked text, cut at maxChecked characters (saying so).
func (c *composeScreen) input() policy.Input {
	text, cut := capped(c.editor.Text)
	if cut {
		c.say(lang.L("This is longer than any network takes; only its first {{.Count}} characters are checked as you type.", args{"Count": maxChecked}))
	}
	return policy.Input{Text: text, Role: c.s.state().Role, At: c.s.now(), Locked: c.locked}
}

// capped is text cut at maxChecked characters, and whether it was cut.
func capped(text string) (string, bool) {
	if len(text) <= maxChecked { // bytes first: most drafts are short
		return text, false
	}
	if r := []rune(text); len(r) > maxChecked {
		return string(r[:maxChecked]), true
	}
	return text, false
}

// apply shows the result of checking in on networks; checked is false
// when no policy could be loaded.
func (c *composeScreen) apply(in policy.Input, networks []network.ID, checked bool, dc core.DraftCheck, err error) {
	c.stale = false
	var before fyne.Size
	if c.bottom != nil {
		before = c.bottom.MinSize()
	}
	if !checked {
		c.checks.showError(core.ErrNoPolicy)
	} else if err == nil {
		c.result, c.results = dc.Combined, dc.Results
		c.checks.show(in.Text, dc.Combined)
	}
	moved := false
	for _, n := range network.All {
		moved = c.showCount(n, in.Text, slices.Contains(networks, n)) || moved
	}
	if moved {
		c.count.Refresh()
	}
	c.shareButtonState()
	c.preview.show(networks, in.Text, c.from)
	if c.original != "" && c.editor.Text == c.original {
		c.nudge.Show()
	} else {
		c.nudge.Hide()
	}
	if c.bottom != nil && c.bottom.MinSize() != before {
		c.preview.relayout()
	}
}

// showCount shows the draft's length on network as it counts it, in red
// when too long, or hides it when the draft is not for network; it
// reports whether the count appeared or went, so the row needs laying out.
func (c *composeScreen) showCount(id network.ID, text string, chosen bool) bool {
	l := c.counts[id]
	moved := l.Visible() != chosen
	if !chosen {
		l.Hide()
		return moved
	}
	length, _ := policy.Count(id, text)
	if res, ok := c.results[id]; ok && res.Length.Limit > 0 {
		length = res.Length
	}
	l.SetText(lang.L("{{.Count}} / {{.Limit}} on {{.Network}}", args{"Count": length.Count, "Limit": length.Limit, "Network": id.Title()}))
	if length.Valid() {
		l.Importance = widget.MediumImportance
	} else {
		l.Importance = widget.DangerImportance
	}
	l.Show()
	l.Refresh()
	return moved
}

// offerFix gives a one-click fix for a missing disclosure: add the first
// approved disclosure to the end of the post.
func (c *composeScreen) offerFix(f policy.Finding) (string, func()) {
	e := c.s.state().Engine
	if e == nil {
		return "", nil
	}
	pol := e.Policy
	if pol == nil || len(pol.Disclosures) == 0 {
		return "", nil
	}
	for _, r := range pol.Rules {
		if r.ID == f.Rule && r.Require != nil && r.Require.AnyOf == "disclosures" {
			disclosure := pol.Disclosures[0]
			return lang.L("Add “{{.Words}}”", args{"Words": disclosure}), func() {
				c.editor.SetText(strings.TrimRight(c.editor.Text, " \n") + "\n\n" + disclosure + ".")
			}
		}
	}
	return "", nil
}
