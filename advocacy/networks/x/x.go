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
	"net/http"
	"strconv"
	"strings"
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

func (a App) config() *oauth1.Config {
	return &oauth1.Config{
		ConsumerKey:    a.ConsumerKey,
		ConsumerSecret: a.ConsumerSecret,
		CallbackURL:    "oob",
		Endpoint: oauth1.Endpoint{
			RequestTokenURL: a.Endpoints.RequestToken,
			AuthorizeURL:    a.Endpoints.Authorize,
			AccessTokenURL:  a.Endpoints.AccessToken,
		},
		HTTPClient: a.HTTP,
	}
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
	token, secret, err := a.config().RequestToken()
	if err != nil {
		return Pending{}, fmt.Errorf("x: cannot start signing in: %v", err)
	}
	u, err := a.config().AuthorizationURL(token)
	if err != nil {
		return Pending{}, fmt.Errorf("x: %v", err)
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
	tok, secret, err := a.config().AccessToken(p.RequestToken, p.requestSecret, pin)
	if err != nil {
		return Token{}, fmt.Errorf("x: the PIN was not accepted; start again and type the new PIN (%v)", err)
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
	hc := c.App.config().Client(ctx, oauth1.NewToken(c.Token.Token, c.Token.Secret))
	hc.Timeout = 30 * time.Second
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
	data, err := networks.ReadBody(resp.Body)
	if err != nil {
		return networks.Result{}, err
	}
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		return networks.Result{}, explain(resp, data)
	}
	var out struct {
		Data struct {
			ID   string `json:"id"`
			Text string `json:"text"`
		} `json:"data"`
	}
	if err := json.Unmarshal(data, &out); err != nil || out.Data.ID == "" {
		return networks.Result{}, fmt.Errorf("x: the answer could not be read")
	}
	return networks.Result{ID: out.Data.ID, URL: "https://x.com/i/web/status/" + out.Data.ID}, nil
}

func explain(resp *http.Response, data []byte) error {
	var e struct {
		Title  string `json:"title"`
		Detail string `json:"detail"`
	}
	json.Unmarshal(data, &e)
	text := strings.ToLower(e.Detail + " " + e.Title)
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return networks.Reconnect("X", e.Title)
	case resp.StatusCode == http.StatusTooManyRequests:
		reset := time.Time{}
		if secs, err := strconv.ParseInt(resp.Header.Get("x-rate-limit-reset"), 10, 64); err == nil {
			reset = time.Unix(secs, 0)
		}
		return &networks.RateLimited{Network: "X", Reset: reset}
	case strings.Contains(text, "duplicate"):
		return networks.Duplicate("X")
	case strings.Contains(text, "too long"):
		return &networks.TooLong{Network: "X", Limit: Limit}
	}
	return networks.Unexpected("X", resp.StatusCode, data)
}
