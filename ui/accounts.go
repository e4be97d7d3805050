package ui

import (
	"context"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/accounts"
	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/network"
)

// accountsScreen lists the user's accounts on each network and the local
// practice account, and connects and disconnects them.
type accountsScreen struct {
	s       *session
	rows    *fyne.Container
	list    []accounts.Account
	waiting map[int64]int
	cards   map[network.ID]*widget.Card
	// prompter, when set, stands in for the browser and the code dialogs.
	prompter core.Prompter
	// done, when set, runs after each connect attempt has ended.
	done func(error)
}

// networkSignIn says how each network's account is connected.
func networkSignIn(id network.ID) string {
	switch id {
	case network.X:
		return lang.L("Sign in through X in your browser and paste the PIN it shows.")
	case network.LinkedIn:
		return lang.L("Sign in through LinkedIn in your browser; Advocate receives the answer on this computer.")
	case network.Mastodon:
		return lang.L("Give your server's name, then sign in there in your browser.")
	case network.Bluesky:
		return lang.L("Use your handle and an app password made in Bluesky's settings (never your main password).")
	}
	return ""
}

func newAccountsScreen(s *session) *accountsScreen {
	a := &accountsScreen{s: s, rows: container.NewVBox(), cards: map[network.ID]*widget.Card{}}
	s.onChange(a.refresh)
	a.refresh()
	return a
}

func (a *accountsScreen) view() fyne.CanvasObject {
	intro := wrapped(lang.L("Your sign-ins are kept in this computer's keyring and nowhere else: {{.Org}} never sees them, and every post waits for your click.",
		args{"Org": a.s.state().Bundle.Manifest.Org.Name}))
	return container.NewBorder(container.NewVBox(heading(lang.L("Accounts")), intro), nil, nil, nil,
		container.NewVScroll(a.rows))
}

// accountsView is what the Accounts screen shows, read off the UI
// goroutine.
type accountsView struct {
	list     []accounts.Account
	practice int
	waiting  map[int64]int
	err      error
}

// refresh reads the accounts off the UI goroutine and then draws them.
func (a *accountsScreen) refresh() {
	a.s.async(func(ctx context.Context) {
		var v accountsView
		v.list, v.err = a.s.core.Accounts(ctx)
		if v.err == nil {
			posts, _ := a.s.core.PracticePosts(ctx, 1000)
			v.practice = len(posts)
			v.waiting = map[int64]int{}
			for _, acc := range v.list {
				v.waiting[acc.ID], _ = a.s.core.AwaitingSignIn(ctx, acc.ID)
			}
		}
		fyne.Do(func() { a.show(v) })
	})
}

func (a *accountsScreen) show(v accountsView) {
	if v.err != nil {
		a.rows.Objects = []fyne.CanvasObject{wrapped(userError(v.err))}
		a.rows.Refresh()
		return
	}
	a.list, a.waiting = v.list, v.waiting
	a.rows.Objects = []fyne.CanvasObject{
		widget.NewCard(lang.L("Practice account"), lang.L("Ready"),
			container.NewBorder(nil, nil, widget.NewIcon(theme.ConfirmIcon()), nil,
				wrapped(lang.N("Posts you share here are recorded in Advocate only, so you can try the whole journey safely. {{.Count}} practice posts so far.", v.practice, args{"Count": v.practice})))),
	}
	for _, n := range network.All {
		a.cards[n] = a.networkCard(n)
		a.rows.Add(a.cards[n])
	}
	a.rows.Refresh()
}

func (a *accountsScreen) networkCard(id network.ID) *widget.Card {
	var objs []fyne.CanvasObject
	connected := 0
	for _, acc := range a.list {
		if acc.Network != id {
			continue
		}
		connected++
		acc := acc
		line := acc.DisplayName
		if line == "" {
			line = acc.Account
		}
		if acc.Instance != "" {
			line = lang.L("{{.Name}} on {{.Server}}", args{"Name": line, "Server": strings.TrimPrefix(acc.Instance, "https://")})
		}
		if !acc.Expires.IsZero() {
			if a.s.core.SignInExpiresSoon(acc) {
				line = lang.L("{{.Name}} — the sign-in expires {{.Day}}; connect again to renew it", args{"Name": line, "Day": day(acc.Expires)})
			} else {
				line = lang.L("{{.Name}} — valid until {{.Day}}", args{"Name": line, "Day": day(acc.Expires)})
			}
		}
		disconnect := widget.NewButtonWithIcon(lang.L("Disconnect"), theme.LogoutIcon(), func() { a.confirmDisconnect(acc) })
		buttons := container.NewHBox(disconnect)
		label := wrapped(line)
		if waiting := a.waiting[acc.ID]; waiting > 0 {
			label.SetText(lang.N("{{.Name}} — {{.Network}} refused its sign-in: connect again, and the {{.Count}} shares waiting for it go.", waiting,
				args{"Name": line, "Network": id.Title(), "Count": waiting}))
			label.Importance = widget.WarningImportance
			if a.unavailable(id) == "" {
				reconnect := widget.NewButtonWithIcon(lang.L("Reconnect"), theme.LoginIcon(), func() { a.connect(id) })
				reconnect.Importance = widget.HighImportance
				buttons.Objects = append([]fyne.CanvasObject{reconnect}, buttons.Objects...)
			}
		}
		objs = append(objs, container.NewBorder(nil, nil, widget.NewIcon(theme.AccountIcon()), buttons, label))
	}
	why := a.unavailable(id)
	if why != "" {
		objs = append(objs, wrapped(why))
	} else {
		objs = append(objs, wrapped(networkSignIn(id)),
			container.NewHBox(widget.NewButtonWithIcon(lang.L("Connect"), theme.LoginIcon(), func() { a.connect(id) })))
	}
	status := lang.L("Not connected")
	if connected > 0 {
		status = lang.L("{{.Count}} connected", args{"Count": connected})
	}
	return widget.NewCard(id.Title(), status, container.NewVBox(objs...))
}

// unavailable says why a network cannot be connected here, or "".
func (a *accountsScreen) unavailable(id network.ID) string {
	org := a.s.state().Bundle.Manifest.Org.Name
	if a.s.state().Unavailable(id) == nil {
		return ""
	}
	if id == network.X {
		return lang.L("{{.Org}} has not registered an X app for Advocate, so X is shared through your browser from Compose.", args{"Org": org})
	}
	return lang.L("{{.Org}} has not registered a LinkedIn app for Advocate, so LinkedIn is shared through your browser from Compose.", args{"Org": org})
}

func (a *accountsScreen) confirmDisconnect(acc accounts.Account) {
	dialog.ShowConfirm(lang.L("Disconnect"), lang.L("Disconnect {{.Account}} from {{.Network}}? Its sign-in is deleted from the keyring.", args{"Account": acc.Account, "Network": acc.Network.Title()}), func(ok bool) {
		if !ok {
			return
		}
		a.s.act(lang.L("Could not disconnect"), func(ctx context.Context) error { return a.s.core.Disconnect(ctx, acc) }, nil)
	}, a.s.win)
}

// connect asks for what the network's sign-in needs, then runs it.
func (a *accountsScreen) connect(id network.ID) {
	switch id {
	case network.Bluesky:
		handle, password, server := widget.NewEntry(), widget.NewPasswordEntry(), widget.NewEntry()
		handle.SetPlaceHolder("you.bsky.social")
		server.SetPlaceHolder(core.BlueskyService)
		dialog.ShowForm(lang.L("Connect Bluesky"), lang.L("Connect"), lang.L("Cancel"), []*widget.FormItem{
			widget.NewFormItem(lang.L("Handle"), handle), widget.NewFormItem(lang.L("App password"), password),
			widget.NewFormItem(lang.L("Server (optional)"), server)}, func(ok bool) {
			if ok {
				a.run(core.SignIn{Network: network.Bluesky, Handle: handle.Text, Password: password.Text, Server: server.Text})
			}
		}, a.s.win)
	case network.Mastodon:
		server := widget.NewEntry()
		server.SetPlaceHolder("mastodon.social")
		withCode := widget.NewCheck(lang.L("Sign in on another device and paste a code"), nil)
		dialog.ShowForm(lang.L("Connect Mastodon"), lang.L("Sign in"), lang.L("Cancel"), []*widget.FormItem{
			widget.NewFormItem(lang.L("Your server"), server), widget.NewFormItem("", withCode)}, func(ok bool) {
			if ok {
				a.run(core.SignIn{Network: network.Mastodon, Server: server.Text, WithCode: withCode.Checked})
			}
		}, a.s.win)
	default:
		a.run(core.SignIn{Network: id})
	}
}

// run does a sign-in through the core, off the UI goroutine, behind a
// progress dialog with Cancel.
func (a *accountsScreen) run(req core.SignIn) {
	name := req.Network.Title()
	ctx, cancel := context.WithCancel(context.Background())
	bar := widget.NewProgressBarInfinite()
	wait := dialog.NewCustom(lang.L("Connecting {{.Network}}", args{"Network": name}), lang.L("Cancel"), container.NewVBox(
		wrapped(lang.L("Finish signing in in your browser if it opened; Advocate waits here.")), bar), a.s.win)
	wait.SetOnClosed(cancel)
	wait.Show()
	prompter := a.prompter
	if prompter == nil {
		prompter = &dialogPrompter{s: a.s}
	}
	a.s.async(func(life context.Context) {
		stop := context.AfterFunc(life, cancel)
		defer stop()
		_, err := a.s.core.SignIn(ctx, req, prompter)
		fyne.Do(func() {
			wait.Hide() // its close handler cancels ctx, which is done with
			if err != nil {
				showError(a.s.win, lang.L("Could not connect {{.Network}}", args{"Network": name}), err)
			}
			if a.done != nil {
				a.done(err)
			}
		})
	})
}

// dialogPrompter opens the network's pages in the browser and asks for
// the codes they show in a dialog of the main window.
type dialogPrompter struct{ s *session }

// Browse opens page in the browser.
func (p *dialogPrompter) Browse(_ context.Context, page string) error {
	u, err := url.Parse(page)
	if err != nil {
		return err
	}
	errs := make(chan error, 1)
	fyne.Do(func() { errs <- p.s.browse(u) })
	return <-errs
}

// Code asks for the code or PIN the network shows, and waits for it.
func (p *dialogPrompter) Code(ctx context.Context, id network.ID, page string) (string, error) {
	answer := make(chan string, 1)
	fyne.Do(func() {
		code := widget.NewEntry()
		var items []*widget.FormItem
		title, label := lang.L("Paste the code"), lang.L("Code")
		if id == network.X {
			title, label = lang.L("Connect X"), lang.L("PIN from X")
			code.SetPlaceHolder("1234567")
		} else {
			items = append(items, widget.NewFormItem("", wrapped(lang.L("Sign in at {{.Server}} (the page opened in your browser; on another device, open it there), approve Advocate, and paste the code it shows.", args{"Server": page}))))
		}
		items = append(items, widget.NewFormItem(label, code))
		dialog.ShowForm(title, lang.L("Connect"), lang.L("Cancel"), items, func(ok bool) {
			if ok {
				answer <- code.Text
			} else {
				answer <- ""
			}
		}, p.s.win)
	})
	select {
	case code := <-answer:
		if code == "" {
			return "", context.Canceled
		}
		return code, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
