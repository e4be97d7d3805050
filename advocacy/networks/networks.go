// Package networks holds what the social network clients share: the post
// to publish, the result, and errors that say what the user can do.
// Each network's client lives in a sub-package.
package networks

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/advocate-app/advocate/advocacy/appinfo"
)

// Post is what to publish.
type Post struct {
	Text string
	// Link is the main link of the post, for networks that show a card.
	Link      string
	LinkTitle string
	LinkText  string
	// IdempotencyKey makes a retried post land once where the network
	// supports it.
	IdempotencyKey string
}

// Result is a published post.
type Result struct {
	ID  string
	URL string
}

// ErrReconnect is wrapped by errors that a new sign-in fixes: an invalid,
// revoked or expired token.
var ErrReconnect = errors.New("networks: sign-in no longer valid")

// ErrDuplicate is wrapped when the network refuses a post it already has.
var ErrDuplicate = errors.New("networks: already posted")

// RateLimited says the network wants no more posts until Reset.
type RateLimited struct {
	Network string
	Reset   time.Time
}

func (e *RateLimited) Error() string {
	if e.Reset.IsZero() {
		return fmt.Sprintf("networks: %s is limiting posts for now; try again later", e.Network)
	}
	return fmt.Sprintf("networks: %s is limiting posts until %s", e.Network, e.Reset.Local().Format("15:04"))
}

// TooLong says the network refused the post for its length.
type TooLong struct {
	Network      string
	Count, Limit int
}

func (e *TooLong) Error() string {
	if e.Count > 0 {
		return fmt.Sprintf("networks: the post is too long for %s (%d of %d characters)", e.Network, e.Count, e.Limit)
	}
	return fmt.Sprintf("networks: the post is too long for %s (at most %d characters)", e.Network, e.Limit)
}

// Reconnect wraps ErrReconnect with the network's own words.
func Reconnect(network, detail string) error {
	return fmt.Errorf("%w: %s says %q; connect the account again under Accounts", ErrReconnect, network, detail)
}

// Duplicate wraps ErrDuplicate.
func Duplicate(network string) error {
	return fmt.Errorf("%w: %s already has this post", ErrDuplicate, network)
}

// UserAgent is sent with every API request.
var UserAgent = appinfo.Name + "/" + appinfo.Version

// Client returns the HTTP client the network clients use by default.
func Client() *http.Client { return &http.Client{Timeout: 30 * time.Second} }

// ReadBody reads at most 1 MiB of a response.
func ReadBody(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, 1<<20+1))
	if err != nil {
		return nil, err
	}
	if len(data) > 1<<20 {
		return nil, errors.New("networks: the answer is larger than 1 MiB")
	}
	return data, nil
}

// Unexpected describes an answer the client did not expect, without
// echoing anything that could hold a secret.
func Unexpected(network string, status int, body []byte) error {
	text := strings.TrimSpace(string(body))
	if len(text) > 200 {
		text = text[:200] + "…"
	}
	return fmt.Errorf("networks: %s answered %d %s: %s", network, status, http.StatusText(status), text)
}
