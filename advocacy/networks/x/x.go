// Package x posts to X with OAuth 1.0a user context: the PIN flow for
// desktop apps (request token, authorise in the browser, paste the PIN,
// access token) and POST /2/tweets. It is the only package that signs
// with OAuth 1.0a.
package x

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dghubble/oauth1"

	"github.com/advocate-app/advocate/advocacy/networks"
)

// Limit is X's weighted length limit.
const Limit = 280

// Endpoints are X's OAuth and API addresses; tests point them at a
// loopback server.
type Endpoints struct {
	RequestToken, Authorize, AccessToken string
	API                                  string
}

// Production are X's real addresses.
var Production = Endpoints{
	RequestToken: "https://api.x.com/oauth/request_token",
	Authorize:    "https://api.x.com/oauth/authorize",
	AccessToken:  "https://api.x.com/oauth/access_token",
	API:          "https://api.x.com",
}

// App is the organisation's X app (consumer key and secret).
type App struct {
	ConsumerKey, ConsumerSecret string
	Endpoints                   Endpoints
	HTTP                        *http.Client
}

func (a App) config(w *wire) *oauth1.Config {
	timeout := 30 * time.Second
	if a.HTTP != nil && a.HTTP.Timeout != 0 {
		timeout = a.HTTP.Timeout
	}
	return &oauth1.Config{
		ConsumerKey:    a.ConsumerKey,
		ConsumerSecret: a.ConsumerSecret,
		CallbackURL:    "oob",
		Endpoint: oauth1.Endpoint{
			RequestTokenURL: a.Endpoints.RequestToken,
			AuthorizeURL:    a.Endpoints.Authorize,
			AccessTokenURL:  a.Endpoints.AccessToken,
		},
		HTTPClient: &http.Client{Transport: w, Timeout: timeout},
	}
}

// wire is the transport under the OAuth 1.0a signer. It keeps what a
// request was signed with, so that errors can leave the signature out,
// and the status and body of an error answer, so that the library (which
// quotes whole bodies in its errors) is not the one to describe it.
type wire struct {
	base http.RoundTripper

	mu      sync.Mutex
	signed  []string // the Authorization headers sent, and their values
	status  int      // of the last error answer; 0 if none
	errBody []byte
}

func (a App) wire() *wire {
	w := &wire{base: http.DefaultTransport}
	if a.HTTP != nil && a.HTTP.Transport != nil {
		w.base = a.HTTP.Transport
	}
	return w
}

// RoundTrip sends req, noting its signature and any error answer.
func (w *wire) RoundTrip(req *http.Request) (*http.Response, error) {
	if auth := req.Header.Get("Authorization"); auth != "" {
		w.mu.Lock()
		w.signed = append(w.signed, auth)
		for _, part := range strings.Split(strings.TrimPrefix(auth, "OAuth "), ",") {
			k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
			if k == "oauth_consumer_key" || k == "oauth_nonce" || k == "oauth_timestamp" || k == "oauth_version" || k == "oauth_signature_method" {
				continue
			}
			v = strings.Trim(v, `"`)
			w.signed = append(w.signed, v)
			if plain, err := url.QueryUnescape(v); err == nil {
				w.signed = append(w.signed, plain)
			}
		}
		w.mu.Unlock()
	}
	resp, err := w.base.RoundTrip(req)
	if err != nil || resp.StatusCode/100 == 2 {
		return resp, err
	}
	data, err := networks.Read("X", resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	w.mu.Lock()
	w.status, w.errBody = resp.StatusCode, data
	w.mu.Unlock()
	resp.Body = io.NopCloser(bytes.NewReader(data))
	return resp, nil
}

// failed is the last error answer as a *networks.StatusError, or nil.
func (w *wire) failed(secrets ...string) *networks.StatusError {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.status == 0 {
		return nil
	}
	return networks.Unexpected("X", w.status, w.errBody, append(secrets, w.signed...)...)
}

// secrets are what signing sent that must not come back in an error.
func (w *wire) secrets() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.signed...)
}

// Pending is a sign-in waiting for the user's PIN.
type Pending struct {
	RequestToken, requestSecret string
	// AuthorizeURL is the page to open in the browser.
	AuthorizeURL string
}

// Start asks X for a request token and returns the page where the user
// approves and is shown a PIN.
func (a App) Start(ctx context.Context) (Pending, error) {
	w := a.wire()
	cfg := a.config(w)
	token, secret, err := cfg.RequestToken()
	if se := w.failed(a.ConsumerKey, a.ConsumerSecret); err != nil && se != nil {
		return Pending{}, fmt.Errorf("x: cannot start signing in: %w", se)
	}
	if err != nil {
		return Pending{}, fmt.Errorf("x: cannot start signing in: %w", err)
	}
	u, err := cfg.AuthorizationURL(token)
	if err != nil {
		return Pending{}, fmt.Errorf("x: %w", err)
	}
	return Pending{RequestToken: token, requestSecret: secret, AuthorizeURL: u.String()}, nil
}

// Token is an account's access token; both halves are secrets.
type Token struct {
	Token  string `json:"token"`
	Secret string `json:"secret"`
}

// Finish trades the PIN for the account's access token.
func (a App) Finish(ctx context.Context, p Pending, pin string) (Token, error) {
	pin = strings.TrimSpace(pin)
	if pin == "" {
		return Token{}, errors.New("x: type the PIN X showed after you approved Advocate")
	}
	w := a.wire()
	tok, secret, err := a.config(w).AccessToken(p.RequestToken, p.requestSecret, pin)
	se := w.failed(a.ConsumerKey, a.ConsumerSecret, p.RequestToken, p.requestSecret, pin)
	switch {
	case err != nil && se != nil && se.Status/100 == 4:
		return Token{}, fmt.Errorf("x: the PIN was not accepted; start again and type the new PIN (%w)", se)
	case err != nil && se != nil:
		return Token{}, fmt.Errorf("x: cannot finish signing in: %w", se)
	case err != nil:
		return Token{}, fmt.Errorf("x: cannot finish signing in: %w", err)
	}
	return Token{Token: tok, Secret: secret}, nil
}

// Client posts for one account.
type Client struct {
	App   App
	Token Token
}

// Post publishes a tweet.
func (c *Client) Post(ctx context.Context, p networks.Post) (networks.Result, error) {
	w := c.App.wire()
	cfg := c.App.config(w)
	hc := cfg.Client(context.WithValue(ctx, oauth1.HTTPClient, cfg.HTTPClient), oauth1.NewToken(c.Token.Token, c.Token.Secret))
	hc.Timeout = cfg.HTTPClient.Timeout
	body, _ := json.Marshal(map[string]string{"text": p.Text})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.App.Endpoints.API+"/2/tweets", bytes.NewReader(body))
	if err != nil {
		return networks.Result{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", networks.UserAgent)
	resp, err := hc.Do(req)
	if err != nil {
		return networks.Result{}, fmt.Errorf("x: cannot reach X: %w", err)
	}
	defer resp.Body.Close()
	data, err := networks.Read("X", resp.Body)
	if err != nil {
		return networks.Result{}, err
	}
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		return networks.Result{}, explain(resp, data, append(w.secrets(), c.App.ConsumerSecret, c.Token.Token, c.Token.Secret)...)
	}
	var out struct {
		Data struct {
			ID   string `json:"id"`
			Text string `json:"text"`
		} `json:"data"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return networks.Result{}, networks.Unreadable("X", err)
	}
	if out.Data.ID == "" {
		return networks.Result{}, networks.Unreadable("X", errors.New("no post id in the answer"))
	}
	return networks.Result{ID: out.Data.ID, URL: "https://x.com/i/web/status/" + out.Data.ID}, nil
}

// explain turns an error answer into the error the user can act on. X
// says what a refused post is about only in its problem's "detail" and
// "title" fields, so the decisions read those; what is shown comes from
// the scrubbed StatusError.
func explain(resp *http.Response, data []byte, secrets ...string) error {
	var e struct {
		Title  string `json:"title"`
		Detail string `json:"detail"`
	}
	_ = json.Unmarshal(data, &e) // a body that is not JSON decides nothing
	se := networks.Unexpected("X", resp.StatusCode, data, secrets...)
	text := strings.ToLower(e.Detail + " " + e.Title)
	refused := resp.StatusCode/100 == 4 // a 5xx is X's fault, whatever it says
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return networks.Reconnect("X", se.Code)
	case resp.StatusCode == http.StatusTooManyRequests:
		reset := time.Time{}
		if secs, err := strconv.ParseInt(resp.Header.Get("x-rate-limit-reset"), 10, 64); err == nil {
			reset = time.Unix(secs, 0)
		}
		return &networks.RateLimited{Network: "X", Reset: reset}
	case refused && strings.Contains(text, "duplicate"):
		return networks.Duplicate("X")
	case refused && strings.Contains(text, "too long"):
		return &networks.TooLong{Network: "X", Limit: Limit}
	}
	return se
}
