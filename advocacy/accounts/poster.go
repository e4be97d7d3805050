package accounts

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/networks"
	"github.com/advocate-app/advocate/advocacy/networks/bluesky"
	"github.com/advocate-app/advocate/advocacy/networks/linkedin"
	"github.com/advocate-app/advocate/advocacy/networks/mastodon"
	"github.com/advocate-app/advocate/advocacy/networks/x"
)

// Poster publishes posts for one account.
type Poster interface {
	Post(ctx context.Context, p networks.Post) (networks.Result, error)
}

// Apps are the organisation's network apps and addresses the clients use.
type Apps struct {
	X        x.App
	LinkedIn linkedin.App
	HTTP     *http.Client
}

// MastodonSecret is what the keyring keeps for a Mastodon account.
type MastodonSecret struct {
	App   mastodon.App `json:"app"`
	Token string       `json:"token"`
}

// PosterFor builds the network client for a connected account from its
// secret in the keyring. Bluesky sessions refreshed while posting are
// written back to the keyring.
func (m *Manager) PosterFor(ctx context.Context, a Account, apps Apps) (Poster, error) {
	secret, err := m.Secret(ctx, a)
	if err != nil {
		return nil, err
	}
	bad := func(err error) error {
		return fmt.Errorf("accounts: the kept sign-in for %s could not be read (%v); connect the account again", a.Account, err)
	}
	switch a.Network {
	case network.Bluesky:
		var s bluesky.Session
		if err := json.Unmarshal([]byte(secret), &s); err != nil {
			return nil, bad(err)
		}
		return &bluesky.Client{Service: a.Instance, HTTP: apps.HTTP, Session: s, Saved: func(s bluesky.Session) error {
			data, _ := json.Marshal(s)
			return m.Secrets.Set(context.WithoutCancel(ctx), string(a.Network), a.Account, string(data))
		}}, nil
	case network.Mastodon:
		var s MastodonSecret
		if err := json.Unmarshal([]byte(secret), &s); err != nil {
			return nil, bad(err)
		}
		return &mastodon.Client{Instance: a.Instance, Token: s.Token, HTTP: apps.HTTP}, nil
	case network.X:
		var t x.Token
		if err := json.Unmarshal([]byte(secret), &t); err != nil {
			return nil, bad(err)
		}
		return &x.Client{App: apps.X, Token: t}, nil
	case network.LinkedIn:
		var t linkedin.Token
		if err := json.Unmarshal([]byte(secret), &t); err != nil {
			return nil, bad(err)
		}
		return &linkedin.Client{App: apps.LinkedIn, Token: t, Author: "urn:li:person:" + a.Account}, nil
	}
	return nil, fmt.Errorf("accounts: no client for %s", a.Network)
}
