// Package bluesky posts to Bluesky (AT Protocol) with a handle and an app
// password: createSession, refreshSession when the access token expires,
// and createRecord with link facets and an external link card.
package bluesky

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/advocate-app/advocate/advocacy/networks"
)

// DefaultService is Bluesky's own server.
const DefaultService = "https://bsky.social"

// Limit is Bluesky's length limit in graphemes.
const Limit = 300

// Session is a signed-in session: the tokens are secrets and belong in the
// keyring.
type Session struct {
	DID        string `json:"did"`
	Handle     string `json:"handle"`
	AccessJWT  string `json:"accessJwt"`
	RefreshJWT string `json:"refreshJwt"`
}

// Client posts for one account.
type Client struct {
	Service string
	HTTP    *http.Client
	Session Session
	// Saved is called with the new session after a refresh, so that it can
	// be kept in the keyring.
	Saved func(Session) error
	Now   func() time.Time
}

type xrpcError struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

func service(s string) string {
	if s == "" {
		return DefaultService
	}
	return strings.TrimSuffix(s, "/")
}

// Login creates a session with the account's handle (or e-mail) and an
// app password made in Bluesky's settings.
func Login(ctx context.Context, hc *http.Client, svc, identifier, appPassword string) (Session, error) {
	var s Session
	err := call(ctx, hc, service(svc)+"/xrpc/com.atproto.server.createSession", "", map[string]string{
		"identifier": identifier, "password": appPassword}, &s, appPassword)
	if err != nil {
		var xe *apiError
		switch {
		case errors.As(err, &xe) && (xe.Status == http.StatusTooManyRequests || xe.raw.Error == "RateLimitExceeded"):
			// The PDS allows 30 sign-ins in 5 minutes per handle.
			return Session{}, &networks.RateLimited{Network: "Bluesky", Reset: xe.reset}
		case errors.As(err, &xe) && (xe.Status == http.StatusUnauthorized || xe.raw.Error == "AuthenticationRequired"):
			return Session{}, fmt.Errorf("bluesky: the handle or app password is wrong (%w)", xe)
		}
		return Session{}, err
	}
	return s, nil
}

// apiError is an XRPC error answer: the scrubbed StatusError that is shown
// and unwrapped, the answer's own fields that decisions are made on, and
// the rate limit's reset.
type apiError struct {
	*networks.StatusError
	raw   xrpcError
	reset time.Time
}

// Unwrap returns the StatusError, for errors.As.
func (e *apiError) Unwrap() error { return e.StatusError }

func call(ctx context.Context, hc *http.Client, url, bearer string, body, out any, secrets ...string) error {
	if hc == nil {
		hc = networks.Client()
	}
	var rd *bytes.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(data)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, rd)
	if err != nil {
		return err
	}
	req.Header.Set("User-Agent", networks.UserAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("bluesky: cannot reach the server: %w", err)
	}
	defer resp.Body.Close()
	data, err := networks.Read("Bluesky", resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		se := networks.Unexpected("Bluesky", resp.StatusCode, data, append(secrets, bearer)...)
		e := &apiError{StatusError: se}
		if json.Unmarshal(data, &e.raw) != nil || e.raw.Error == "" {
			return se
		}
		if secs, err := strconv.ParseInt(resp.Header.Get("RateLimit-Reset"), 10, 64); err == nil {
			e.reset = time.Unix(secs, 0)
		}
		return e
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return networks.Unreadable("Bluesky", err)
		}
	}
	return nil
}

// refresh trades the refresh token for new tokens.
func (c *Client) refresh(ctx context.Context) error {
	var s Session
	if err := call(ctx, c.HTTP, service(c.Service)+"/xrpc/com.atproto.server.refreshSession", c.Session.RefreshJWT, nil, &s, c.Session.AccessJWT); err != nil {
		var xe *apiError
		if errors.As(err, &xe) {
			return networks.Reconnect("Bluesky", xe.Detail())
		}
		return err
	}
	c.Session = s
	if c.Saved != nil {
		return c.Saved(s)
	}
	return nil
}

// record is an app.bsky.feed.post.
type record struct {
	Type      string  `json:"$type"`
	Text      string  `json:"text"`
	CreatedAt string  `json:"createdAt"`
	Facets    []facet `json:"facets,omitempty"`
	Embed     *embed  `json:"embed,omitempty"`
}

type facet struct {
	Index struct {
		ByteStart int `json:"byteStart"`
		ByteEnd   int `json:"byteEnd"`
	} `json:"index"`
	Features []feature `json:"features"`
}

type feature struct {
	Type string `json:"$type"`
	URI  string `json:"uri"`
}

type embed struct {
	Type     string `json:"$type"`
	External struct {
		URI         string `json:"uri"`
		Title       string `json:"title"`
		Description string `json:"description"`
	} `json:"external"`
}

// linkPattern finds links: they end at a space of any kind, or at a
// character that cannot be in one (<, > and ").
var linkPattern = regexp.MustCompile(`https?://[^\s\p{Z}<>"]+`)

// closers often follow a link in a sentence and are no part of it.
const closers = ".,;:!?)'\"”’»…。、，！？"

// linkFacets marks each link in text, by UTF-8 byte offsets as the AT
// Protocol counts them. A link without a host ("https://" alone) is left
// unmarked: the PDS refuses the whole post for a facet whose uri is not
// one.
func linkFacets(text string) []facet {
	var out []facet
	for _, loc := range linkPattern.FindAllStringIndex(text, -1) {
		link := text[loc[0]:loc[1]]
		for link != "" {
			r, n := utf8.DecodeLastRuneInString(link)
			if !strings.ContainsRune(closers, r) {
				break
			}
			link = link[:len(link)-n]
		}
		if u, err := url.Parse(link); err != nil || u.Host == "" {
			continue
		}
		var f facet
		f.Index.ByteStart, f.Index.ByteEnd = loc[0], loc[0]+len(link)
		f.Features = []feature{{Type: "app.bsky.richtext.facet#link", URI: link}}
		out = append(out, f)
	}
	return out
}

// validUTF8 replaces each byte of text that is not UTF-8 with U+FFFD, as
// encoding/json does when it sends the text: the facets' byte offsets are
// counted on what the PDS receives, and Find compares with what it keeps.
func validUTF8(text string) string {
	if utf8.ValidString(text) {
		return text
	}
	var b strings.Builder
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if r == utf8.RuneError && n == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(text[i : i+n])
		}
		i += n
	}
	return b.String()
}

// Post publishes p. An expired access token is refreshed once.
func (c *Client) Post(ctx context.Context, p networks.Post) (networks.Result, error) {
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	text := validUTF8(p.Text)
	rec := record{Type: "app.bsky.feed.post", Text: text, CreatedAt: now().UTC().Format(time.RFC3339Nano), Facets: linkFacets(text)}
	if p.Link != "" {
		rec.Embed = &embed{Type: "app.bsky.embed.external"}
		rec.Embed.External.URI, rec.Embed.External.Title, rec.Embed.External.Description = p.Link, p.LinkTitle, p.LinkText
	}
	var out struct {
		URI string `json:"uri"`
		CID string `json:"cid"`
	}
	body := map[string]any{"repo": c.Session.DID, "collection": "app.bsky.feed.post", "record": rec}
	url := service(c.Service) + "/xrpc/com.atproto.repo.createRecord"
	err := call(ctx, c.HTTP, url, c.Session.AccessJWT, body, &out, c.Session.RefreshJWT)
	var xe *apiError
	if errors.As(err, &xe) && xe.raw.Error == "ExpiredToken" {
		if err := c.refresh(ctx); err != nil {
			return networks.Result{}, err
		}
		body["repo"] = c.Session.DID
		err = call(ctx, c.HTTP, url, c.Session.AccessJWT, body, &out, c.Session.RefreshJWT)
	}
	if err != nil {
		return networks.Result{}, explain(err)
	}
	if out.URI == "" {
		return networks.Result{}, networks.Unreadable("Bluesky", errors.New("no record uri in the answer"))
	}
	rkey := out.URI[strings.LastIndexByte(out.URI, '/')+1:]
	return networks.Result{ID: out.URI, URL: "https://bsky.app/profile/" + c.Session.Handle + "/post/" + rkey}, nil
}

// explain turns an XRPC error into the error the user can act on. The
// decisions read the answer's "error" name, and, for a record that is too
// long, its "message" (the only place Bluesky says so); what is shown
// comes from the scrubbed StatusError.
func explain(err error) error {
	var xe *apiError
	if !errors.As(err, &xe) {
		return err
	}
	switch {
	case xe.Status == http.StatusTooManyRequests || xe.raw.Error == "RateLimitExceeded":
		return &networks.RateLimited{Network: "Bluesky", Reset: xe.reset}
	case xe.raw.Error == "ExpiredToken" || xe.raw.Error == "InvalidToken" || xe.Status == http.StatusUnauthorized:
		return networks.Reconnect("Bluesky", xe.Detail())
	case xe.raw.Error == "InvalidRequest" && tooLong(xe.raw.Message):
		return &networks.TooLong{Network: "Bluesky", Limit: Limit, Count: graphemes(xe.raw.Message)}
	}
	return err
}

// tooLong recognises the PDS's words for a post text over its limits of
// 300 graphemes and 3000 bytes. The reference PDS (0.5) says "Invalid
// app.bsky.feed.post record: grapheme too big (maximum 300, got 301) at
// $.record.text", or "string too big (maximum 3000, got 3001)" for the
// bytes; older servers said "Record/text must not be longer than 300
// graphemes".
func tooLong(message string) bool {
	return strings.Contains(message, "longer than") ||
		(strings.Contains(message, "too big") && strings.Contains(message, "record.text"))
}

var graphemesGot = regexp.MustCompile(`grapheme too big \(maximum \d+, got (\d+)\)`)

// graphemes is the text's length the PDS counted, where it said; else 0.
func graphemes(message string) int {
	if m := graphemesGot.FindStringSubmatch(message); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// Find looks through the account's latest posts for one with exactly this
// text, so that a post whose outcome was unknown can be confirmed instead
// of sent twice.
func (c *Client) Find(ctx context.Context, text string) (networks.Result, bool, error) {
	if c.HTTP == nil {
		c.HTTP = networks.Client()
	}
	u := service(c.Service) + "/xrpc/com.atproto.repo.listRecords?repo=" + url.QueryEscape(c.Session.DID) +
		"&collection=app.bsky.feed.post&limit=25"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return networks.Result{}, false, err
	}
	req.Header.Set("User-Agent", networks.UserAgent)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return networks.Result{}, false, fmt.Errorf("bluesky: cannot reach the server: %w", err)
	}
	defer resp.Body.Close()
	data, err := networks.Read("Bluesky", resp.Body)
	if err != nil {
		return networks.Result{}, false, err
	}
	if resp.StatusCode != http.StatusOK {
		return networks.Result{}, false, networks.Unexpected("Bluesky", resp.StatusCode, data, c.Session.AccessJWT, c.Session.RefreshJWT)
	}
	var out struct {
		Records []struct {
			URI   string `json:"uri"`
			Value struct {
				Text string `json:"text"`
			} `json:"value"`
		} `json:"records"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return networks.Result{}, false, networks.Unreadable("Bluesky", err)
	}
	text = validUTF8(text)
	for _, r := range out.Records {
		if r.Value.Text == text {
			rkey := r.URI[strings.LastIndexByte(r.URI, '/')+1:]
			return networks.Result{ID: r.URI, URL: "https://bsky.app/profile/" + c.Session.Handle + "/post/" + rkey}, true, nil
		}
	}
	return networks.Result{}, false, nil
}
