// Package accounts keeps the user's connected accounts: what they are
// (network, handle, server, expiry) in the local database, and their
// secrets in the keyring — never in the database, files or logs.
package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/networks"
	"github.com/advocate-app/advocate/advocacy/store"
)

// Practice is the network name of the local practice account.
const Practice = "practice"

// Secrets is where tokens are kept: the OS keyring in the app.
type Secrets interface {
	Set(ctx context.Context, network, account, secret string) error
	Get(ctx context.Context, network, account string) (string, error)
	Delete(ctx context.Context, network, account string) error
}

// Account is a connected account, without its secret.
type Account struct {
	ID          int64
	Network     network.ID
	Account     string // handle, acct or member id
	Instance    string // the server, for Mastodon and Bluesky
	DisplayName string
	Expires     time.Time
	Connected   time.Time
}

// Manager connects and disconnects accounts.
type Manager struct {
	DB      *sql.DB
	Secrets Secrets
}

// Connect keeps secret in the keyring and the account's description in
// the database. If the keyring refuses, nothing is recorded.
func (m *Manager) Connect(ctx context.Context, a Account, secret string) (Account, error) {
	if err := m.Secrets.Set(ctx, string(a.Network), a.Account, secret); err != nil {
		return Account{}, err
	}
	if a.Connected.IsZero() {
		a.Connected = time.Now()
	}
	err := m.DB.QueryRowContext(ctx, `INSERT INTO accounts(network, account, instance, display_name, expires_at, connected_at)
		VALUES(?, ?, ?, ?, ?, ?)
		ON CONFLICT(network, account) DO UPDATE SET instance = excluded.instance, display_name = excluded.display_name,
			expires_at = excluded.expires_at, connected_at = excluded.connected_at
		RETURNING id`, a.Network, a.Account, a.Instance, a.DisplayName, store.FormatTime(a.Expires), store.FormatTime(a.Connected)).Scan(&a.ID)
	if err != nil {
		m.Secrets.Delete(ctx, string(a.Network), a.Account)
		return Account{}, fmt.Errorf("accounts: record the account: %w", err)
	}
	return a, nil
}

// Disconnect deletes the account's secret from the keyring, then forgets
// the account.
func (m *Manager) Disconnect(ctx context.Context, a Account) error {
	if err := m.Secrets.Delete(ctx, string(a.Network), a.Account); err != nil {
		return err
	}
	if _, err := m.DB.ExecContext(ctx, "DELETE FROM accounts WHERE id = ?", a.ID); err != nil {
		return fmt.Errorf("accounts: forget the account: %w", err)
	}
	return nil
}

// List returns the connected accounts by network and name.
func (m *Manager) List(ctx context.Context) ([]Account, error) {
	rows, err := m.DB.QueryContext(ctx, `SELECT id, network, account, instance, display_name, expires_at, connected_at
		FROM accounts ORDER BY network, account`)
	if err != nil {
		return nil, fmt.Errorf("accounts: read accounts: %w", err)
	}
	defer rows.Close()
	var out []Account
	for rows.Next() {
		var a Account
		var expires, connected string
		if err := rows.Scan(&a.ID, &a.Network, &a.Account, &a.Instance, &a.DisplayName, &expires, &connected); err != nil {
			return nil, fmt.Errorf("accounts: read accounts: %w", err)
		}
		a.Expires = store.ParseTime(expires)
		a.Connected = store.ParseTime(connected)
		out = append(out, a)
	}
	return out, rows.Err()
}

// Secret returns the account's secret from the keyring.
func (m *Manager) Secret(ctx context.Context, a Account) (string, error) {
	return m.Secrets.Get(ctx, string(a.Network), a.Account)
}

// PracticePoster records posts in the local database instead of a
// network, so a new user can walk the whole journey safely.
type PracticePoster struct {
	DB      *sql.DB
	Network network.ID
	Now     func() time.Time
}

// Post records p.
func (p *PracticePoster) Post(ctx context.Context, post networks.Post) (networks.Result, error) {
	if post.Text == "" {
		return networks.Result{}, errors.New("accounts: an empty post")
	}
	now := time.Now
	if p.Now != nil {
		now = p.Now
	}
	var id int64
	err := p.DB.QueryRowContext(ctx, "INSERT INTO practice_posts(network, text, created_at) VALUES(?, ?, ?) RETURNING id",
		p.Network, post.Text, store.FormatTime(now())).Scan(&id)
	if err != nil {
		return networks.Result{}, fmt.Errorf("accounts: record the practice post: %w", err)
	}
	return networks.Result{ID: fmt.Sprint(id), URL: fmt.Sprintf("advocate://practice/%d", id)}, nil
}

// PracticePost is a post recorded by the practice account.
type PracticePost struct {
	ID      int64
	Network network.ID
	Text    string
	At      time.Time
}

// PracticePosts returns the practice account's posts, newest first.
func PracticePosts(ctx context.Context, db *sql.DB, limit int) ([]PracticePost, error) {
	rows, err := db.QueryContext(ctx, "SELECT id, network, text, created_at FROM practice_posts ORDER BY id DESC LIMIT ?", limit)
	if err != nil {
		return nil, fmt.Errorf("accounts: read practice posts: %w", err)
	}
	defer rows.Close()
	var out []PracticePost
	for rows.Next() {
		var p PracticePost
		var at string
		if err := rows.Scan(&p.ID, &p.Network, &p.Text, &at); err != nil {
			return nil, err
		}
		p.At = store.ParseTime(at)
		out = append(out, p)
	}
	return out, rows.Err()
}
