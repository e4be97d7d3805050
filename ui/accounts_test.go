package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/credentials"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/networks/linkedin"
)

// mastodonOOB is the redirect address of Mastodon's pasted-code sign-in.
const mastodonOOB = "urn:ietf:wg:oauth:2.0:oob"

// memSecrets stands in for the keyring in UI tests.
type memSecrets struct{ m map[string]string }

func (s *memSecrets) Set(_ context.Context, n, a, v string) error { s.m[n+":"+a] = v; return nil }
func (s *memSecrets) Get(_ context.Context, n, a string) (string, error) {
	v, ok := s.m[n+":"+a]
	if !ok {
		return "", credentials.ErrNotFound
	}
	return v, nil
}
func (s *memSecrets) Delete(_ context.Context, n, a string) error { delete(s.m, n+":"+a); return nil }

// followingPrompter is a browser that follows the network's pages back to
// Advocate's loopback receiver, and a user who types code when asked.
type followingPrompter struct{ code string }

func (p followingPrompter) Browse(_ context.Context, page string) error {
	go func() {
		if resp, err := http.Get(page); err == nil {
			resp.Body.Close()
		}
	}()
	return nil
}

func (p followingPrompter) Code(context.Context, network.ID, string) (string, error) {
	return p.code, nil
}

// waitConnect runs a connect flow through do and waits for its outcome.
func waitConnect(t *testing.T, a *accountsScreen, do func()) error {
	t.Helper()
	done := make(chan error, 1)
	a.done = func(err error) { done <- err }
	do()
	select {
	case err := <-done:
		return err
	case <-time.After(20 * time.Second):
		t.Fatal("the sign-in did not finish")
		return nil
	}
}

func TestConnectBlueskyAndMastodon(t *testing.T) {
	sh, _ := newTestShell(t)
	a := sh.accounts
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/xrpc/com.atproto.server.createSession":
			fmt.Fprint(w, `{"did":"did:plc:ada","handle":"ada.test","accessJwt":"A1","refreshJwt":"R1"}`)
		case "/api/v1/apps":
			r.ParseForm()
			fmt.Fprintf(w, `{"client_id":"cid","client_secret":"cs","redirect_uri":%q}`, r.PostForm.Get("redirect_uris"))
		case "/oauth/authorize":
			http.Redirect(w, r, r.URL.Query().Get("redirect_uri")+"?code=c1&state="+url.QueryEscape(r.URL.Query().Get("state")), http.StatusFound)
		case "/oauth/token":
			fmt.Fprint(w, `{"access_token":"MT1"}`)
		case "/api/v1/accounts/verify_credentials":
			fmt.Fprint(w, `{"acct":"ada","display_name":"Ada"}`)
		}
	}))
	defer srv.Close()
	// The "browser" follows the authorise page back to Advocate's loopback receiver.
	a.prompter = followingPrompter{}
	err := waitConnect(t, a, func() {
		a.run(core.SignIn{Network: "bluesky", Handle: "@ada.test", Password: "app-pass", Server: srv.URL})
	})
	if err != nil {
		t.Fatal(err)
	}
	err = waitConnect(t, a, func() { a.run(core.SignIn{Network: "mastodon", Server: srv.URL}) })
	if err != nil {
		t.Fatal(err)
	}
	if len(a.list) != 2 || a.cards["bluesky"].Subtitle != "1 connected" || a.cards["mastodon"].Subtitle != "1 connected" {
		t.Fatalf("accounts %+v", a.list)
	}
	secrets := sh.s.core.Parts().Config.Secrets.(*memSecrets).m
	var session struct{ AccessJwt string }
	json.Unmarshal([]byte(secrets["bluesky:ada.test"]), &session)
	if session.AccessJwt != "A1" || !strings.Contains(secrets["mastodon:ada"], "MT1") {
		t.Fatalf("secrets kept: %v", secrets)
	}
	// X and LinkedIn need the organisation's apps, which the demo has none of.
	if !strings.Contains(a.unavailable("x"), "shared through your browser") || a.unavailable("bluesky") != "" {
		t.Fatal("availability wrong")
	}
	sh.tabs.SelectIndex(4)
	if len(sh.activity.entries) < 2 || !strings.HasPrefix(journalLine(sh.activity.entries[0]), "Connected Mastodon account ada") {
		t.Fatalf("activity %+v", sh.activity.entries)
	}
	// Disconnecting deletes the secret.
	if err := sh.s.core.Parts().Accounts.Disconnect(context.Background(), a.list[0]); err != nil {
		t.Fatal(err)
	}
	if _, ok := secrets["bluesky:ada.test"]; ok {
		t.Fatal("the secret outlived the disconnect")
	}
}

func TestWrongBlueskyPasswordIsExplained(t *testing.T) {
	sh, _ := newTestShell(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(401)
		fmt.Fprint(w, `{"error":"AuthenticationRequired","message":"Invalid identifier or password"}`)
	}))
	defer srv.Close()
	err := waitConnect(t, sh.accounts, func() {
		sh.accounts.run(core.SignIn{Network: "bluesky", Handle: "ada.test", Password: "nope", Server: srv.URL})
	})
	if err == nil || !strings.Contains(err.Error(), "app password is wrong") || len(sh.accounts.list) != 0 {
		t.Fatalf("err %v, %d accounts", err, len(sh.accounts.list))
	}
}

func TestConnectLinkedInWhenTheOrganisationHasAnApp(t *testing.T) {
	sh, _ := newTestShell(t)
	a := sh.accounts
	if a.unavailable("linkedin") == "" {
		t.Fatal("the demo has no LinkedIn app, so connecting must be unavailable")
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/oauth/v2/authorization":
			if r.URL.Query().Get("client_id") != "org-client" {
				t.Errorf("client id %q", r.URL.Query().Get("client_id"))
			}
			http.Redirect(w, r, r.URL.Query().Get("redirect_uri")+"?code=c&state="+url.QueryEscape(r.URL.Query().Get("state")), http.StatusFound)
		case "/oauth/v2/accessToken":
			fmt.Fprint(w, `{"access_token":"LI-TOKEN","expires_in":5184000}`)
		case "/v2/userinfo":
			fmt.Fprint(w, `{"sub":"m123","name":"Ada Lovelace"}`)
		}
	}))
	defer srv.Close()
	sh.s.state().Bundle.Manifest.Networks.LinkedIn.ClientID = "org-client"
	sh.s.core.Parts().Config.Endpoints = &core.Endpoints{LinkedIn: linkedin.Endpoints{Authorize: srv.URL + "/oauth/v2/authorization", Token: srv.URL + "/oauth/v2/accessToken", API: srv.URL}}
	a.prompter = followingPrompter{}
	if err := waitConnect(t, a, func() { a.run(core.SignIn{Network: "linkedin"}) }); err != nil {
		t.Fatal(err)
	}
	if len(a.list) != 1 || a.list[0].Account != "m123" || !a.list[0].Expires.Equal(testNow.Add(60*24*time.Hour)) {
		t.Fatalf("accounts %+v", a.list)
	}
	if !strings.Contains(cardText(a.cards["linkedin"]), "valid until 21 Jan 2027") {
		t.Fatalf("card: %q", cardText(a.cards["linkedin"]))
	}
	// Near the end of the 60 days the card asks to connect again.
	sh.s.core.Parts().Config.Now = func() time.Time { return testNow.Add(55 * 24 * time.Hour) }
	a.refresh()
	if !strings.Contains(cardText(a.cards["linkedin"]), "connect again to renew it") {
		t.Fatalf("card: %q", cardText(a.cards["linkedin"]))
	}
}

// cardText joins the texts of the labels in a card.
func cardText(c *widget.Card) string {
	var parts []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			parts = append(parts, v.Text)
		case *fyne.Container:
			for _, ch := range v.Objects {
				walk(ch)
			}
		}
	}
	walk(c.Content)
	return strings.Join(parts, " | ")
}

func TestMastodonWithAPastedCode(t *testing.T) {
	sh, _ := newTestShell(t)
	a := sh.accounts
	var redirect string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		switch r.URL.Path {
		case "/api/v1/apps":
			redirect = r.PostForm.Get("redirect_uris")
			fmt.Fprintf(w, `{"client_id":"cid","client_secret":"cs","redirect_uri":%q}`, redirect)
		case "/oauth/token":
			if r.PostForm.Get("code") != "PASTED" || r.PostForm.Get("redirect_uri") != mastodonOOB {
				w.WriteHeader(400)
				fmt.Fprint(w, `{"error":"invalid_grant"}`)
				return
			}
			fmt.Fprint(w, `{"access_token":"MT2"}`)
		case "/api/v1/accounts/verify_credentials":
			fmt.Fprint(w, `{"acct":"grace","display_name":"Grace"}`)
		}
	}))
	defer srv.Close()
	a.prompter = followingPrompter{code: " PASTED "}
	if err := waitConnect(t, a, func() { a.run(core.SignIn{Network: "mastodon", Server: srv.URL, WithCode: true}) }); err != nil {
		t.Fatal(err)
	}
	if redirect != mastodonOOB {
		t.Fatalf("redirect %q", redirect)
	}
	if len(a.list) != 1 || a.list[0].Account != "grace" {
		t.Fatalf("accounts %+v", a.list)
	}
}
