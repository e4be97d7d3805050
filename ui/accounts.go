package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/bundle"
)

// accountsScreen lists the user's accounts on each network and the local
// practice account.
type accountsScreen struct {
	s    *session
	rows *fyne.Container
}

// networkSignIn says how each network's account is connected.
var networkSignIn = map[string]string{
	"x":        "Sign in through X in your browser and paste the PIN it shows.",
	"linkedin": "Sign in through LinkedIn in your browser; Advocate receives the answer on this computer.",
	"mastodon": "Give your server's address, then sign in there in your browser.",
	"bluesky":  "Use your handle and an app password made in Bluesky's settings.",
}

func newAccountsScreen(s *session) *accountsScreen {
	a := &accountsScreen{s: s, rows: container.NewVBox()}
	a.refresh()
	return a
}

func (a *accountsScreen) view() fyne.CanvasObject {
	intro := wrapped("Your sign-ins are kept in this computer's keyring and nowhere else: " +
		a.s.bundle.Manifest.Org.Name + " never sees them, and every post waits for your click.")
	return container.NewBorder(container.NewVBox(heading("Accounts"), intro), nil, nil, nil,
		container.NewVScroll(a.rows))
}

func (a *accountsScreen) refresh() {
	a.rows.Objects = []fyne.CanvasObject{
		widget.NewCard("Practice account", "Ready",
			container.NewBorder(nil, nil, widget.NewIcon(theme.ConfirmIcon()), nil,
				wrapped("Posts you share here are recorded in Advocate only, so you can try the whole journey safely."))),
	}
	for _, n := range bundle.Networks {
		a.rows.Add(widget.NewCard(networkTitles[n], "Not connected",
			container.NewBorder(nil, nil, widget.NewIcon(theme.AccountIcon()), nil, wrapped(networkSignIn[n]))))
	}
	a.rows.Refresh()
}
