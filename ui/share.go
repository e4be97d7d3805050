package ui

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/accounts"
	"github.com/advocate-app/advocate/advocacy/networks"
	"github.com/advocate-app/advocate/advocacy/networks/intent"
	"github.com/advocate-app/advocate/advocacy/networks/loopback"
	"github.com/advocate-app/advocate/advocacy/policy"
)

// Where a post can go from Compose.
const (
	destPractice = "practice"
	destBrowser  = "browser"
)

// share starts sharing the draft: blocked drafts are refused, warnings
// need a reason, and nothing goes out without the user choosing where.
func (c *composeScreen) share() {
	switch c.result.Verdict {
	case policy.Blocked:
		showError(c.s.win, "This cannot be shared yet", errors.New("the policy check blocks this post: change the parts marked under Policy check, then share"))
		return
	case policy.WarnOnly:
		reason := widget.NewMultiLineEntry()
		reason.SetPlaceHolder("Why is it right to share this anyway? Your reason is kept in your activity record.")
		dialog.ShowForm("Share despite the warnings?", "Continue", "Cancel", []*widget.FormItem{widget.NewFormItem("Reason", reason)}, func(ok bool) {
			if !ok {
				return
			}
			if len(strings.TrimSpace(reason.Text)) < 5 {
				showError(c.s.win, "A reason is needed", errors.New("say in a few words why sharing this is right despite the warnings"))
				return
			}
			c.chooseDestination(reason.Text)
		}, c.s.win)
		return
	}
	c.chooseDestination("")
}

// mastodonInstance is the server of the first connected Mastodon account.
func (c *composeScreen) mastodonInstance() string {
	list, _ := c.s.accounts.List(context.Background())
	for _, a := range list {
		if a.Network == "mastodon" {
			return a.Instance
		}
	}
	return ""
}

func (c *composeScreen) chooseDestination(reason string) {
	network := c.selectedNetwork()
	browser := "Open " + networkTitles[network] + " in my browser to post it there"
	practice := "Practice account (recorded in Advocate only)"
	options := []string{}
	dests := map[string]string{browser: destBrowser, practice: destPractice}
	list, _ := c.s.accounts.List(context.Background())
	for _, a := range list {
		if a.Network == network {
			label := "Post now as " + a.Account
			if a.DisplayName != "" && a.DisplayName != a.Account {
				label += " (" + a.DisplayName + ")"
			}
			options = append(options, label)
			dests[label] = fmt.Sprintf("account:%d", a.ID)
		}
	}
	options = append(options, browser, practice)
	choice := widget.NewRadioGroup(options, nil)
	choice.Required = true
	choice.SetSelected(options[0])
	server := widget.NewEntry()
	server.SetPlaceHolder("Your Mastodon server, such as mastodon.social")
	server.SetText(strings.TrimPrefix(c.mastodonInstance(), "https://"))
	items := []*widget.FormItem{widget.NewFormItem("Share to", choice)}
	if network == "mastodon" {
		items = append(items, widget.NewFormItem("Server", server))
	}
	d := dialog.NewForm("Share on "+networkTitles[network], "Share", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		if err := c.deliver(dests[choice.Selected], reason, server.Text); err != nil {
			showError(c.s.win, "Not shared", err)
		}
	}, c.s.win)
	d.Show()
}

// deliver sends the draft to dest and records it, with the reason for any
// warnings overridden.
func (c *composeScreen) deliver(dest, reason, instance string) error {
	text, network := c.editor.Text, c.selectedNetwork()
	if strings.TrimSpace(text) == "" {
		return errors.New("the post is empty")
	}
	if c.result.Verdict == policy.Blocked {
		return errors.New("the policy check blocks this post")
	}
	excerpt := []rune(strings.Join(strings.Fields(text), " "))
	if len(excerpt) > 60 {
		excerpt = append(excerpt[:59], '…')
	}
	switch dest {
	case destPractice:
		p := &accounts.PracticePoster{DB: c.s.env.Store.DB(), Network: network, Now: c.s.env.Now}
		if _, err := p.Post(context.Background(), networks.Post{Text: text}); err != nil {
			return err
		}
		c.s.record("share", fmt.Sprintf("Practice post for %s: %s", networkTitles[network], string(excerpt)))
	case destBrowser:
		raw, err := intent.URL(network, text, "", instance)
		if err != nil {
			return err
		}
		u, err := url.Parse(raw)
		if err != nil {
			return err
		}
		if err := c.s.openURL(u); err != nil {
			return fmt.Errorf("the browser could not be opened: %w", err)
		}
		c.s.record("share", fmt.Sprintf("Chose to share on %s in the browser: %s", networkTitles[network], string(excerpt)))
	default:
		var id int64
		if _, err := fmt.Sscanf(dest, "account:%d", &id); err != nil {
			return fmt.Errorf("unknown destination %q", dest)
		}
		return c.postAs(id, text, string(excerpt), reason)
	}
	c.recordOverride(reason)
	c.status.SetText("Shared. It is in your Activity.")
	return nil
}

// recordOverride keeps the reason the user gave for sharing despite
// warnings, with the rules that warned.
func (c *composeScreen) recordOverride(reason string) {
	if reason != "" {
		var rules []string
		for _, f := range c.result.Findings {
			if f.Severity == policy.Warn {
				rules = append(rules, f.Rule)
			}
		}
		c.s.record("override", fmt.Sprintf("Shared despite warnings (%s). Reason: %s", strings.Join(rules, ", "), strings.TrimSpace(reason)))
	}
}

// postAs posts through a connected account, off the UI goroutine; the
// outcome shows in the status line and the activity record.
func (c *composeScreen) postAs(id int64, text, excerpt, reason string) error {
	list, err := c.s.accounts.List(context.Background())
	if err != nil {
		return err
	}
	var acc accounts.Account
	for _, a := range list {
		if a.ID == id {
			acc = a
		}
	}
	if acc.ID == 0 {
		return errors.New("that account is no longer connected")
	}
	c.shareBtn.Disable()
	c.status.SetText("Posting to " + networkTitles[acc.Network] + "…")
	apps := c.s.apps()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		var res networks.Result
		poster, err := c.s.accounts.PosterFor(ctx, acc, apps)
		if err == nil {
			res, err = poster.Post(ctx, networks.Post{Text: text, IdempotencyKey: loopback.Random(16)})
		}
		fyne.Do(func() {
			c.shareButtonState()
			if err != nil {
				c.status.SetText("Not posted.")
				showError(c.s.win, "Not posted to "+networkTitles[acc.Network], err)
			} else {
				c.s.record("share", fmt.Sprintf("Posted to %s as %s: %s %s", networkTitles[acc.Network], acc.Account, excerpt, res.URL))
				c.recordOverride(reason)
				c.status.SetText("Posted: " + res.URL)
			}
			if c.posted != nil {
				c.posted(err)
			}
		})
	}()
	return nil
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
