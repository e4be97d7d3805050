package ui

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/accounts"
	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/networks/bluesky"
	"github.com/advocate-app/advocate/advocacy/networks/linkedin"
	"github.com/advocate-app/advocate/advocacy/networks/loopback"
	"github.com/advocate-app/advocate/advocacy/networks/mastodon"
	"github.com/advocate-app/advocate/advocacy/networks/x"
)

// signInTimeout bounds waiting for the browser during a sign-in.
const signInTimeout = 5 * time.Minute

// accountsScreen lists the user's accounts on each network and the local
// practice account, and connects and disconnects them.
type accountsScreen struct {
	s     *session
	rows  *fyne.Container
	list  []accounts.Account
	cards map[string]*widget.Card
	// done, when set, runs after each connect attempt has ended.
	done func(error)
}

// networkSignIn says how each network's account is connected.
func networkSignIn(network string) string {
	switch network {
	case "x":
		return lang.L("Sign in through X in your browser and paste the PIN it shows.")
	case "linkedin":
		return lang.L("Sign in through LinkedIn in your browser; Advocate receives the answer on this computer.")
	case "mastodon":
		return lang.L("Give your server's name, then sign in there in your browser.")
	case "bluesky":
		return lang.L("Use your handle and an app password made in Bluesky's settings (never your main password).")
	}
	return ""
}

func newAccountsScreen(s *session) *accountsScreen {
	a := &accountsScreen{s: s, rows: container.NewVBox(), cards: map[string]*widget.Card{}}
	s.onChange(a.refresh)
	a.refresh()
	return a
}

func (a *accountsScreen) view() fyne.CanvasObject {
	intro := wrapped(lang.L("Your sign-ins are kept in this computer's keyring and nowhere else: {{.Org}} never sees them, and every post waits for your click.",
		args{"Org": a.s.bundle.Manifest.Org.Name}))
	return container.NewBorder(container.NewVBox(heading(lang.L("Accounts")), intro), nil, nil, nil,
		container.NewVScroll(a.rows))
}

func (a *accountsScreen) refresh() {
	list, err := a.s.accounts.List(context.Background())
	if err != nil {
		a.rows.Objects = []fyne.CanvasObject{wrapped(err.Error())}
		a.rows.Refresh()
		return
	}
	a.list = list
	posts, _ := accounts.PracticePosts(context.Background(), a.s.env.Store.DB(), 1000)
	a.rows.Objects = []fyne.CanvasObject{
		widget.NewCard(lang.L("Practice account"), lang.L("Ready"),
			container.NewBorder(nil, nil, widget.NewIcon(theme.ConfirmIcon()), nil,
				wrapped(lang.N("Posts you share here are recorded in Advocate only, so you can try the whole journey safely. {{.Count}} practice posts so far.", len(posts), args{"Count": len(posts)})))),
	}
	for _, n := range bundle.Networks {
		a.cards[n] = a.networkCard(n)
		a.rows.Add(a.cards[n])
	}
	a.rows.Refresh()
}

func (a *accountsScreen) networkCard(network string) *widget.Card {
	var objs []fyne.CanvasObject
	connected := 0
	for _, acc := range a.list {
		if acc.Network != network {
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
			if a.s.env.Now().Add(linkedin.WarnBefore).After(acc.Expires) {
				line = lang.L("{{.Name}} — the sign-in expires {{.Day}}; connect again to renew it", args{"Name": line, "Day": day(acc.Expires)})
			} else {
				line = lang.L("{{.Name}} — valid until {{.Day}}", args{"Name": line, "Day": day(acc.Expires)})
			}
		}
		disconnect := widget.NewButtonWithIcon(lang.L("Disconnect"), theme.LogoutIcon(), func() { a.confirmDisconnect(acc) })
		buttons := container.NewHBox(disconnect)
		label := wrapped(line)
		if waiting, _ := a.s.outbox.AwaitingSignIn(context.Background(), acc.ID); waiting > 0 {
			label.SetText(lang.N("{{.Name}} — {{.Network}} refused its sign-in: connect again, and the {{.Count}} shares waiting for it go.", waiting,
				args{"Name": line, "Network": networkTitles[network], "Count": waiting}))
			label.Importance = widget.WarningImportance
			if a.unavailable(network) == "" {
				reconnect := widget.NewButtonWithIcon(lang.L("Reconnect"), theme.LoginIcon(), func() { a.connect(network) })
				reconnect.Importance = widget.HighImportance
				buttons.Objects = append([]fyne.CanvasObject{reconnect}, buttons.Objects...)
			}
		}
		objs = append(objs, container.NewBorder(nil, nil, widget.NewIcon(theme.AccountIcon()), buttons, label))
	}
	why := a.unavailable(network)
	if why != "" {
		objs = append(objs, wrapped(why))
	} else {
		objs = append(objs, wrapped(networkSignIn(network)),
			container.NewHBox(widget.NewButtonWithIcon(lang.L("Connect"), theme.LoginIcon(), func() { a.connect(network) })))
	}
	status := lang.L("Not connected")
	if connected > 0 {
		status = lang.L("{{.Count}} connected", args{"Count": connected})
	}
	return widget.NewCard(networkTitles[network], status, container.NewVBox(objs...))
}

// unavailable says why a network cannot be connected here, or "".
func (a *accountsScreen) unavailable(network string) string {
	apps := a.s.bundle.Manifest.Networks
	switch {
	case network == "x" && apps.X.ConsumerKey == "":
		return lang.L("{{.Org}} has not registered an X app for Advocate, so X is shared through your browser from Compose.", args{"Org": a.s.bundle.Manifest.Org.Name})
	case network == "linkedin" && apps.LinkedIn.ClientID == "":
		return lang.L("{{.Org}} has not registered a LinkedIn app for Advocate, so LinkedIn is shared through your browser from Compose.", args{"Org": a.s.bundle.Manifest.Org.Name})
	}
	return ""
}

func (a *accountsScreen) confirmDisconnect(acc accounts.Account) {
	dialog.ShowConfirm(lang.L("Disconnect"), lang.L("Disconnect {{.Account}} from {{.Network}}? Its sign-in is deleted from the keyring.", args{"Account": acc.Account, "Network": networkTitles[acc.Network]}), func(ok bool) {
		if !ok {
			return
		}
		if err := a.s.accounts.Disconnect(context.Background(), acc); err != nil {
			showError(a.s.win, lang.L("Could not disconnect"), err)
			return
		}
		a.s.record("account", lang.L("Disconnected {{.Network}} account {{.Account}}", args{"Network": networkTitles[acc.Network], "Account": acc.Account}))
		a.refresh()
	}, a.s.win)
}

// connect asks for what the network's sign-in needs, then runs it.
func (a *accountsScreen) connect(network string) {
	switch network {
	case "bluesky":
		handle, password, server := widget.NewEntry(), widget.NewPasswordEntry(), widget.NewEntry()
		handle.SetPlaceHolder("you.bsky.social")
		server.SetPlaceHolder(bluesky.DefaultService)
		dialog.ShowForm(lang.L("Connect Bluesky"), lang.L("Connect"), lang.L("Cancel"), []*widget.FormItem{
			widget.NewFormItem(lang.L("Handle"), handle), widget.NewFormItem(lang.L("App password"), password),
			widget.NewFormItem(lang.L("Server (optional)"), server)}, func(ok bool) {
			if ok {
				a.run("Bluesky", func(ctx context.Context) (accounts.Account, string, error) {
					return a.signInBluesky(ctx, handle.Text, password.Text, server.Text)
				})
			}
		}, a.s.win)
	case "mastodon":
		server := widget.NewEntry()
		server.SetPlaceHolder("mastodon.social")
		withCode := widget.NewCheck(lang.L("Sign in on another device and paste a code"), nil)
		dialog.ShowForm(lang.L("Connect Mastodon"), lang.L("Sign in"), lang.L("Cancel"), []*widget.FormItem{
			widget.NewFormItem(lang.L("Your server"), server), widget.NewFormItem("", withCode)}, func(ok bool) {
			switch {
			case !ok:
			case withCode.Checked:
				a.connectMastodonWithCode(server.Text)
			default:
				a.run("Mastodon", func(ctx context.Context) (accounts.Account, string, error) {
					return a.signInMastodon(ctx, server.Text)
				})
			}
		}, a.s.win)
	case "linkedin":
		a.run("LinkedIn", a.signInLinkedIn)
	case "x":
		a.connectX()
	}
}

// run does a sign-in off the UI goroutine behind a progress dialog with
// Cancel, then records the account.
func (a *accountsScreen) run(name string, signIn func(context.Context) (accounts.Account, string, error)) {
	ctx, cancel := context.WithTimeout(context.Background(), signInTimeout)
	bar := widget.NewProgressBarInfinite()
	wait := dialog.NewCustom(lang.L("Connecting {{.Network}}", args{"Network": name}), lang.L("Cancel"), container.NewVBox(
		wrapped(lang.L("Finish signing in in your browser if it opened; Advocate waits here.")), bar), a.s.win)
	wait.SetOnClosed(cancel)
	wait.Show()
	a.s.async(func() {
		acc, secret, err := signIn(ctx)
		if err == nil {
			acc.Connected = a.s.env.Now()
			acc, err = a.s.accounts.Connect(ctx, acc, secret)
		}
		fyne.Do(func() {
			wait.Hide() // its close handler cancels ctx, which is done with

			if err != nil {
				showError(a.s.win, lang.L("Could not connect {{.Network}}", args{"Network": name}), err)
			} else {
				a.s.record("account", lang.L("Connected {{.Network}} account {{.Account}}", args{"Network": name, "Account": acc.Account}))
				if n, _ := a.s.outbox.Resume(context.Background(), acc.ID); n > 0 {
					a.s.record("share", lang.N("{{.Count}} shares waiting for this account go now", n, args{"Count": n}))
					a.s.worker.Wake()
				}
				a.refresh()
			}
			if a.done != nil {
				a.done(err)
			}
		})
	})
}

func (a *accountsScreen) signInBluesky(ctx context.Context, handle, password, server string) (accounts.Account, string, error) {
	handle = strings.TrimPrefix(strings.TrimSpace(handle), "@")
	if handle == "" || password == "" {
		return accounts.Account{}, "", errors.New(lang.L("give your handle and an app password"))
	}
	service := strings.TrimSpace(server)
	if service == "" {
		service = bluesky.DefaultService
	}
	s, err := bluesky.Login(ctx, a.s.env.HTTP, service, handle, password)
	if err != nil {
		return accounts.Account{}, "", err
	}
	secret, _ := json.Marshal(s)
	return accounts.Account{Network: "bluesky", Account: s.Handle, Instance: service, DisplayName: s.Handle}, string(secret), nil
}

func (a *accountsScreen) signInMastodon(ctx context.Context, server string) (accounts.Account, string, error) {
	instance, err := mastodon.Instance(server)
	if err != nil {
		return accounts.Account{}, "", err
	}
	rcv, err := loopback.Listen()
	if err != nil {
		return accounts.Account{}, "", err
	}
	defer rcv.Close()
	app, err := mastodon.Register(ctx, a.s.env.HTTP, instance, rcv.RedirectURI())
	if err != nil {
		return accounts.Account{}, "", err
	}
	pkce := loopback.NewPKCE()
	if err := a.browse(app.AuthorizeURL(rcv.State, pkce.Challenge)); err != nil {
		return accounts.Account{}, "", err
	}
	code, err := rcv.Wait(ctx, signInTimeout)
	if err != nil {
		return accounts.Account{}, "", err
	}
	return a.finishMastodon(ctx, app, code, pkce.Verifier)
}

// connectMastodonWithCode signs in without a redirect to this computer:
// the server shows a code, which the user pastes here.
func (a *accountsScreen) connectMastodonWithCode(server string) {
	instance, err := mastodon.Instance(server)
	if err != nil {
		showError(a.s.win, lang.L("Could not connect {{.Network}}", args{"Network": "Mastodon"}), err)
		return
	}
	app, err := mastodon.Register(context.Background(), a.s.env.HTTP, instance, mastodon.OOB)
	if err != nil {
		showError(a.s.win, lang.L("Could not connect {{.Network}}", args{"Network": "Mastodon"}), err)
		return
	}
	pkce := loopback.NewPKCE()
	page := app.AuthorizeURL("", pkce.Challenge)
	if err := a.browse(page); err != nil {
		showError(a.s.win, lang.L("Could not open the browser"), err)
		return
	}
	code := widget.NewEntry()
	dialog.ShowForm(lang.L("Paste the code"), lang.L("Connect"), lang.L("Cancel"), []*widget.FormItem{
		widget.NewFormItem("", wrapped(lang.L("Sign in at {{.Server}} (the page opened in your browser; on another device, open it there), approve Advocate, and paste the code it shows.", args{"Server": instance}))),
		widget.NewFormItem(lang.L("Code"), code)}, func(ok bool) {
		if ok {
			a.run("Mastodon", func(ctx context.Context) (accounts.Account, string, error) {
				return a.finishMastodon(ctx, app, code.Text, pkce.Verifier)
			})
		}
	}, a.s.win)
}

func (a *accountsScreen) finishMastodon(ctx context.Context, app mastodon.App, code, verifier string) (accounts.Account, string, error) {
	token, err := app.Exchange(ctx, a.s.env.HTTP, code, verifier)
	if err != nil {
		return accounts.Account{}, "", err
	}
	me, err := (&mastodon.Client{Instance: app.Instance, Token: token, HTTP: a.s.env.HTTP}).Verify(ctx)
	if err != nil {
		return accounts.Account{}, "", err
	}
	secret, _ := json.Marshal(accounts.MastodonSecret{App: app, Token: token})
	return accounts.Account{Network: "mastodon", Account: me.Acct, Instance: app.Instance, DisplayName: me.DisplayName}, string(secret), nil
}

func (a *accountsScreen) endpoints() Endpoints {
	if a.s.env.Endpoints != nil {
		return *a.s.env.Endpoints
	}
	return Endpoints{X: x.Production, LinkedIn: linkedin.Production}
}

func (a *accountsScreen) signInLinkedIn(ctx context.Context) (accounts.Account, string, error) {
	app := linkedin.App{ClientID: a.s.bundle.Manifest.Networks.LinkedIn.ClientID, Endpoints: a.endpoints().LinkedIn, HTTP: a.s.env.HTTP}
	rcv, err := loopback.Listen()
	if err != nil {
		return accounts.Account{}, "", err
	}
	defer rcv.Close()
	pkce := loopback.NewPKCE()
	if err := a.browse(app.AuthorizeURL(rcv.RedirectURI(), rcv.State, pkce.Challenge)); err != nil {
		return accounts.Account{}, "", err
	}
	code, err := rcv.Wait(ctx, signInTimeout)
	if err != nil {
		return accounts.Account{}, "", err
	}
	tok, err := app.Exchange(ctx, code, rcv.RedirectURI(), pkce.Verifier, a.s.env.Now())
	if err != nil {
		return accounts.Account{}, "", err
	}
	me, err := (&linkedin.Client{App: app, Token: tok}).Me(ctx)
	if err != nil {
		return accounts.Account{}, "", err
	}
	secret, _ := json.Marshal(tok)
	return accounts.Account{Network: "linkedin", Account: me.Sub, DisplayName: me.Name, Expires: tok.Expires}, string(secret), nil
}

// connectX starts the PIN flow: the browser shows a PIN that the user
// types back here.
func (a *accountsScreen) connectX() {
	apps := a.s.bundle.Manifest.Networks.X
	app := x.App{ConsumerKey: apps.ConsumerKey, ConsumerSecret: apps.ConsumerSecret, Endpoints: a.endpoints().X, HTTP: a.s.env.HTTP}
	pending, err := app.Start(context.Background())
	if err != nil {
		showError(a.s.win, lang.L("Could not connect {{.Network}}", args{"Network": "X"}), err)
		return
	}
	if err := a.browse(pending.AuthorizeURL); err != nil {
		showError(a.s.win, lang.L("Could not open the browser"), err)
		return
	}
	pin := widget.NewEntry()
	pin.SetPlaceHolder("1234567")
	dialog.ShowForm(lang.L("Connect X"), lang.L("Connect"), lang.L("Cancel"), []*widget.FormItem{widget.NewFormItem(lang.L("PIN from X"), pin)}, func(ok bool) {
		if ok {
			a.run("X", func(ctx context.Context) (accounts.Account, string, error) {
				return a.finishX(ctx, app, pending, pin.Text)
			})
		}
	}, a.s.win)
}

func (a *accountsScreen) finishX(ctx context.Context, app x.App, pending x.Pending, pin string) (accounts.Account, string, error) {
	tok, err := app.Finish(ctx, pending, pin)
	if err != nil {
		return accounts.Account{}, "", err
	}
	id, _, _ := strings.Cut(tok.Token, "-") // X access tokens begin with the user's id
	secret, _ := json.Marshal(tok)
	return accounts.Account{Network: "x", Account: id, DisplayName: lang.L("X user {{.ID}}", args{"ID": id})}, string(secret), nil
}

func (a *accountsScreen) browse(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	return a.s.openURL(u)
}

// apps returns the organisation's network apps for posting.
func (s *session) apps() accounts.Apps {
	e := Endpoints{X: x.Production, LinkedIn: linkedin.Production}
	if s.env.Endpoints != nil {
		e = *s.env.Endpoints
	}
	n := s.bundle.Manifest.Networks
	return accounts.Apps{
		X:        x.App{ConsumerKey: n.X.ConsumerKey, ConsumerSecret: n.X.ConsumerSecret, Endpoints: e.X, HTTP: s.env.HTTP},
		LinkedIn: linkedin.App{ClientID: n.LinkedIn.ClientID, Endpoints: e.LinkedIn, HTTP: s.env.HTTP},
		HTTP:     s.env.HTTP,
	}
}
