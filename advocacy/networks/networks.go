// Package networks holds what the social network clients share: the post
// to publish, the result, and errors that say what the user can do.
// Each network's client lives in a sub-package.
package networks

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

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

// MaxBody is the most of an answer the clients read.
const MaxBody = 1 << 20

// ErrTooLarge is returned for an answer larger than MaxBody.
var ErrTooLarge = errors.New("networks: the answer is larger than 1 MiB")

// ReadBody reads at most MaxBody of a response. A failed read is an
// *UnreadableError (with no network name; Read names it); an answer that is
// too large is ErrTooLarge.
func ReadBody(r io.Reader) ([]byte, error) { return Read("", r) }

// Read is ReadBody for a named network.
func Read(network string, r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBody+1))
	if err != nil {
		return nil, Unreadable(network, err)
	}
	if len(data) > MaxBody {
		return nil, ErrTooLarge
	}
	return data, nil
}

// ErrUnreadable is matched by every *UnreadableError, for errors.Is.
var ErrUnreadable = errors.New("networks: the answer could not be read")

// UnreadableError says that an answer arrived but could not be read to
// its end or decoded: the request may well have been carried out, so the
// outcome is unknown. Err is the cause (io.ErrUnexpectedEOF, a
// *json.SyntaxError, …).
type UnreadableError struct {
	Network string
	Err     error
}

// Unreadable wraps err, the reason an answer from network could not be
// read or decoded.
func Unreadable(network string, err error) *UnreadableError {
	if err == nil {
		err = errors.New("empty answer")
	}
	return &UnreadableError{Network: network, Err: err}
}

// Error says which network's answer could not be read, and why (a Go
// decoding or reading error, which quotes no more than a character of the
// answer).
func (e *UnreadableError) Error() string {
	if e.Network == "" {
		return fmt.Sprintf("networks: the answer could not be read (%v)", e.Err)
	}
	return fmt.Sprintf("networks: the answer from %s could not be read (%v)", e.Network, e.Err)
}

// Unwrap returns the cause.
func (e *UnreadableError) Unwrap() error { return e.Err }

// Is reports whether target is ErrUnreadable.
func (e *UnreadableError) Is(target error) bool { return target == ErrUnreadable }

// StatusError is an answer with an HTTP status the client did not expect.
// It never holds the answer's body: only the network's own error code and
// a short message from its JSON error, both dropped when they look like
// they echo something secret.
type StatusError struct {
	// Network names the network, as its client calls it ("Mastodon").
	Network string
	// Status is the HTTP status code.
	Status int
	// Code is the network's own error code, when its error body has one:
	// Bluesky's and Mastodon's "error", LinkedIn's "serviceErrorCode" or
	// "code", X's "title" or "type".
	Code string
	// Message is a short, scrubbed message from the error body, at most
	// MaxMessage runes.
	Message string
}

// MaxMessage is the most runes of a network's message a StatusError keeps.
const MaxMessage = 120

// maxCode is the most runes of a network's error code a StatusError keeps.
const maxCode = 64

// Error says what the network answered, for example
// `networks: Mastodon answered 500 Internal Server Error (code "x"): message`.
func (e *StatusError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "networks: %s answered %d", e.Network, e.Status)
	if text := http.StatusText(e.Status); text != "" {
		b.WriteString(" " + text)
	}
	if e.Code != "" {
		fmt.Fprintf(&b, " (code %q)", e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	return b.String()
}

// ServerSide reports a 5xx status: the fault is on the network's side and
// the same request may succeed later.
func (e *StatusError) ServerSide() bool { return e.Status >= 500 && e.Status <= 599 }

// Detail is the most telling of the scrubbed message and code, for
// sentences such as Reconnect's.
func (e *StatusError) Detail() string {
	if e.Message != "" {
		return e.Message
	}
	return e.Code
}

// errorBody is the union of the error shapes the networks use.
type errorBody struct {
	Error            json.RawMessage `json:"error"`
	ErrorDescription json.RawMessage `json:"error_description"`
	Message          json.RawMessage `json:"message"`
	Title            json.RawMessage `json:"title"`
	Type             json.RawMessage `json:"type"`
	Detail           json.RawMessage `json:"detail"`
	Code             json.RawMessage `json:"code"`
	ServiceErrorCode json.RawMessage `json:"serviceErrorCode"`
	Errors           []struct {
		Code    json.RawMessage `json:"code"`
		Message json.RawMessage `json:"message"`
	} `json:"errors"`
}

// scalar is a JSON string or number as text; anything else is "".
func scalar(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

func first(values ...string) string {
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// Unexpected describes an answer with an unexpected status. body is read
// only for the network's error code and message; secrets are what the
// client sent that must not come back in an error (tokens, passwords, the
// client secret, the PKCE verifier, signatures): a code or message holding
// one of them, or anything else that looks like a credential, is left out.
func Unexpected(network string, status int, body []byte, secrets ...string) *StatusError {
	e := &StatusError{Network: network, Status: status}
	var b errorBody
	if json.Unmarshal(body, &b) != nil {
		return e
	}
	var listCode, listMessage string
	if len(b.Errors) > 0 {
		listCode, listMessage = scalar(b.Errors[0].Code), scalar(b.Errors[0].Message)
	}
	typ := scalar(b.Type)
	if typ == "about:blank" {
		typ = ""
	}
	code := first(scalar(b.Error), scalar(b.ServiceErrorCode), scalar(b.Code), scalar(b.Title), typ, listCode)
	message := first(scalar(b.ErrorDescription), scalar(b.Message), scalar(b.Detail), listMessage)
	e.Code = scrub(code, maxCode, secrets)
	e.Message = scrub(message, MaxMessage, secrets)
	if e.Message == e.Code {
		e.Message = ""
	}
	return e
}

// credentialWords are signs that a text quotes a request's credentials.
var credentialWords = []string{
	"authorization:", `"authorization"`, "bearer ", "oauth_", "client_secret", "code_verifier",
	"access_token", "refresh_token", "accessjwt", "refreshjwt", "password=", `"password"`,
	"password:", "secret=", "token=", "verifier=", "eyj", // eyJ starts every JWT
}

// scrub makes text safe to keep: whitespace collapsed, nothing if it holds
// a secret or looks like a credential, and at most limit runes.
func scrub(text string, limit int, secrets []string) string {
	text = strings.Join(strings.FieldsFunc(text, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
	if text == "" || leaks(text, secrets) {
		return ""
	}
	if r := []rune(text); len(r) > limit {
		text = strings.TrimSpace(string(r[:limit-1])) + "…"
	}
	return text
}

// leaks reports whether text holds one of the secrets, in any of the
// encodings a request carries it in, or something shaped like a key.
func leaks(text string, secrets []string) bool {
	lower := strings.ToLower(text)
	for _, w := range credentialWords {
		if strings.Contains(lower, w) {
			return true
		}
	}
	for _, s := range secrets {
		if len(s) < 4 {
			continue // too short to be a secret, or to search for
		}
		quoted, _ := json.Marshal(s)
		for _, form := range []string{s, url.QueryEscape(s), url.PathEscape(s), string(quoted[1 : len(quoted)-1])} {
			if strings.Contains(text, form) {
				return true
			}
		}
	}
	return keyShaped(text)
}

// keyShaped reports a run of 32 or more key-like characters (letters,
// digits, - _ + = . ~ %) with both letters and digits in it, as tokens,
// signatures and hashes are.
func keyShaped(text string) bool {
	run, letters, digits := 0, false, false
	for _, r := range text + " " {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_+=.~%", r)):
			run++
			letters = letters || unicode.IsLetter(r)
			digits = digits || unicode.IsDigit(r)
		default:
			if run >= 32 && letters && digits {
				return true
			}
			run, letters, digits = 0, false, false
		}
	}
	return false
}
