package ui

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/accounts"
	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/engagement"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/policy"
	"github.com/advocate-app/advocate/advocacy/share"
)

// sharePane shows the share chosen in Activity: its text, where it went
// and when, why it is where it is, a link to the post, and each step it
// took as the audit trail keeps it.
type sharePane struct {
	s    *session
	box  *fyne.Container
	hint *widget.Label
	// shown is the share drawn, 0 for none; a history read for another
	// share than the one chosen since is dropped.
	shown int64
}

func newSharePane(s *session) *sharePane {
	d := &sharePane{s: s, hint: wrapped(lang.L("Choose a share to see its text, where it went and each of its steps."))}
	d.box = container.NewVBox(d.hint)
	return d
}

func (d *sharePane) view() fyne.CanvasObject { return container.NewVScroll(container.NewPadded(d.box)) }

// clear shows the hint again.
func (d *sharePane) clear() {
	d.shown = 0
	d.box.Objects = []fyne.CanvasObject{d.hint}
	d.box.Refresh()
}

// show reads the share's history and its account off the UI goroutine,
// then draws them.
func (d *sharePane) show(sh share.Share) {
	d.shown = sh.ID
	d.s.async(func(ctx context.Context) {
		history, err := d.s.core.History(ctx, sh.ID)
		accts, _ := d.s.core.Accounts(ctx) // without them the account is named by its number
		earned, eerr := d.s.core.EngagementOf(ctx, sh.ID)
		fyne.Do(func() {
			if d.shown == sh.ID {
				d.draw(sh, history, err, accts)
				switch {
				case errors.Is(eerr, engagement.ErrNotTracked): // not posted, or practice
				case eerr != nil:
					d.box.Objects = append(d.box.Objects, widget.NewSeparator(),
						wrapped(lang.L("What it earned could not be read: {{.Error}}", args{"Error": userError(eerr)})))
					d.box.Refresh()
				default:
					d.box.Objects = append(d.box.Objects, widget.NewSeparator(), title(lang.L("What it earned")))
					d.box.Objects = append(d.box.Objects, earnedLines(earned)...)
					d.box.Refresh()
				}
			}
		})
	})
}

func (d *sharePane) draw(sh share.Share, history []core.Entry, herr error, accts []accounts.Account) {
	a := args{"ID": sh.ID, "Network": sh.Network.Title(), "Time": minute(sh.Created)}
	objs := []fyne.CanvasObject{title(lang.L("Share {{.ID}} on {{.Network}}", a)), widget.NewLabel(accountLine(sh, accts))}
	when := lang.L("Shared {{.Time}}", a)
	if !sh.Scheduled.IsZero() {
		when = lang.L("Shared {{.Time}}, due {{.Due}}", args{"Time": a["Time"], "Due": minute(sh.Scheduled)})
	}
	objs = append(objs, widget.NewLabel(when), wrapped(sh.Text))
	state := stateTitle(sh.State)
	if why := whyText(sh); why != "" {
		state += ": " + why
	}
	objs = append(objs, wrapped(state))
	if u, err := url.Parse(sh.ResultURL); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		objs = append(objs, widget.NewHyperlink(lang.L("Open the post on {{.Network}}", a), u))
	} else if sh.AccountID == 0 && sh.State == share.Posted {
		objs = append(objs, wrapped(lang.L("A practice post: recorded in Advocate only, not on {{.Network}}.", a)))
	}
	if sh.Error != "" && sh.Why != share.WhyRefused { // a refusal's details are in its why
		objs = append(objs, wrapped(lang.L("Details: {{.Error}}", args{"Error": sh.Error})))
	}
	objs = append(objs, widget.NewSeparator(), title(lang.L("Steps")))
	if herr != nil {
		objs = append(objs, wrapped(lang.L("The steps could not be read: {{.Error}}", args{"Error": userError(herr)})))
	}
	for _, e := range history {
		objs = append(objs, wrapped(minute(e.At)+"  "+historyLine(e)))
	}
	d.box.Objects = objs
	d.box.Refresh()
}

// accountLine names where a share went: the practice account, or the
// user's account on the network by its handle.
func accountLine(sh share.Share, accts []accounts.Account) string {
	if sh.AccountID == 0 {
		return lang.L("To the practice account")
	}
	for _, acct := range accts {
		if acct.ID == sh.AccountID {
			name := acct.Account
			if acct.DisplayName != "" && !strings.EqualFold(acct.DisplayName, acct.Account) {
				name = acct.DisplayName + " (" + acct.Account + ")"
			}
			return lang.L("To {{.Account}}", args{"Account": name})
		}
	}
	return lang.L("To an account no longer connected")
}

// historyLine words one step of a share: the checks, which the journal
// shows only when overridden, are words here too.
func historyLine(e core.Entry) string {
	switch e.Kind {
	case share.KindCheck:
		c := e.Check()
		verdict, _ := c["verdict"].(string)
		policy, _ := c["policy_version"].(string)
		a := args{"Verdict": verdictTitle(verdict), "Policy": policy}
		line := lang.L("Checked against policy {{.Policy}}: {{.Verdict}}", a)
		if due, _ := e.Data["due"].(bool); due {
			line = lang.L("Checked again when due, against policy {{.Policy}}: {{.Verdict}}", a)
		}
		if o := overrideLine(c); o != "" {
			line += " — " + o
		}
		return line
	case share.KindPosting:
		return lang.L("Sending it to {{.Network}}", args{"Network": network.ID(e.Text("network")).Title()})
	}
	return journalLine(e)
}

// verdictTitle words a check's verdict as the audit trail keeps it.
func verdictTitle(v string) string {
	switch policy.Verdict(v) {
	case policy.Pass:
		return lang.L("no problems")
	case policy.WarnOnly:
		return lang.L("warnings")
	case policy.Blocked:
		return lang.L("blocked")
	}
	return v
}
