package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/policy"
)

// composeScreen is where a post is written: from a caption of approved
// content, a news item or nothing.
type composeScreen struct {
	s        *session
	network  *widget.RadioGroup
	editor   *widget.Entry
	count    *widget.Label
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
	// result is the last check of the draft.
	result policy.Result
	// campaign and contentID come from the approved item the draft
	// started from.
	campaign, contentID string
	// queued, when set, runs after a share has been written to the outbox.
	queued func(error)
	// gen counts the drafts checked; a check that finishes after the
	// draft changed again is dropped. stale says a check is pending, and
	// stop cancels it.
	gen   int
	stale bool
	stop  func()
}

func newComposeScreen(s *session) *composeScreen {
	c := &composeScreen{s: s}
	c.network = widget.NewRadioGroup(titles(bundle.Networks), func(string) { c.update() })
	c.network.Horizontal = true
	c.network.Required = true
	c.network.SetSelected(networkTitles["x"])
	c.editor = widget.NewMultiLineEntry()
	c.editor.Wrapping = fyne.TextWrapWord
	c.editor.SetPlaceHolder(lang.L("Write your post, or pick a caption under Content or an item under News."))
	c.editor.SetMinRowsVisible(8)
	c.editor.OnChanged = func(string) { c.typed() }
	c.count = widget.NewLabel("")
	c.preview = newPostPreview()
	c.status = wrapped("")
	c.shareBtn = widget.NewButtonWithIcon(lang.L("Share…"), theme.MailSendIcon(), c.share)
	c.shareBtn.Importance = widget.HighImportance
	c.checks = newCheckPanel(func(id string) (policy.Rule, bool) {
		if s.engine == nil {
			return policy.Rule{}, false
		}
		return s.engine.Rule(id)
	})
	c.checks.fix = c.offerFix
	s.onChange(c.update)
	c.origin = wrapped(lang.L("Starting from scratch."))
	c.nudge = wrapped(lang.L("Tip: add a sentence in your own words. Posts that sound like you are read more than copied ones."))
	c.nudge.Importance = widget.LowImportance
	c.update()
	return c
}

func (c *composeScreen) view() fyne.CanvasObject {
	copyText := widget.NewButtonWithIcon(lang.L("Copy text"), theme.ContentCopyIcon(), func() {
		c.s.app.Clipboard().SetContent(c.editor.Text)
	})
	clear := widget.NewButtonWithIcon(lang.L("Clear"), theme.ContentClearIcon(), func() {
		c.load(draft{network: c.selectedNetwork()})
	})
	top := container.NewVBox(heading(lang.L("Compose")), c.origin, c.network)
	bottom := container.NewVBox(c.preview.view(), c.nudge, c.status, container.NewBorder(nil, nil, nil, container.NewHBox(clear, copyText, c.shareBtn), c.count))
	editor := container.NewBorder(top, bottom, nil, nil, c.editor)
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
	c.from = d.origin
	c.locked = d.locked
	c.campaign, c.contentID = d.campaign, d.contentID
	if d.origin != "" {
		c.origin.SetText(lang.L("From: {{.Origin}}", args{"Origin": d.origin}))
	} else {
		c.origin.SetText(lang.L("Starting from scratch."))
	}
	if d.network != "" {
		c.network.SetSelected(networkTitles[d.network])
	}
	c.editor.SetText(text)
	c.update()
	if cv := c.s.win.Canvas(); cv != nil {
		cv.Focus(c.editor)
	}
}

func (c *composeScreen) selectedNetwork() string {
	for k, v := range networkTitles {
		if v == c.network.Selected {
			return k
		}
	}
	return "x"
}

// update checks the draft against the policy and refreshes the length
// count and the nudge to personalise.
func (c *composeScreen) update() {
	if c.count == nil || c.checks == nil {
		return
	}
	c.cancelCheck()
	in, engine := c.input(), c.s.engine
	var res policy.Result
	var err error
	if engine != nil {
		res, err = engine.Check(in)
	}
	c.apply(in, engine != nil, res, err)
}

// input is what the policy checks: the draft with its role, network, time
// and locked text.
func (c *composeScreen) input() policy.Input {
	return policy.Input{Text: c.editor.Text, Role: c.s.role, Network: c.selectedNetwork(), At: c.s.env.Now(), Locked: c.locked}
}

// apply shows the result of checking in; checked is false when no policy
// could be loaded.
func (c *composeScreen) apply(in policy.Input, checked bool, res policy.Result, err error) {
	c.stale = false
	length, _ := policy.Count(in.Network, in.Text)
	if !checked {
		c.checks.showError(c.s.policyErr)
	} else if err == nil {
		c.result, length = res, res.Length
		c.checks.show(in.Text, res)
	}
	c.count.SetText(lang.L("{{.Count}} / {{.Limit}} characters on {{.Network}}", args{"Count": length.Count, "Limit": length.Limit, "Network": networkTitles[in.Network]}))
	if !length.Valid() {
		c.count.Importance = widget.DangerImportance
	} else {
		c.count.Importance = widget.MediumImportance
	}
	c.count.Refresh()
	c.shareButtonState()
	c.preview.show(in.Network, in.Text, c.from)
	if c.original != "" && c.editor.Text == c.original {
		c.nudge.Show()
	} else {
		c.nudge.Hide()
	}
}

// offerFix gives a one-click fix for a missing disclosure: add the first
// approved disclosure to the end of the post.
func (c *composeScreen) offerFix(f policy.Finding) (string, func()) {
	pol := c.s.policy
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
