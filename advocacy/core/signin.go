package core

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/advocate-app/advocate/advocacy/accounts"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/networks/bluesky"
	"github.com/advocate-app/advocate/advocacy/networks/linkedin"
	"github.com/advocate-app/advocate/advocacy/networks/loopback"
	"github.com/advocate-app/advocate/advocacy/networks/mastodon"
)

// signInTimeout bounds waiting for the browser during a sign-in.
const signInTimeout = 5 * time.Minute

// SignIn is what the user gave to connect an account.
type SignIn struct {
	Network network.ID
	// Handle and Password are Bluesky's handle and app password.
	Handle, Password string
	// Server is the Mastodon server, or the Bluesky service (optional).
	Server string
	// WithCode signs in to Mastodon by pasting a code shown by the server,
	// rather than by a redirect to this computer.
	WithCode bool
}

// Prompter is what a sign-in needs from the person signing in.
type Prompter interface {
	// Browse opens a page of the network in the user's browser.
	Browse(ctx context.Context, page string) error
	// Code asks for the code or PIN the network's page shows, and returns
	// it or an error when the user gave up.
	Code(ctx context.Context, id network.ID, page string) (string, error)
}

// ErrMissingSignIn says the user left out what the sign-in needs.
var ErrMissingSignIn = errors.New("core: give your handle and an app password")

// ErrNoApp says the organisation registered no app for the network, so
// its accounts cannot be connected (it is shared through the browser).
var ErrNoApp = errors.New("core: the organisation has not registered an app for this network")

// Connected is the outcome of a sign-in.
type Connected struct {
	Account accounts.Account
	// Resumed counts the shares that waited for this account and go now.
	Resumed int
}

// SignIn connects an account on req.Network: it signs in with the network,
// keeps the secret in the keyring, records the account and sends the
// shares that waited for it. It waits for the browser and the network:
// call it off the interface's goroutine, with a context the user can
// cancel.
func (c *Core) SignIn(ctx context.Context, req SignIn, p Prompter) (Connected, error) {
	ctx, cancel := context.WithTimeout(ctx, signInTimeout)
	defer cancel()
	var acc accounts.Account
	var secret string
	var err error
	switch req.Network {
	case network.Bluesky:
		acc, secret, err = c.signInBluesky(ctx, req)
	case network.Mastodon:
		acc, secret, err = c.signInMastodon(ctx, req, p)
	case network.LinkedIn:
		acc, secret, err = c.signInLinkedIn(ctx, p)
	case network.X:
		acc, secret, err = c.signInX(ctx, p)
	default:
		err = fmt.Errorf("core: %w", &network.UnknownError{Name: string(req.Network)})
	}
	if err != nil {
		return Connected{}, err
	}
	acc.Connected = c.Now()
	acc, err = c.accounts.Connect(ctx, acc, secret)
	if err != nil {
		return Connected{}, err
	}
	if err := c.journal(ctx, KindConnected, map[string]any{"network": acc.Network, "account": acc.Account}); err != nil {
		log.Printf("core: %v", err)
	}
	n, err := c.outbox.Resume(context.WithoutCancel(ctx), acc.ID)
	if n > 0 {
		c.worker.Wake()
	}
	c.emit(AccountsChanged)
	return Connected{Account: acc, Resumed: n}, err
}

// Unavailable reports whether the bundle in force lets network's accounts
// be connected: ErrNoApp when the organisation registered no app for it.
func (st *State) Unavailable(id network.ID) error {
	apps := st.Bundle.Manifest.Networks
	if (id == network.X && apps.X.ConsumerKey == "") || (id == network.LinkedIn && apps.LinkedIn.ClientID == "") {
		return ErrNoApp
	}
	return nil
}

func (c *Core) signInBluesky(ctx context.Context, req SignIn) (accounts.Account, string, error) {
	handle := strings.TrimPrefix(strings.TrimSpace(req.Handle), "@")
	if handle == "" || req.Password == "" {
		return accounts.Account{}, "", ErrMissingSignIn
	}
	service := strings.TrimSpace(req.Server)
	if service == "" {
		service = bluesky.DefaultService
	}
	s, err := bluesky.Login(ctx, c.cfg.HTTP, service, handle, req.Password)
	if err != nil {
		return accounts.Account{}, "", err
	}
	secret, _ := json.Marshal(s)
	return accounts.Account{Network: network.Bluesky, Account: s.Handle, Instance: service, DisplayName: s.Handle}, string(secret), nil
}

func (c *Core) signInMastodon(ctx context.Context, req SignIn, p Prompter) (accounts.Account, string, error) {
	instance, err := mastodon.Instance(req.Server)
	if err != nil {
		return accounts.Account{}, "", err
	}
	pkce := loopback.NewPKCE()
	if req.WithCode {
		app, err := mastodon.Register(ctx, c.cfg.HTTP, instance, mastodon.OOB)
		if err != nil {
			return accounts.Account{}, "", err
		}
		page := app.AuthorizeURL("", pkce.Challenge)
		if err := p.Browse(ctx, page); err != nil {
			return accounts.Account{}, "", err
		}
		code, err := p.Code(ctx, network.Mastodon, instance)
		if err != nil {
			return accounts.Account{}, "", err
		}
		return c.finishMastodon(ctx, app, strings.TrimSpace(code), pkce.Verifier)
	}
	var app mastodon.App
	code, _, err := viaBrowser(ctx, p, func(redirect, state string) (page string, err error) {
		if app, err = mastodon.Register(ctx, c.cfg.HTTP, instance, redirect); err != nil {
			return "", err
		}
		return app.AuthorizeURL(state, pkce.Challenge), nil
	})
	if err != nil {
		return accounts.Account{}, "", err
	}
	return c.finishMastodon(ctx, app, code, pkce.Verifier)
}

// viaBrowser opens in the browser the page where the network's sign-in
// starts, which page builds for Advocate's one-time loopback address and
// state, and waits for the code the network sends back there.
func viaBrowser(ctx context.Context, p Prompter, page func(redirect, state string) (string, error)) (code, redirect string, err error) {
	rcv, err := loopback.Listen()
	if err != nil {
		return "", "", err
	}
	defer rcv.Close()
	raw, err := page(rcv.RedirectURI(), rcv.State)
	if err != nil {
		return "", "", err
	}
	if err := p.Browse(ctx, raw); err != nil {
		return "", "", err
	}
	code, err = rcv.Wait(ctx, signInTimeout)
	return code, rcv.RedirectURI(), err
}

func (c *Core) finishMastodon(ctx context.Context, app mastodon.App, code, verifier string) (accounts.Account, string, error) {
	token, err := app.Exchange(ctx, c.cfg.HTTP, code, verifier)
	if err != nil {
		return accounts.Account{}, "", err
	}
	me, err := (&mastodon.Client{Instance: app.Instance, Token: token, HTTP: c.cfg.HTTP}).Verify(ctx)
	if err != nil {
		return accounts.Account{}, "", err
	}
	secret, _ := json.Marshal(accounts.MastodonSecret{App: app, Token: token})
	return accounts.Account{Network: network.Mastodon, Account: me.Acct, Instance: app.Instance, DisplayName: me.DisplayName}, string(secret), nil
}

func (c *Core) signInLinkedIn(ctx context.Context, p Prompter) (accounts.Account, string, error) {
	st := c.State()
	if err := st.Unavailable(network.LinkedIn); err != nil {
		return accounts.Account{}, "", err
	}
	app := c.apps(st).LinkedIn
	pkce := loopback.NewPKCE()
	code, redirect, err := viaBrowser(ctx, p, func(redirect, state string) (string, error) {
		return app.AuthorizeURL(redirect, state, pkce.Challenge), nil
	})
	if err != nil {
		return accounts.Account{}, "", err
	}
	tok, err := app.Exchange(ctx, code, redirect, pkce.Verifier, c.Now())
	if err != nil {
		return accounts.Account{}, "", err
	}
	me, err := (&linkedin.Client{App: app, Token: tok}).Me(ctx)
	if err != nil {
		return accounts.Account{}, "", err
	}
	secret, _ := json.Marshal(tok)
	return accounts.Account{Network: network.LinkedIn, Account: me.Sub, DisplayName: me.Name, Expires: tok.Expires}, string(secret), nil
}

// signInX runs X's PIN flow: the browser shows a PIN the user types back.
func (c *Core) signInX(ctx context.Context, p Prompter) (accounts.Account, string, error) {
	st := c.State()
	if err := st.Unavailable(network.X); err != nil {
		return accounts.Account{}, "", err
	}
	app := c.apps(st).X
	pending, err := app.Start(ctx)
	if err != nil {
		return accounts.Account{}, "", err
	}
	if err := p.Browse(ctx, pending.AuthorizeURL); err != nil {
		return accounts.Account{}, "", err
	}
	pin, err := p.Code(ctx, network.X, pending.AuthorizeURL)
	if err != nil {
		return accounts.Account{}, "", err
	}
	tok, err := app.Finish(ctx, pending, strings.TrimSpace(pin))
	if err != nil {
		return accounts.Account{}, "", err
	}
	id, _, _ := strings.Cut(tok.Token, "-") // X access tokens begin with the user's id
	secret, _ := json.Marshal(tok)
	return accounts.Account{Network: network.X, Account: id, DisplayName: "X " + id}, string(secret), nil
}

// Disconnect deletes an account's secret from the keyring and forgets it.
func (c *Core) Disconnect(ctx context.Context, acc accounts.Account) error {
	if err := c.accounts.Disconnect(ctx, acc); err != nil {
		return err
	}
	if err := c.journal(ctx, KindDisconnected, map[string]any{"network": acc.Network, "account": acc.Account}); err != nil {
		log.Printf("core: %v", err)
	}
	c.emit(AccountsChanged)
	return nil
}

// Accounts lists the connected accounts.
func (c *Core) Accounts(ctx context.Context) ([]accounts.Account, error) { return c.accounts.List(ctx) }

// PracticePosts returns the practice account's posts, newest first.
func (c *Core) PracticePosts(ctx context.Context, limit int) ([]accounts.PracticePost, error) {
	return accounts.PracticePosts(ctx, c.st.DB(), limit)
}

// AwaitingSignIn counts the shares waiting for account id to be connected
// again.
func (c *Core) AwaitingSignIn(ctx context.Context, id int64) (int, error) {
	return c.outbox.AwaitingSignIn(ctx, id)
}

// SignInExpiresSoon reports whether an account's sign-in ends within the
// warning period (LinkedIn's last 60 days).
func (c *Core) SignInExpiresSoon(acc accounts.Account) bool {
	return !acc.Expires.IsZero() && c.Now().Add(linkedin.WarnBefore).After(acc.Expires)
}

// BlueskyService is the Bluesky server used when the user names none.
const BlueskyService = bluesky.DefaultService
