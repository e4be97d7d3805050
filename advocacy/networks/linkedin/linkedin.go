// Package linkedin posts to LinkedIn: OAuth 2 authorisation code with PKCE
// on a loopback redirect (scope w_member_social, the organisation's client
// id), and POST /rest/posts with the versioned REST headers.
package linkedin

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/advocate-app/advocate/advocacy/networks"
)

// Scope is what Advocate asks for: who you are, and posting as you.
const Scope = "openid profile w_member_social"

// Version is the LinkedIn-Version the posts API is called with.
const Version = "202411"

// Limit is the commentary's length limit.
const Limit = 3000

// WarnBefore is how long before a token expires the user is warned.
const WarnBefore = 7 * 24 * time.Hour

// Endpoints are LinkedIn's addresses; tests point them at a loopback server.
type Endpoints struct {
	Authorize, Token, API string
}

// Production are LinkedIn's real addresses.
var Production = Endpoints{
	Authorize: "https://www.linkedin.com/oauth/v2/authorization",
	Token:     "https://www.linkedin.com/oauth/v2/accessToken",
	API:       "https://api.linkedin.com",
}

// App is the organisation's LinkedIn app, from the bundle.
type App struct {
	ClientID  string
	Endpoints Endpoints
	HTTP      *http.Client
}

// AuthorizeURL is the page where the user signs in and approves.
func (a App) AuthorizeURL(redirectURI, state, challenge string) string {
	return a.Endpoints.Authorize + "?" + url.Values{
		"response_type":         {"code"},
		"client_id":             {a.ClientID},
		"redirect_uri":          {redirectURI},
		"scope":                 {Scope},
		"state":                 {state},
		"code_challenge":        {challenge},
		"code_challenge_method": {"S256"},
	}.Encode()
}

// Token is an access token with its expiry; the token is a secret.
type Token struct {
	AccessToken string    `json:"access_token"`
	Expires     time.Time `json:"expires"`
}

func (a App) client() *http.Client {
	if a.HTTP != nil {
		return a.HTTP
	}
	return networks.Client()
}

// Exchange trades the code for an access token (LinkedIn's last 60 days).
func (a App) Exchange(ctx context.Context, code, redirectURI, verifier string, now time.Time) (Token, error) {
	form := url.Values{
		"grant_type":    {"authorization_code"},
		"code":          {code},
		"redirect_uri":  {redirectURI},
		"client_id":     {a.ClientID},
		"code_verifier": {verifier},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.Endpoints.Token, strings.NewReader(form.Encode()))
	if err != nil {
		return Token{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	var out struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int64  `json:"expires_in"`
	}
	status, data, err := a.send(req, &out)
	if err != nil {
		return Token{}, err
	}
	if status != http.StatusOK {
		return Token{}, fmt.Errorf("linkedin: the sign-in was not accepted: %w", networks.Unexpected("LinkedIn", status, data, code, verifier))
	}
	if out.AccessToken == "" {
		return Token{}, networks.Unreadable("LinkedIn", errors.New("no access token in the answer"))
	}
	return Token{AccessToken: out.AccessToken, Expires: now.Add(time.Duration(out.ExpiresIn) * time.Second)}, nil
}

// send sends req and reads the answer; a 2xx answer is decoded into out
// (when not nil), others are returned as they are, for the caller to
// explain.
func (a App) send(req *http.Request, out any) (int, []byte, error) {
	req.Header.Set("User-Agent", networks.UserAgent)
	resp, err := a.client().Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("linkedin: cannot reach LinkedIn: %w", err)
	}
	defer resp.Body.Close()
	data, err := networks.Read("LinkedIn", resp.Body)
	if err != nil {
		return resp.StatusCode, nil, err
	}
	if out != nil && resp.StatusCode/100 == 2 {
		if err := json.Unmarshal(data, out); err != nil {
			return resp.StatusCode, data, networks.Unreadable("LinkedIn", err)
		}
	}
	return resp.StatusCode, data, nil
}

// Member is who signed in.
type Member struct {
	Sub  string `json:"sub"`
	Name string `json:"name"`
}

// Client posts for one member.
type Client struct {
	App   App
	Token Token
	// Author is the member's URN, urn:li:person:….
	Author string
}

// Me returns the signed-in member (OpenID Connect userinfo).
func (c *Client) Me(ctx context.Context) (Member, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.App.Endpoints.API+"/v2/userinfo", nil)
	if err != nil {
		return Member{}, err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token.AccessToken)
	var m Member
	status, data, err := c.App.send(req, &m)
	switch {
	case err != nil:
		return Member{}, err
	case status == http.StatusUnauthorized:
		return Member{}, networks.Reconnect("LinkedIn", "invalid access token")
	case status != http.StatusOK:
		return Member{}, fmt.Errorf("linkedin: could not read who signed in: %w", networks.Unexpected("LinkedIn", status, data, c.Token.AccessToken))
	case m.Sub == "":
		return Member{}, networks.Unreadable("LinkedIn", errors.New("no member id in the answer"))
	}
	return m, nil
}

// ExpiresSoon reports a token within WarnBefore of its expiry.
func (t Token) ExpiresSoon(now time.Time) bool {
	return !t.Expires.IsZero() && now.Add(WarnBefore).After(t.Expires)
}

// Escape protects the characters LinkedIn's commentary format reserves,
// so that text shows as written.
func Escape(text string) string {
	var b strings.Builder
	for _, r := range text {
		if strings.ContainsRune(`\|{}@[]()<>#*_~`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Post publishes p as a public post, with an article card for its link.
func (c *Client) Post(ctx context.Context, p networks.Post) (networks.Result, error) {
	if !c.Token.Expires.IsZero() && time.Now().After(c.Token.Expires) {
		return networks.Result{}, networks.Reconnect("LinkedIn", "the sign-in expired after 60 days")
	}
	body := map[string]any{
		"author":                    c.Author,
		"commentary":                Escape(p.Text),
		"visibility":                "PUBLIC",
		"distribution":              map[string]any{"feedDistribution": "MAIN_FEED", "targetEntities": []any{}, "thirdPartyDistributionChannels": []any{}},
		"lifecycleState":            "PUBLISHED",
		"isReshareDisabledByAuthor": false,
	}
	if p.Link != "" {
		body["content"] = map[string]any{"article": map[string]string{"source": p.Link, "title": p.LinkTitle, "description": p.LinkText}}
	}
	data, _ := json.Marshal(body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.App.Endpoints.API+"/rest/posts", bytes.NewReader(data))
	if err != nil {
		return networks.Result{}, err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("LinkedIn-Version", Version)
	req.Header.Set("X-Restli-Protocol-Version", "2.0.0")
	req.Header.Set("User-Agent", networks.UserAgent)
	resp, err := c.App.client().Do(req)
	if err != nil {
		return networks.Result{}, fmt.Errorf("linkedin: cannot reach LinkedIn: %w", err)
	}
	defer resp.Body.Close()
	raw, readErr := networks.Read("LinkedIn", resp.Body)
	if resp.StatusCode == http.StatusCreated {
		// The post's id is in a header: a body that did not arrive in full
		// does not matter.
		id := resp.Header.Get("x-restli-id")
		if id == "" {
			return networks.Result{}, fmt.Errorf("linkedin: the post was created but LinkedIn gave no id")
		}
		return networks.Result{ID: id, URL: "https://www.linkedin.com/feed/update/" + id + "/"}, nil
	}
	if readErr != nil {
		return networks.Result{}, readErr
	}
	return networks.Result{}, explain(resp, raw, c.Token.AccessToken)
}

// explain turns an error answer to a post into the error the user can act
// on. LinkedIn says why it refused a post only in its "message" field, so
// the decisions read that; what is shown comes from the scrubbed
// StatusError.
func explain(resp *http.Response, raw []byte, secrets ...string) error {
	var e struct {
		Message string `json:"message"`
	}
	_ = json.Unmarshal(raw, &e) // a body that is not JSON decides nothing
	se := networks.Unexpected("LinkedIn", resp.StatusCode, raw, secrets...)
	message := strings.ToLower(e.Message)
	refused := resp.StatusCode/100 == 4 // a 5xx is LinkedIn's fault, whatever it says
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return networks.Reconnect("LinkedIn", se.Message)
	case resp.StatusCode == http.StatusTooManyRequests:
		return &networks.RateLimited{Network: "LinkedIn"}
	case refused && strings.Contains(message, "duplicate"):
		return networks.Duplicate("LinkedIn")
	case refused && strings.Contains(message, "length"):
		return &networks.TooLong{Network: "LinkedIn", Limit: Limit}
	}
	return se
}
