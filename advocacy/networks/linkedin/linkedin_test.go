package linkedin

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

type server struct {
	t         *testing.T
	mu        sync.Mutex
	challenge string
	posts     []map[string]any
	fail      int
	// echo, when on, answers requests with an echo of themselves.
	echo echotest.Echo
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.echo.Serve(w, r) {
		return
	}
	switch r.URL.Path {
	case "/oauth/v2/authorization":
		q := r.URL.Query()
		if q.Get("client_id") != "org-client" || q.Get("scope") != Scope || q.Get("code_challenge_method") != "S256" {
			s.t.Errorf("authorize %v", q)
		}
		s.challenge = q.Get("code_challenge")
		http.Redirect(w, r, q.Get("redirect_uri")+"?code=li-code&state="+q.Get("state"), http.StatusFound)
	case "/oauth/v2/accessToken":
		r.ParseForm()
		sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
		if r.PostForm.Get("code") != "li-code" || base64.RawURLEncoding.EncodeToString(sum[:]) != s.challenge {
			w.WriteHeader(400)
			fmt.Fprint(w, `{"error":"invalid_request","error_description":"Unable to retrieve access token"}`)
			return
		}
		fmt.Fprint(w, `{"access_token":"AQX-1","expires_in":5184000,"scope":"openid,profile,w_member_social"}`)
	case "/v2/userinfo":
		if r.Header.Get("Authorization") != "Bearer AQX-1" {
			w.WriteHeader(401)
			return
		}
		fmt.Fprint(w, `{"sub":"782bbtaQ","name":"Ada Lovelace"}`)
	case "/rest/posts":
		if r.Header.Get("LinkedIn-Version") != Version || r.Header.Get("X-Restli-Protocol-Version") != "2.0.0" {
			s.t.Errorf("headers %v", r.Header)
		}
		if r.Header.Get("Authorization") != "Bearer AQX-1" {
			w.WriteHeader(401)
			fmt.Fprint(w, `{"status":401,"serviceErrorCode":65600,"code":"INVALID_ACCESS_TOKEN","message":"Invalid access token"}`)
			return
		}
		if s.fail == 429 {
			s.fail = 0
			w.WriteHeader(429)
			fmt.Fprint(w, `{"status":429,"message":"Resource level throttle limit reached"}`)
			return
		}
		var in map[string]any
		json.NewDecoder(r.Body).Decode(&in)
		for _, p := range s.posts {
			if p["commentary"] == in["commentary"] {
				w.WriteHeader(422)
				fmt.Fprint(w, `{"status":422,"message":"Content is a duplicate of urn:li:share:1"}`)
				return
			}
		}
		s.posts = append(s.posts, in)
		w.Header().Set("x-restli-id", fmt.Sprintf("urn:li:share:%d", len(s.posts)))
		w.WriteHeader(201)
	default:
		w.WriteHeader(404)
	}
}

func TestSignInAndPost(t *testing.T) {
	ctx := context.Background()
	s := &server{t: t}
	srv := httptest.NewServer(s)
	defer srv.Close()
	app := App{ClientID: "org-client", HTTP: srv.Client(), Endpoints: Endpoints{
		Authorize: srv.URL + "/oauth/v2/authorization", Token: srv.URL + "/oauth/v2/accessToken", API: srv.URL}}
	rcv, _ := loopback.Listen()
	pkce := loopback.NewPKCE()
	go func() {
		if resp, err := http.Get(app.AuthorizeURL(rcv.RedirectURI(), rcv.State, pkce.Challenge)); err == nil {
			resp.Body.Close()
		}
	}()
	code, err := rcv.Wait(ctx, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	tok, err := app.Exchange(ctx, code, rcv.RedirectURI(), pkce.Verifier, now)
	if err != nil || !tok.Expires.Equal(now.Add(60*24*time.Hour)) {
		t.Fatalf("exchange: %+v %v", tok, err)
	}
	if tok.ExpiresSoon(now) || !tok.ExpiresSoon(now.Add(55*24*time.Hour)) {
		t.Fatal("expiry warning window wrong")
	}
	c := &Client{App: app, Token: Token{AccessToken: tok.AccessToken}}
	me, err := c.Me(ctx)
	if err != nil || me.Sub != "782bbtaQ" {
		t.Fatalf("me: %+v %v", me, err)
	}
	c.Author = "urn:li:person:" + me.Sub
	res, err := c.Post(ctx, networks.Post{Text: "Atlas 3 (ours!) ships #robots @Larkspur", Link: "https://larkspur.example/atlas-3", LinkTitle: "Atlas 3"})
	if err != nil || res.ID != "urn:li:share:1" || res.URL != "https://www.linkedin.com/feed/update/urn:li:share:1/" {
		t.Fatalf("post: %+v %v", res, err)
	}
	p := s.posts[0]
	if p["commentary"] != `Atlas 3 \(ours!\) ships \#robots \@Larkspur` || p["author"] != "urn:li:person:782bbtaQ" || p["visibility"] != "PUBLIC" {
		t.Fatalf("post body %v", p)
	}
	if p["content"].(map[string]any)["article"].(map[string]any)["source"] != "https://larkspur.example/atlas-3" {
		t.Fatalf("article %v", p["content"])
	}
	if _, err := c.Post(ctx, networks.Post{Text: "Atlas 3 (ours!) ships #robots @Larkspur"}); !errors.Is(err, networks.ErrDuplicate) {
		t.Fatalf("duplicate: %v", err)
	}
	s.fail = 429
	var rl *networks.RateLimited
	if _, err := c.Post(ctx, networks.Post{Text: "later"}); !errors.As(err, &rl) {
		t.Fatalf("429: %v", err)
	}
	c.Token.AccessToken = "AQX-old"
	if _, err := c.Post(ctx, networks.Post{Text: "x"}); !errors.Is(err, networks.ErrReconnect) || strings.Contains(err.Error(), "AQX") {
		t.Fatalf("invalid token: %v", err)
	}
	c.Token = Token{AccessToken: "AQX-1", Expires: time.Now().Add(-time.Hour)}
	if _, err := c.Post(ctx, networks.Post{Text: "y"}); !errors.Is(err, networks.ErrReconnect) {
		t.Fatalf("expired: %v", err)
	}
}

// TestErrorsKeepNoSecretTheServerEchoes answers every call with an error
// body quoting the request back: the errors must not carry the access
// token, the code or the PKCE verifier.
func TestErrorsKeepNoSecretTheServerEchoes(t *testing.T) {
	ctx := context.Background()
	s := &server{t: t}
	srv := httptest.NewServer(s)
	defer srv.Close()
	app := App{ClientID: "org-client", HTTP: srv.Client(), Endpoints: Endpoints{
		Authorize: srv.URL + "/oauth/v2/authorization", Token: srv.URL + "/oauth/v2/accessToken", API: srv.URL}}
	const code, verifier, token = "li-code-Pq7Zr", "verifier-Xs3Nb8", "AQX-Ww31Kd"
	c := &Client{App: app, Token: Token{AccessToken: token}, Author: "urn:li:person:782bbtaQ"}
	calls := []echotest.Call{
		{Name: "exchange", Do: func() error {
			_, err := app.Exchange(ctx, code, "http://127.0.0.1:1/callback", verifier, time.Now())
			return err
		}},
		{Name: "me", Do: func() error { _, err := c.Me(ctx); return err }},
		{Name: "post", Do: func() error { _, err := c.Post(ctx, networks.Post{Text: "Atlas 3 ships"}); return err }},
	}
	echotest.Run(t, &s.echo, calls, []string{code, verifier, token}, func(what string, _ echotest.Call, status int, err error, _ []string) {
		// (A 400 whose message quotes the request's Content-Length
		// reads as "too long": LinkedIn says so only in words.)
		var se *networks.StatusError
		if status == 500 && (!errors.As(err, &se) || se.Status != status) {
			t.Errorf("%s: not a StatusError: %v", what, err)
		}
	})
}
