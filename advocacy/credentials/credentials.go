// Package credentials keeps the user's social network secrets (tokens, app
// passwords) in the operating system's keyring and nowhere else: the Secret
// Service (gnome-keyring, KWallet) on Linux, the Credential Manager on
// Windows, the Keychain on macOS. It is the only package that talks to the
// keyring.
package credentials

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
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

// backend is the keyring itself; tests put a fake in its place.
type backend interface {
	Get(service, user string) (string, error)
	Set(service, user, secret string) error
	Delete(service, user string) error
}

type osKeyring struct{}

func (osKeyring) Get(s, u string) (string, error) { return keyring.Get(s, u) }
func (osKeyring) Set(s, u, v string) error        { return keyring.Set(s, u, v) }
func (osKeyring) Delete(s, u string) error        { return keyring.Delete(s, u) }

// Keyring stores secrets under one service name, the app's ID.
type Keyring struct {
	service string
	timeout time.Duration
	store   backend
	// maxPart is the largest secret the keyring takes in one entry (0: no
	// limit); a longer one is kept in parts.
	maxPart int
}

// New returns a Keyring that files secrets under service.
func New(service string) *Keyring {
	return &Keyring{service: service, timeout: DefaultTimeout, store: osKeyring{}, maxPart: platformMaxSecret}
}

// Key is the keyring user name for an account on a network.
func Key(network, account string) string { return network + ":" + account }

// Set stores secret for account on network, replacing any earlier one.
func (k *Keyring) Set(ctx context.Context, network, account, secret string) error {
	_, err := k.call(ctx, "save", network, account, func() (string, error) {
		return "", k.set(Key(network, account), secret)
	})
	return err
}

// Get returns the secret for account on network, or an error wrapping
// ErrNotFound.
func (k *Keyring) Get(ctx context.Context, network, account string) (string, error) {
	return k.call(ctx, "read", network, account, func() (string, error) {
		return k.get(Key(network, account))
	})
}

// Delete removes the secret for account on network. Deleting a secret that
// is not there is not an error.
func (k *Keyring) Delete(ctx context.Context, network, account string) error {
	_, err := k.call(ctx, "delete", network, account, func() (string, error) {
		return "", k.delete(Key(network, account))
	})
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// A secret longer than the keyring takes (the Credential Manager's 2,560
// bytes) is kept in parts, user#<sum>.1 … user#<sum>.N, and the entry
// under user itself holds a head naming them: partsPrefix N:sum, where sum
// is the start of the whole secret's SHA-256. The head is written last, so
// it switches from the old secret to the new one in one step; parts of the
// old one are deleted after. A head whose parts do not add up to its sum is
// reported as damaged, never returned.
const partsPrefix = "advocate-credential-parts/v1 "

type head struct {
	n   int
	sum string
}

func parseHead(v string) (head, bool) {
	rest, ok := strings.CutPrefix(v, partsPrefix)
	if !ok {
		return head{}, false
	}
	count, sum, ok := strings.Cut(rest, ":")
	n, err := strconv.Atoi(count)
	if !ok || err != nil || n < 1 || n > 1000 || len(sum) != 16 {
		return head{}, false
	}
	return head{n: n, sum: sum}, true
}

func (h head) String() string                 { return partsPrefix + strconv.Itoa(h.n) + ":" + h.sum }
func (h head) part(user string, i int) string { return user + "#" + h.sum + "." + strconv.Itoa(i) }

func sum16(secret string) string {
	s := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(s[:8])
}

func (k *Keyring) get(user string) (string, error) {
	v, err := k.store.Get(k.service, user)
	if err != nil {
		return "", err
	}
	h, ok := parseHead(v)
	if !ok {
		return v, nil
	}
	var b strings.Builder
	for i := 1; i <= h.n; i++ {
		part, err := k.store.Get(k.service, h.part(user, i))
		if errors.Is(err, keyring.ErrNotFound) {
			return "", errDamaged
		}
		if err != nil {
			return "", err
		}
		b.WriteString(part)
	}
	if sum16(b.String()) != h.sum {
		return "", errDamaged
	}
	return b.String(), nil
}

// errDamaged is a secret kept in parts whose parts are missing or do not
// match.
var errDamaged = errors.New("damaged")

func (k *Keyring) set(user, secret string) error {
	old, oldErr := k.store.Get(k.service, user)
	_, looksLikeHead := parseHead(secret)
	if (k.maxPart <= 0 || len(secret) <= k.maxPart) && !looksLikeHead {
		if err := k.store.Set(k.service, user, secret); err != nil {
			return err
		}
		if oldErr == nil {
			k.deleteParts(user, old, "")
		}
		return nil
	}
	size := k.maxPart
	if size <= 0 {
		size = max(len(secret), 1)
	}
	h := head{n: max((len(secret)+size-1)/size, 1), sum: sum16(secret)}
	if h.n > 1000 {
		return keyring.ErrSetDataTooBig
	}
	for i := 1; i <= h.n; i++ {
		part := secret[(i-1)*size : min(i*size, len(secret))]
		if err := k.store.Set(k.service, h.part(user, i), part); err != nil {
			if oldErr != nil || old != h.String() {
				k.deleteParts(user, h.String(), "")
			}
			return err
		}
	}
	if err := k.store.Set(k.service, user, h.String()); err != nil {
		if oldErr != nil || old != h.String() {
			k.deleteParts(user, h.String(), "")
		}
		return err
	}
	if oldErr == nil {
		k.deleteParts(user, old, h.sum)
	}
	return nil
}

// deleteParts removes the parts a head names (unless they are the parts
// of keep, the head now in force). Failures leave only unreadable
// leftovers, so they are not reported.
func (k *Keyring) deleteParts(user, headText, keep string) {
	h, ok := parseHead(headText)
	if !ok || h.sum == keep {
		return
	}
	for i := 1; i <= h.n; i++ {
		k.store.Delete(k.service, h.part(user, i))
	}
}

func (k *Keyring) delete(user string) error {
	v, err := k.store.Get(k.service, user)
	if err == nil {
		k.deleteParts(user, v, "")
	}
	return k.store.Delete(k.service, user)
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
		return "", fmt.Errorf("%w: the keyring did not answer when asked to %s the %s secret for %s; %s", ErrUnavailable, verb, network, account, platformHungHint)
	}
}

// explain maps the library's errors to ours. It never includes the secret.
func explain(err error, verb, network, account string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, keyring.ErrNotFound):
		return fmt.Errorf("%w: no %s secret for %s in the keyring; connect the account again", ErrNotFound, network, account)
	case errors.Is(err, errDamaged):
		return fmt.Errorf("%w: the %s secret for %s in the keyring is incomplete; connect the account again", ErrNotFound, network, account)
	case errors.Is(err, keyring.ErrSetDataTooBig):
		return fmt.Errorf("credentials: the %s secret for %s is too large for the keyring", network, account)
	case noService(err):
		return fmt.Errorf("%w: no keyring service answered (%v); %s", ErrUnavailable, err, platformServiceHint)
	}
	return fmt.Errorf("credentials: cannot %s the %s secret for %s: %v", verb, network, account, err)
}
