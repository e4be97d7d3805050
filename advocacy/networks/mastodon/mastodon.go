// Package mastodon connects to a Mastodon server: registers the app,
// signs in with OAuth 2 and PKCE (loopback redirect or a pasted code), and
// posts statuses with an Idempotency-Key.
package mastodon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/advocate-app/advocate/advocacy/appinfo"
	"github.com/advocate-app/advocate/advocacy/networks"
)

// OOB is the redirect for signing in by pasting a code.
const OOB = "urn:ietf:wg:oauth:2.0:oob"

// Scope is all Advocate asks for: posting, and reading who signed in.
const Scope = "read:accounts write:statuses"

// App is the app's registration on one server; the secret belongs in the
// keyring.
type App struct {
	Instance     string `json:"instance"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	RedirectURI  string `json:"redirect_uri"`
}

// Instance normalises what the user typed into the server's base address.
func Instance(typed string) (string, error) {
	s := strings.TrimSpace(typed)
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil {
		return "", fmt.Errorf("mastodon: %q is not a server name such as mastodon.social", typed)
	}
	return u.Scheme + "://" + u.Host, nil
}

// formSecrets are the form fields that carry secrets.
var formSecrets = []string{"client_secret", "code_verifier", "code"}

func do(ctx context.Context, hc *http.Client, method, u, token string, form url.Values, headers map[string]string, out any) (*http.Response, error) {
	if hc == nil {
		hc = networks.Client()
	}
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", networks.UserAgent)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("mastodon: cannot reach the server: %w", err)
	}
	defer resp.Body.Close()
	data, err := networks.Read("Mastodon", resp.Body)
	if err != nil {
		return resp, err
	}
	if resp.StatusCode/100 != 2 {
		secrets := []string{token}
		for _, k := range formSecrets {
			secrets = append(secrets, form.Get(k))
		}
		return resp, explain(resp, data, secrets)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return resp, networks.Unreadable("Mastodon", err)
		}
	}
	return resp, nil
}

// explain turns an error answer into the error the user can act on. The
// decisions read Mastodon's "error" field, the only place Mastodon says
// what went wrong; what is shown comes from the scrubbed StatusError.
func explain(resp *http.Response, data []byte, secrets []string) error {
	var e struct {
		Error string `json:"error"`
	}
	_ = json.Unmarshal(data, &e) // a body that is not JSON decides nothing
	se := networks.Unexpected("Mastodon", resp.StatusCode, data, secrets...)
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden && strings.Contains(e.Error, "token"):
		return networks.Reconnect("Mastodon", se.Detail())
	case resp.StatusCode == http.StatusTooManyRequests:
		reset, _ := time.Parse(time.RFC3339Nano, resp.Header.Get("X-RateLimit-Reset"))
		return &networks.RateLimited{Network: "Mastodon", Reset: reset}
	case resp.StatusCode == http.StatusUnprocessableEntity && strings.Contains(e.Error, "character limit"):
		return &networks.TooLong{Network: "Mastodon", Limit: 500}
	}
	return se
}

// Register registers Advocate on the server with a redirect address (the
// loopback receiver's, or OOB).
func Register(ctx context.Context, hc *http.Client, instance, redirectURI string) (App, error) {
	var out App
	_, err := do(ctx, hc, http.MethodPost, instance+"/api/v1/apps", "", url.Values{
		"client_name":   {appinfo.Name},
		"redirect_uris": {redirectURI},
		"scopes":        {Scope},
	}, nil, &out)
	if err != nil {
		return App{}, err
	}
	if out.ClientID == "" {
		return App{}, errors.New("mastodon: the server did not register the app")
	}
	out.Instance, out.RedirectURI = instance, redirectURI
	return out, nil
}

// AuthorizeURL is the page where the user signs in and approves.
func (a App) AuthorizeURL(state, challenge string) string {
	q := url.Values{
		"response_type":         {"code"},
		"client_id":             {a.ClientID},
		"redirect_uri":          {a.RedirectURI},
		"scope":                 {Scope},
		"code_challenge":        {challenge},
		"code_challenge_method": {"S256"},
	}
	if state != "" {
		q.Set("state", state)
	}
	return a.Instance + "/oauth/authorize?" + q.Encode()
}

// Exchange trades the code for an access token.
func (a App) Exchange(ctx context.Context, hc *http.Client, code, verifier string) (string, error) {
	var out struct {
		AccessToken string `json:"access_token"`
	}
	_, err := do(ctx, hc, http.MethodPost, a.Instance+"/oauth/token", "", url.Values{
		"grant_type":    {"authorization_code"},
		"code":          {strings.TrimSpace(code)},
		"client_id":     {a.ClientID},
		"client_secret": {a.ClientSecret},
		"redirect_uri":  {a.RedirectURI},
		"code_verifier": {verifier},
		"scope":         {Scope},
	}, nil, &out)
	if err != nil {
		return "", err
	}
	if out.AccessToken == "" {
		return "", errors.New("mastodon: the server gave no access token")
	}
	return out.AccessToken, nil
}

// Account is who signed in.
type Account struct {
	Acct        string `json:"acct"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	URL         string `json:"url"`
}

// Client posts for one account.
type Client struct {
	Instance string
	Token    string
	HTTP     *http.Client
}

// Verify returns the signed-in account.
func (c *Client) Verify(ctx context.Context) (Account, error) {
	var a Account
	_, err := do(ctx, c.HTTP, http.MethodGet, c.Instance+"/api/v1/accounts/verify_credentials", c.Token, nil, nil, &a)
	return a, err
}

// Post publishes a status. Mastodon keeps the Idempotency-Key for an
// hour, so a retry after an unknown outcome lands once.
func (c *Client) Post(ctx context.Context, p networks.Post) (networks.Result, error) {
	var out struct {
		ID  string `json:"id"`
		URL string `json:"url"`
	}
	headers := map[string]string{}
	if p.IdempotencyKey != "" {
		headers["Idempotency-Key"] = p.IdempotencyKey
	}
	_, err := do(ctx, c.HTTP, http.MethodPost, c.Instance+"/api/v1/statuses", c.Token, url.Values{"status": {p.Text}}, headers, &out)
	if err != nil {
		return networks.Result{}, err
	}
	return networks.Result{ID: out.ID, URL: out.URL}, nil
}
