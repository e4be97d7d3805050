package mastodon

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/networks"
	"github.com/advocate-app/advocate/advocacy/networks/internal/echotest"
	"github.com/advocate-app/advocate/advocacy/networks/loopback"
)

// server is a loopback Mastodon instance: app registration, the OAuth
// authorise page (which approves at once), token exchange with PKCE,
// verify_credentials, and statuses with Idempotency-Key.
type server struct {
	t         *testing.T
	mu        sync.Mutex
	redirect  string
	challenge string
	codes     map[string]bool
	statuses  map[string]string // idempotency key -> status id
	posted    []string
	failNext  int
	// echo, when on, answers requests with an echo of themselves.
	echo echotest.Echo
}

func newServer(t *testing.T) (*server, *httptest.Server) {
	s := &server{t: t, codes: map[string]bool{}, statuses: map[string]string{}}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.echo.Serve(w, r) {
		return
	}
	w.Header().Set("Content-Type", "application/json")
	r.ParseForm()
	switch r.URL.Path {
	case "/api/v1/apps":
		if r.Method != http.MethodPost || r.PostForm.Get("scopes") != Scope || r.PostForm.Get("client_name") != "Advocate" {
			s.t.Errorf("apps: %s %v", r.Method, r.PostForm)
		}
		s.redirect = r.PostForm.Get("redirect_uris")
		fmt.Fprintf(w, `{"id":"1","name":"Advocate","client_id":"cid","client_secret":"csecret","redirect_uri":%q}`, s.redirect)
	case "/oauth/authorize":
		q := r.URL.Query()
		if q.Get("client_id") != "cid" || q.Get("code_challenge_method") != "S256" || q.Get("redirect_uri") != s.redirect {
			s.t.Errorf("authorize: %v", q)
		}
		s.challenge = q.Get("code_challenge")
		s.codes["code-1"] = true
		http.Redirect(w, r, s.redirect+"?code=code-1&state="+q.Get("state"), http.StatusFound)
	case "/oauth/token":
		f := r.PostForm
		sum := sha256.Sum256([]byte(f.Get("code_verifier")))
		if !s.codes[f.Get("code")] || base64.RawURLEncoding.EncodeToString(sum[:]) != s.challenge ||
			f.Get("client_secret") != "csecret" || f.Get("grant_type") != "authorization_code" {
			w.WriteHeader(400)
			fmt.Fprint(w, `{"error":"invalid_grant","error_description":"The provided authorization grant is invalid"}`)
			return
		}
		delete(s.codes, f.Get("code"))
		fmt.Fprint(w, `{"access_token":"tok-1","token_type":"Bearer","scope":"read:accounts write:statuses"}`)
	case "/api/v1/accounts/verify_credentials":
		if r.Header.Get("Authorization") != "Bearer tok-1" {
			w.WriteHeader(401)
			fmt.Fprint(w, `{"error":"The access token is invalid"}`)
			return
		}
		fmt.Fprint(w, `{"username":"ada","acct":"ada","display_name":"Ada","url":"https://social.example/@ada"}`)
	case "/api/v1/statuses":
		if r.Header.Get("Authorization") != "Bearer tok-1" {
			w.WriteHeader(401)
			fmt.Fprint(w, `{"error":"The access token was revoked"}`)
			return
		}
		switch s.failNext {
		case 429:
			s.failNext = 0
			w.Header().Set("X-RateLimit-Reset", "2026-11-22T13:00:00.000Z")
			w.WriteHeader(429)
			fmt.Fprint(w, `{"error":"Too many requests"}`)
			return
		}
		text := r.PostForm.Get("status")
		if len([]rune(text)) > 500 {
			w.WriteHeader(422)
			fmt.Fprint(w, `{"error":"Validation failed: Text character limit of 500 exceeded"}`)
			return
		}
		key := r.Header.Get("Idempotency-Key")
		id, ok := s.statuses[key]
		if !ok || key == "" {
			s.posted = append(s.posted, text)
			id = fmt.Sprint(len(s.posted))
			s.statuses[key] = id
		}
		json.NewEncoder(w).Encode(map[string]string{"id": id, "url": "https://social.example/@ada/" + id})
	default:
		w.WriteHeader(404)
		fmt.Fprint(w, `{"error":"Record not found"}`)
	}
}

func TestConnectWithLoopbackAndPKCE(t *testing.T) {
	ctx := context.Background()
	_, srv := newServer(t)
	inst, err := Instance(strings.TrimPrefix(srv.URL, "https://"))
	if err != nil {
		t.Fatal(err)
	}
	rcv, err := loopback.Listen()
	if err != nil {
		t.Fatal(err)
	}
	app, err := Register(ctx, srv.Client(), inst, rcv.RedirectURI())
	if err != nil || app.ClientID != "cid" {
		t.Fatalf("register: %+v %v", app, err)
	}
	pkce := loopback.NewPKCE()
	// The "browser": follows the authorise page's redirect back to us.
	go func() {
		resp, err := http.Get(app.AuthorizeURL(rcv.State, pkce.Challenge))
		if err == nil {
			resp.Body.Close()
		}
	}()
	code, err := rcv.Wait(ctx, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Exchange(ctx, srv.Client(), code, "not-the-verifier"); err == nil || !strings.Contains(err.Error(), "invalid_grant") {
		t.Fatalf("wrong verifier: %v", err)
	}
	tok, err := app.Exchange(ctx, srv.Client(), code, pkce.Verifier)
	if err != nil || tok != "tok-1" {
		t.Fatalf("exchange: %q %v", tok, err)
	}
	c := &Client{Instance: inst, Token: tok, HTTP: srv.Client()}
	if acct, err := c.Verify(ctx); err != nil || acct.Acct != "ada" {
		t.Fatalf("verify: %+v %v", acct, err)
	}
	if _, err := app.Exchange(ctx, srv.Client(), code, pkce.Verifier); err == nil {
		t.Fatal("a code was accepted twice")
	}
}

func TestPostIdempotencyAndErrors(t *testing.T) {
	ctx := context.Background()
	s, srv := newServer(t)
	c := &Client{Instance: srv.URL, Token: "tok-1", HTTP: srv.Client()}
	first, err := c.Post(ctx, networks.Post{Text: "Atlas 3 ships", IdempotencyKey: "share-42"})
	if err != nil || first.URL == "" {
		t.Fatalf("post: %+v %v", first, err)
	}
	again, err := c.Post(ctx, networks.Post{Text: "Atlas 3 ships", IdempotencyKey: "share-42"})
	if err != nil || again.ID != first.ID || len(s.posted) != 1 {
		t.Fatalf("retry with the same key posted %d statuses (%+v)", len(s.posted), again)
	}
	s.failNext = 429
	_, err = c.Post(ctx, networks.Post{Text: "x", IdempotencyKey: "k2"})
	var rl *networks.RateLimited
	if !errors.As(err, &rl) || !rl.Reset.Equal(time.Date(2026, 11, 22, 13, 0, 0, 0, time.UTC)) {
		t.Fatalf("429: %v", err)
	}
	_, err = c.Post(ctx, networks.Post{Text: strings.Repeat("é", 501)})
	var tl *networks.TooLong
	if !errors.As(err, &tl) || tl.Limit != 500 {
		t.Fatalf("too long: %v", err)
	}
	c.Token = "tok-stale"
	if _, err := c.Post(ctx, networks.Post{Text: "x"}); !errors.Is(err, networks.ErrReconnect) || strings.Contains(err.Error(), "tok-stale") {
		t.Fatalf("revoked: %v", err)
	}
}

func TestInstance(t *testing.T) {
	for in, want := range map[string]string{"mastodon.social": "https://mastodon.social", "https://fosstodon.org/": "https://fosstodon.org", " social.example/@ada ": "https://social.example"} {
		if got, err := Instance(in); err != nil || got != want {
			t.Errorf("Instance(%q) = %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "ftp://x.example", "https://user:pw@x.example"} {
		if _, err := Instance(bad); err == nil {
			t.Errorf("Instance(%q) accepted", bad)
		}
	}
}

// TestErrorsKeepNoSecretTheServerEchoes answers every call with an error
// body quoting the request back: the errors must not carry the token, the
// client secret, the code or the PKCE verifier.
func TestErrorsKeepNoSecretTheServerEchoes(t *testing.T) {
	ctx := context.Background()
	s, srv := newServer(t)
	const secret, token, code, verifier = "csecret-Zq81xw", "tok-Mh2x9Lp4", "code-Jr5Tn", "verifier-Pk7wQe2"
	app := App{Instance: srv.URL, ClientID: "cid", ClientSecret: secret, RedirectURI: OOB}
	c := &Client{Instance: srv.URL, Token: token, HTTP: srv.Client()}
	calls := []echotest.Call{
		{Name: "exchange", Do: func() error { _, err := app.Exchange(ctx, srv.Client(), code, verifier); return err }},
		{Name: "verify", Do: func() error { _, err := c.Verify(ctx); return err }},
		{Name: "post", Do: func() error {
			_, err := c.Post(ctx, networks.Post{Text: "Atlas 3 ships", IdempotencyKey: "share-1"})
			return err
		}},
	}
	echotest.Run(t, &s.echo, calls, []string{secret, token, code, verifier}, func(what string, _ echotest.Call, status int, err error, _ []string) {
		var se *networks.StatusError
		if (status == 400 || status == 500) && (!errors.As(err, &se) || se.Status != status) {
			t.Errorf("%s: not a StatusError: %v", what, err)
		}
	})
}
