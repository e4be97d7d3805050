package ui

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/accounts"
	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/policy"
	"github.com/advocate-app/advocate/advocacy/share"
)

// share starts sharing the draft: blocked drafts are refused, warnings
// need a reason, and nothing goes out without the user choosing where.
func (c *composeScreen) share() {
	if c.stale {
		c.update()
	}
	switch c.result.Verdict {
	case policy.Blocked:
		showError(c.s.win, lang.L("This cannot be shared yet"), errors.New(lang.L("the policy check blocks this post: change the parts marked under Policy check, then share")))
		return
	case policy.WarnOnly:
		c.askReason()
		return
	}
	c.chooseDestination("")
}

// askReason asks why the warned draft should be shared anyway, naming the
// warnings, and goes on to the destinations with the reason. Continue
// stays off until the reason says something; the reason is kept if the
// dialog is cancelled, for the next try.
func (c *composeScreen) askReason() {
	var warns []string
	for _, f := range bySeverity(c.result.Findings) {
		if f.Severity == policy.Warn && !slices.Contains(warns, f.Title) {
			warns = append(warns, f.Title)
		}
	}
	reason := widget.NewMultiLineEntry()
	reason.Wrapping = fyne.TextWrapWord
	reason.SetMinRowsVisible(3)
	reason.SetPlaceHolder(lang.L("Why is it right to share this anyway?"))
	reason.SetText(c.reason)
	reason.Validator = func(text string) error {
		if len(strings.TrimSpace(text)) < 5 {
			return errors.New(lang.L("say in a few words why sharing this is right despite the warnings"))
		}
		return nil
	}
	reason.OnChanged = func(text string) { c.reason = text }
	warned := widget.NewFormItem(lang.L("Warnings"), wrapped(strings.Join(warns, "; ")))
	why := widget.NewFormItem(lang.L("Reason"), reason)
	why.HintText = lang.L("Kept in your activity record, with the post.")
	// A form: Continue stays off while the reason is too short.
	d := dialog.NewForm(lang.L("Share despite the warnings?"), lang.L("Continue"), lang.L("Cancel"), []*widget.FormItem{warned, why}, func(ok bool) {
		if ok {
			c.reason = ""
			c.chooseDestination(reason.Text)
		}
	}, c.s.win)
	d.Resize(fyne.NewSize(min(560, c.s.win.Canvas().Size().Width-40), d.MinSize().Height))
	c.reasonDialog = d
	d.Show()
	c.s.win.Canvas().Focus(reason)
}

// mastodonInstance is the server of the first connected Mastodon account.
func mastodonInstance(list []accounts.Account) string {
	for _, a := range list {
		if a.Network == network.Mastodon {
			return a.Instance
		}
	}
	return ""
}

// destinations offers where a post on network can go: each connected
// account, the browser and the practice account, first the first; dests
// maps each choice to its destination.
func destinations(id network.ID, list []accounts.Account) (choice *widget.RadioGroup, dests map[string]core.Destination) {
	browser := lang.L("Open {{.Network}} in my browser to post it there", args{"Network": id.Title()})
	practice := lang.L("Practice account (recorded in Advocate only)")
	options := []string{}
	dests = map[string]core.Destination{browser: {Kind: core.ToBrowser}, practice: {Kind: core.ToPractice}}
	for _, a := range list {
		if a.Network == id {
			label := lang.L("Post as {{.Account}}", args{"Account": a.Account})
			if a.DisplayName != "" && a.DisplayName != a.Account {
				label = lang.L("Post as {{.Account}} ({{.Name}})", args{"Account": a.Account, "Name": a.DisplayName})
			}
			options = append(options, label)
			dests[label] = core.Destination{Kind: core.ToAccount, AccountID: a.ID}
		}
	}
	choice = widget.NewRadioGroup(append(options, browser, practice), nil)
	choice.Required = true
	choice.SetSelected(choice.Options[0])
	return choice, dests
}

// chooseDestination reads the connected accounts off the UI goroutine,
// then asks where the draft goes on each of its networks and when, and
// sends it to each.
func (c *composeScreen) chooseDestination(reason string) {
	c.s.async(func(ctx context.Context) {
		list, err := c.s.core.Accounts(ctx)
		fyne.Do(func() {
			if err != nil {
				showError(c.s.win, lang.L("Not shared"), err)
				return
			}
			c.askDestination(reason, list)
		})
	})
}

// deliver sends the draft to dest: through the browser at once, or into
// the outbox for the practice account or a connected account (at the
// chosen time, or now). The reason for overriding warnings is kept.
func (c *composeScreen) deliver(id network.ID, dest core.Destination, reason, instance string, at time.Time) error {
	text := c.editor.Text
	if strings.TrimSpace(text) == "" {
		return core.ErrEmpty
	}
	if _, ok := c.results[id]; !ok {
		return core.ErrNotChecked
	}
	if c.results[id].Verdict == policy.Blocked || c.result.Verdict == policy.Blocked {
		return core.ErrBlocked
	}
	req := core.ShareRequest{Network: id, To: dest, Text: text, Reason: reason, At: at,
		ContentID: c.contentID, Campaign: c.campaign, Locked: c.locked}
	if dest.Kind == core.ToBrowser {
		return c.shareInBrowser(req, instance)
	}
	c.queue(req)
	return nil
}

// queue writes req to the outbox off the UI goroutine, then says where it
// is. The same text to the same place within a day is sent only once the
// user has said to share it again.
func (c *composeScreen) queue(req core.ShareRequest) {
	c.shareBtn.Disable()
	c.say(lang.L("Queuing…"))
	// The outbox write waits for the database, which the share worker may
	// be holding; it happens off the UI goroutine.
	c.s.async(func(ctx context.Context) {
		sh, err := c.s.core.Share(ctx, req)
		fyne.Do(func() {
			c.shareButtonState()
			var repeat *core.RepeatError
			switch {
			case errors.As(err, &repeat):
				c.say(lang.L("Not queued yet."))
				c.askAgain(req, repeat.Of)
				return
			case err != nil:
				c.say(lang.L("Not queued."))
				showError(c.s.win, lang.L("Not shared"), err)
			default:
				when := lang.L("now")
				if !req.At.IsZero() {
					when = lang.L("at {{.Time}}", args{"Time": minute(req.At)})
				}
				c.say(lang.L("Queued as share {{.ID}}; it goes {{.When}}. Follow it in Activity.", args{"When": when, "ID": sh.ID}))
			}
			if c.queued != nil {
				c.queued(err)
			}
		})
	})
}

// askAgain asks before sharing req where prev already has the same text:
// on a network that is a duplicate post.
func (c *composeScreen) askAgain(req core.ShareRequest, prev share.Share) {
	dialog.ShowConfirm(lang.L("Share it again?"),
		lang.L("You shared nearly the same post on {{.Network}} at {{.Time}} (share {{.ID}}). Sharing it again makes a duplicate post. Share it again anyway?",
			args{"Network": prev.Network.Title(), "Time": minute(prev.Created), "ID": prev.ID}), func(ok bool) {
			if !ok {
				c.say(lang.L("Not shared again."))
				if c.queued != nil {
					c.queued(&core.RepeatError{Of: prev})
				}
				return
			}
			req.Again = true
			c.queue(req)
		}, c.s.win)
}

// shareInBrowser opens the network's own share page with the post, and
// has the core record that it did. LinkedIn's page takes only a link, the
// post's first: the text goes on the clipboard to paste there. Where no
// browser opens, the user may copy the page's address and the text.
func (c *composeScreen) shareInBrowser(req core.ShareRequest, instance string) error {
	raw, err := c.s.core.BrowserShare(req, firstLink(req.Text), instance)
	if err != nil {
		return err
	}
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	// Recorded either way: the checked post is in the user's hands.
	c.s.act(lang.L("Could not record activity"), func(ctx context.Context) error { return c.s.core.NoteBrowserShare(ctx, req) }, nil)
	if err := c.s.browse(u); err != nil {
		c.s.showNoBrowser(raw, req.Text)
		c.say(lang.L("No browser could be opened; the share page's address is on the clipboard."))
		return nil
	}
	if req.Network == network.LinkedIn {
		c.s.app.Clipboard().SetContent(req.Text)
		c.say(lang.L("LinkedIn opened in your browser with the link; your text is on the clipboard to paste there. It is in your Activity."))
	} else {
		c.say(lang.L("Opened in your browser; it is in your Activity."))
	}
	return nil
}

// firstLink is the first web address in text, with its scheme, or "".
func firstLink(text string) string {
	links := policy.Links(text)
	if len(links) == 0 {
		return ""
	}
	link := text[links[0].Start:links[0].End]
	if !strings.Contains(link, "://") {
		link = "https://" + link
	}
	return link
}

// say shows msg under the editor, laying the area out again.
func (c *composeScreen) say(msg string) {
	say(c.status, msg)
	c.preview.relayout()
}

// shareButtonState enables Share only for a draft the policy allows.
func (c *composeScreen) shareButtonState() {
	if c.shareBtn == nil {
		return
	}
	if c.result.Verdict == policy.Blocked || strings.TrimSpace(c.editor.Text) == "" {
		c.shareBtn.Disable()
	} else {
		c.shareBtn.Enable()
	}
}

// parseWhen reads a time typed in the share dialog, in local time; empty
// or "now" means now (the zero time). A time that has passed is refused.
func parseWhen(text string, now time.Time) (time.Time, error) {
	t, err := parseTime(text)
	if err == nil && !t.IsZero() && !t.After(now) {
		return time.Time{}, errors.New(lang.L("{{.Time}} has already passed", args{"Time": strings.TrimSpace(text)}))
	}
	return t, err
}

// parseTime reads a time the user typed, in local time; empty or "now"
// gives the zero time.
func parseTime(text string) (time.Time, error) {
	text = strings.TrimSpace(text)
	if text == "" || strings.EqualFold(text, "now") || strings.EqualFold(text, lang.L("now")) {
		return time.Time{}, nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, text, time.Local); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errors.New(lang.L("“{{.Time}}” is not a time such as 2026-12-01 09:00", args{"Time": text}))
}
