// Package credentials keeps the user's social network secrets (tokens, app
// passwords) in the operating system's keyring and nowhere else. It is the
// only package that talks to the keyring.
package credentials

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/zalando/go-keyring"
)

// ErrNotFound is returned when the keyring holds no secret for an account.
var ErrNotFound = errors.New("credentials: not found")

// ErrUnavailable wraps errors from a keyring that cannot be reached or does
// not answer in time (no Secret Service running, or one waiting for a
// password prompt nobody sees).
var ErrUnavailable = errors.New("credentials: keyring unavailable")

// DefaultTimeout bounds each keyring call.
const DefaultTimeout = 10 * time.Second

// Keyring stores secrets under one service name, the app's ID.
type Keyring struct {
	service string
	timeout time.Duration
}

// New returns a Keyring that files secrets under service.
func New(service string) *Keyring {
	return &Keyring{service: service, timeout: DefaultTimeout}
}

// Key is the keyring user name for an account on a network.
func Key(network, account string) string { return network + ":" + account }

// Set stores secret for account on network, replacing any earlier one.
func (k *Keyring) Set(ctx context.Context, network, account, secret string) error {
	_, err := k.call(ctx, "save", network, account, func() (string, error) {
		return "", keyring.Set(k.service, Key(network, account), secret)
	})
	return err
}

// Get returns the secret for account on network, or an error wrapping
// ErrNotFound.
func (k *Keyring) Get(ctx context.Context, network, account string) (string, error) {
	return k.call(ctx, "read", network, account, func() (string, error) {
		return keyring.Get(k.service, Key(network, account))
	})
}

// Delete removes the secret for account on network. Deleting a secret that
// is not there is not an error.
func (k *Keyring) Delete(ctx context.Context, network, account string) error {
	_, err := k.call(ctx, "delete", network, account, func() (string, error) {
		return "", keyring.Delete(k.service, Key(network, account))
	})
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// call runs one keyring operation with a deadline. The keyring library has
// no way to cancel a call; if it never returns, its goroutine ends with the
// process, and the user gets an error instead of a frozen app.
func (k *Keyring) call(ctx context.Context, verb, network, account string, op func() (string, error)) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, k.timeout)
	defer cancel()
	type result struct {
		v   string
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := op()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, explain(r.err, verb, network, account)
	case <-ctx.Done():
		return "", fmt.Errorf("%w: the keyring did not answer when asked to %s the %s secret for %s; unlock your keyring (it may be waiting for its password) and try again", ErrUnavailable, verb, network, account)
	}
}

// explain maps the library's errors to ours. It never includes the secret.
func explain(err error, verb, network, account string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, keyring.ErrNotFound):
		return fmt.Errorf("%w: no %s secret for %s in the keyring; connect the account again", ErrNotFound, network, account)
	case errors.Is(err, keyring.ErrSetDataTooBig):
		return fmt.Errorf("credentials: the %s secret for %s is too large for the keyring", network, account)
	case noService(err):
		return fmt.Errorf("%w: no keyring service answered (%v); install and start gnome-keyring or KWallet, then try again", ErrUnavailable, err)
	}
	return fmt.Errorf("credentials: cannot %s the %s secret for %s: %v", verb, network, account, err)
}

// noService recognises the errors of a session without a Secret Service: no
// D-Bus session bus, or no keyring daemon on it.
func noService(err error) bool {
	msg := err.Error()
	for _, sign := range []string{"org.freedesktop.secrets", "dbus", "DBUS_SESSION_BUS_ADDRESS", "dial unix", "X11"} {
		if strings.Contains(msg, sign) {
			return true
		}
	}
	return false
}
