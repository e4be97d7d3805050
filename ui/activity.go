package ui

import (
	"context"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/share"
)

// activityScreen shows the user's shares on their way and done, and their
// own record: bundles loaded, role changes, shares and overrides.
type activityScreen struct {
	s *session
	// outboxSel marks the selected share's row.
	outboxSel *listSelection
	entries   []core.Entry
	list      *widget.List
	empty     *widget.Label
	shares    []share.Share
	outbox    *widget.List
	selected  int
	withdraw  *widget.Button
	retry     *widget.Button
	noShares  *widget.Label
	impact    *impactView
	pane      *sharePane
	tabs      *container.AppTabs
	split     *container.Split
}

// stateTitle says where a share is, in words.
func stateTitle(state string) string {
	switch state {
	case share.Queued:
		return lang.L("Queued")
	case share.Posting:
		return lang.L("Posting")
	case share.Posted:
		return lang.L("Posted")
	case share.Waiting:
		return lang.L("Waiting to retry")
	case share.Reconnect:
		return lang.L("Waiting for you to reconnect")
	case share.Unconfirmed:
		return lang.L("Unconfirmed")
	case share.Failed:
		return lang.L("Not posted")
	case share.Cancelled:
		return lang.L("Withdrawn")
	}
	return state
}

func newActivityScreen(s *session) *activityScreen {
	a := &activityScreen{s: s, empty: wrapped(lang.L("Nothing yet. What you share and change appears here.")), selected: -1,
		noShares: wrapped(lang.L("No shares yet. What you share from Compose appears here with where it is: queued, posted, waiting or not posted, and why."))}
	a.list = widget.NewList(
		func() int { return len(a.entries) },
		func() fyne.CanvasObject {
			when := widget.NewLabel("2006-01-02 15:04")
			when.TextStyle = fyne.TextStyle{Monospace: true}
			return container.NewBorder(nil, nil, when, nil, widget.NewLabel("summary"))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			e := a.entries[id]
			box := o.(*fyne.Container)
			for _, obj := range box.Objects {
				l := obj.(*widget.Label)
				if l.TextStyle.Monospace {
					l.SetText(minute(e.At))
				} else {
					l.SetText(journalLine(e))
				}
			}
		},
	)
	a.outbox = widget.NewList(
		func() int { return len(a.shares) },
		newTwoLineRow,
		func(id widget.ListItemID, o fyne.CanvasObject) {
			sh := a.shares[id]
			setTwoLineRow(o, shareTitle(sh), shareLine(sh), a.outboxSel.is(id))
		},
	)
	a.withdraw = widget.NewButtonWithIcon(lang.L("Withdraw"), theme.CancelIcon(), a.confirmWithdraw)
	a.withdraw.Disable()
	a.retry = widget.NewButtonWithIcon(lang.L("Try again"), theme.ViewRefreshIcon(), a.confirmRetry)
	a.retry.Disable()
	a.pane = newSharePane(s)
	a.outbox.OnSelected = func(id widget.ListItemID) {
		a.selected = id
		st := a.shares[id].State
		enableIf(a.withdraw, st == share.Queued || st == share.Waiting || st == share.Reconnect)
		enableIf(a.retry, st == share.Failed || st == share.Unconfirmed)
		a.pane.show(a.shares[id])
	}
	a.outbox.OnUnselected = func(widget.ListItemID) {
		a.selected = -1
		a.withdraw.Disable()
		a.retry.Disable()
		a.pane.clear()
	}
	a.outboxSel = trackSelection(a.outbox)
	a.impact = newImpactView(s)
	s.onChange(a.refresh)
	a.refresh()
	return a
}

// shareTitle says where a share is, where it goes and when it was made.
func shareTitle(sh share.Share) string {
	a := args{"State": stateTitle(sh.State), "Network": sh.Network.Title(), "Time": minute(sh.Created)}
	t := lang.L("{{.State}} · {{.Network}} · {{.Time}}", a)
	if sh.AccountID == 0 {
		t = lang.L("{{.State}} · {{.Network}} · {{.Time}} (practice)", a)
	}
	if !sh.Scheduled.IsZero() && (sh.State == share.Queued || sh.State == share.Waiting) {
		t = lang.L("{{.Share}} · due {{.Time}}", args{"Share": t, "Time": minute(sh.Scheduled)})
	}
	return t
}

// shareLine says in the user's language why a share is where it is, else
// what it says; choosing it shows the rest.
func shareLine(sh share.Share) string {
	if why := whyText(sh); why != "" {
		return why
	}
	if sh.Error != "" {
		return sh.Error
	}
	return strings.Join(strings.Fields(sh.Text), " ")
}

// whyText words a share's Why, or "" when it has none.
func whyText(sh share.Share) string {
	a := args{"Network": sh.Network.Title(), "Time": minute(sh.NextAttempt), "URL": sh.ResultURL}
	switch sh.Why {
	case share.WhyStopped:
		return lang.L("Advocate stopped while posting it: look at your profile before sharing it again.")
	case share.WhyBlockedLater:
		return lang.L("The policy in force when it was due blocks it; it was not posted.")
	case share.WhyNotForRole:
		return lang.L("Held when you became alumni: it shares an item meant for employees only; it was not posted.")
	case share.WhyDuplicate:
		return lang.L("{{.Network}} already had this post.", a)
	case share.WhyReconnect:
		return lang.L("{{.Network}} no longer accepts the sign-in: connect the account again under Accounts, and it goes.", a)
	case share.WhyRateLimited:
		return lang.L("{{.Network}} asked to wait; it goes again at {{.Time}}.", a)
	case share.WhyTooLong:
		return lang.L("{{.Network}} refused it as too long: shorten it in Compose and share it again.", a)
	case share.WhyOffline:
		return lang.L("{{.Network}} could not be reached; it goes when the connection is back (next try {{.Time}}).", a)
	case share.WhyNoAnswer:
		return lang.L("No answer from {{.Network}}; it is sent again at {{.Time}} with the same key, so it lands once.", a)
	case share.WhyUnclear:
		return lang.L("No clear answer from {{.Network}}: look at your profile before trying again.", a)
	case share.WhyServer:
		return lang.L("{{.Network}} failed on its side; it is tried again at {{.Time}}.", a)
	case share.WhyRefused:
		return lang.L("{{.Network}} refused it: {{.Detail}}", args{"Network": a["Network"], "Detail": sh.Error})
	case share.WhyConfirmed:
		return lang.L("Found on {{.Network}} after an unclear answer: {{.URL}}", a)
	}
	return ""
}

func (a *activityScreen) view() fyne.CanvasObject {
	list := container.NewBorder(container.NewVBox(container.NewBorder(nil, nil, heading(lang.L("Shares")), container.NewHBox(a.retry, a.withdraw)), a.noShares), nil, nil, nil, a.outbox)
	outbox := container.NewHSplit(list, a.pane.view())
	outbox.Offset = 0.5
	record := container.NewBorder(container.NewVBox(heading(lang.L("Activity")), a.empty), nil, nil, nil, a.list)
	a.split = container.NewVSplit(outbox, record)
	a.fitShares()
	a.tabs = container.NewAppTabs(container.NewTabItem(lang.L("Shares"), a.split), container.NewTabItem(lang.L("Impact"), a.impact.view()))
	return a.tabs
}

// refresh reads the activity log and the shares off the UI goroutine,
// then draws them.
func (a *activityScreen) refresh() {
	a.s.async(func(ctx context.Context) {
		entries, err := a.s.core.Activity(ctx, 500)
		shares, serr := a.s.core.Shares(ctx, 200)
		fyne.Do(func() { a.show(entries, err, shares, serr) })
	})
}

func (a *activityScreen) show(entries []core.Entry, err error, shares []share.Share, serr error) {
	// The share chosen stays chosen, drawn anew, while it is listed.
	chosen := int64(0)
	if a.selected >= 0 && a.selected < len(a.shares) {
		chosen = a.shares[a.selected].ID
	}
	if err != nil {
		a.empty.SetText(lang.L("The activity log could not be read: {{.Error}}", args{"Error": userError(err)}))
		a.empty.Show()
		return
	}
	a.entries = entries
	a.list.Refresh()
	if len(entries) == 0 {
		a.empty.Show()
	} else {
		a.empty.Hide()
	}
	if serr == nil {
		a.shares = shares
	}
	if len(a.shares) == 0 {
		a.noShares.Show()
	} else {
		a.noShares.Hide()
	}
	a.fitShares()
	a.selected = -1
	a.withdraw.Disable()
	a.retry.Disable()
	a.outbox.UnselectAll()
	a.outbox.Refresh()
	if i := slices.IndexFunc(a.shares, func(sh share.Share) bool { return sh.ID == chosen }); chosen != 0 && i >= 0 {
		a.outbox.Select(i)
	} else {
		a.pane.clear()
	}
	a.impact.refresh()
}

// fitShares gives the shares a small pane while there are none to list.
func (a *activityScreen) fitShares() {
	if a.split == nil {
		return
	}
	offset := 0.4
	if len(a.shares) == 0 {
		offset = 0.2
	}
	if a.split.Offset != offset {
		a.split.SetOffset(offset)
	}
}

func (a *activityScreen) confirmWithdraw() {
	if a.selected < 0 || a.selected >= len(a.shares) {
		return
	}
	sh := a.shares[a.selected]
	dialog.ShowConfirm(lang.L("Withdraw the share"), lang.L("Withdraw share {{.ID}} before it goes to {{.Network}}?", args{"ID": sh.ID, "Network": sh.Network.Title()}), func(ok bool) {
		if !ok {
			return
		}
		a.s.act(lang.L("Could not withdraw"), func(ctx context.Context) error { return a.s.core.Withdraw(ctx, sh.ID) }, a.refresh)
	}, a.s.win)
}

// confirmRetry tries the chosen share again: one the network refused at
// once, one whose outcome is unknown after the user has looked on the
// network, since posting it again may show it twice.
func (a *activityScreen) confirmRetry() {
	if a.selected < 0 || a.selected >= len(a.shares) {
		return
	}
	sh := a.shares[a.selected]
	if sh.State != share.Unconfirmed {
		a.retryShare(sh)
		return
	}
	dialog.ShowConfirm(lang.L("Try the share again"), lang.L("Share {{.ID}} may already be on {{.Network}}: look at your profile there first. Post it again?",
		args{"ID": sh.ID, "Network": sh.Network.Title()}), func(ok bool) {
		if ok {
			a.retryShare(sh)
		}
	}, a.s.win)
}

// retryShare checks the share against the policy in force and queues it
// again, off the UI goroutine.
func (a *activityScreen) retryShare(sh share.Share) {
	a.s.act(lang.L("Could not try again"), func(ctx context.Context) error { return a.s.core.Retry(ctx, sh) }, a.refresh)
}

// enableIf enables b when on holds, and disables it otherwise.
func enableIf(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}
