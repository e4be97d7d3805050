package bluesky

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/networks"
	"github.com/advocate-app/advocate/advocacy/networks/internal/echotest"
)

// pds is a loopback Personal Data Server speaking the XRPC shapes the
// client uses, checking what it receives.
type pds struct {
	t        *testing.T
	mu       sync.Mutex
	access   string
	refresh  string
	records  []map[string]any
	failNext string // an XRPC error the next createRecord returns
	// echo, when on, answers requests with an echo of themselves.
	echo echotest.Echo
}

func (p *pds) fail(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": code, "message": msg})
}

func (p *pds) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.echo.Serve(w, r) {
		return
	}
	if r.Method != http.MethodPost {
		p.fail(w, 405, "InvalidRequest", "POST only")
		return
	}
	bearer := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	switch r.URL.Path {
	case "/xrpc/com.atproto.server.createSession":
		var in map[string]string
		json.NewDecoder(r.Body).Decode(&in)
		if in["identifier"] != "ada.bsky.social" || in["password"] != "abcd-efgh-ijkl-mnop" {
			p.fail(w, 401, "AuthenticationRequired", "Invalid identifier or password")
			return
		}
		p.access, p.refresh = "access-1", "refresh-1"
		json.NewEncoder(w).Encode(Session{DID: "did:plc:ada", Handle: "ada.bsky.social", AccessJWT: p.access, RefreshJWT: p.refresh})
	case "/xrpc/com.atproto.server.refreshSession":
		if bearer != p.refresh {
			p.fail(w, 400, "ExpiredToken", "Token has been revoked")
			return
		}
		p.access, p.refresh = p.access+"+", p.refresh+"+"
		json.NewEncoder(w).Encode(Session{DID: "did:plc:ada", Handle: "ada.bsky.social", AccessJWT: p.access, RefreshJWT: p.refresh})
	case "/xrpc/com.atproto.repo.createRecord":
		if r.Header.Get("Content-Type") != "application/json" {
			p.t.Errorf("content type %q", r.Header.Get("Content-Type"))
		}
		if bearer != p.access {
			p.fail(w, 400, "ExpiredToken", "Token has expired")
			return
		}
		switch p.failNext {
		case "RateLimitExceeded":
			p.failNext = ""
			w.Header().Set("RateLimit-Reset", "1795392000")
			p.fail(w, 429, "RateLimitExceeded", "Rate Limit Exceeded")
			return
		case "TooLong":
			p.failNext = ""
			// The reference PDS's words (pds_test.go).
			p.fail(w, 400, "InvalidRequest", "Invalid app.bsky.feed.post record: grapheme too big (maximum 300, got 301) at $.record.text")
			return
		}
		var in map[string]any
		json.NewDecoder(r.Body).Decode(&in)
		if in["repo"] != "did:plc:ada" || in["collection"] != "app.bsky.feed.post" {
			p.t.Errorf("createRecord body %v", in)
		}
		p.records = append(p.records, in["record"].(map[string]any))
		json.NewEncoder(w).Encode(map[string]string{"uri": "at://did:plc:ada/app.bsky.feed.post/3kabc", "cid": "bafy"})
	default:
		p.fail(w, 404, "MethodNotImplemented", r.URL.Path)
	}
}

func start(t *testing.T) (*pds, *httptest.Server) {
	p := &pds{t: t}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return p, srv
}

func TestLoginAndPostWithFacetsAndCard(t *testing.T) {
	ctx := context.Background()
	p, srv := start(t)
	if _, err := Login(ctx, srv.Client(), srv.URL, "ada.bsky.social", "wrong"); err == nil || !strings.Contains(err.Error(), "app password is wrong") {
		t.Fatalf("wrong password: %v", err)
	}
	s, err := Login(ctx, srv.Client(), srv.URL, "ada.bsky.social", "abcd-efgh-ijkl-mnop")
	if err != nil || s.DID != "did:plc:ada" || s.AccessJWT == "" {
		t.Fatalf("login: %+v %v", s, err)
	}
	c := &Client{Service: srv.URL, HTTP: srv.Client(), Session: s, Now: func() time.Time { return time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC) }}
	text := "Atlas 3 🚀 ships: https://larkspur.example/atlas-3. Read it!"
	res, err := c.Post(ctx, networks.Post{Text: text, Link: "https://larkspur.example/atlas-3", LinkTitle: "Atlas 3", LinkText: "Our robot"})
	if err != nil || res.URL != "https://bsky.app/profile/ada.bsky.social/post/3kabc" {
		t.Fatalf("post: %+v %v", res, err)
	}
	rec := p.records[0]
	if rec["$type"] != "app.bsky.feed.post" || rec["text"] != text || rec["createdAt"] != "2026-11-22T09:00:00Z" {
		t.Fatalf("record %v", rec)
	}
	f := rec["facets"].([]any)[0].(map[string]any)
	idx := f["index"].(map[string]any)
	start, end := int(idx["byteStart"].(float64)), int(idx["byteEnd"].(float64))
	if text[start:end] != "https://larkspur.example/atlas-3" || start != len("Atlas 3 🚀 ships: ") {
		t.Fatalf("facet bytes %d-%d = %q", start, end, text[start:end])
	}
	if f["features"].([]any)[0].(map[string]any)["$type"] != "app.bsky.richtext.facet#link" {
		t.Fatalf("facet %v", f)
	}
	card := rec["embed"].(map[string]any)
	if card["$type"] != "app.bsky.embed.external" || card["external"].(map[string]any)["title"] != "Atlas 3" {
		t.Fatalf("embed %v", card)
	}
}

func TestExpiredTokenIsRefreshedOnce(t *testing.T) {
	ctx := context.Background()
	p, srv := start(t)
	s, _ := Login(ctx, srv.Client(), srv.URL, "ada.bsky.social", "abcd-efgh-ijkl-mnop")
	var saved []Session
	c := &Client{Service: srv.URL, HTTP: srv.Client(), Session: s, Saved: func(s Session) error { saved = append(saved, s); return nil }}
	p.access = "access-2" // the server has moved on: the client's token is expired
	p.refresh = s.RefreshJWT
	if _, err := c.Post(ctx, networks.Post{Text: "hello"}); err != nil {
		t.Fatalf("post after refresh: %v", err)
	}
	if len(saved) != 1 || saved[0].AccessJWT != "access-2+" || c.Session.RefreshJWT != "refresh-1+" {
		t.Fatalf("refreshed session not kept: %+v", saved)
	}
	// A revoked refresh token means signing in again.
	p.access, p.refresh = "elsewhere", "elsewhere"
	_, err := c.Post(ctx, networks.Post{Text: "hello"})
	if !errors.Is(err, networks.ErrReconnect) || !strings.Contains(err.Error(), "connect the account again") {
		t.Fatalf("revoked: %v", err)
	}
	if strings.Contains(err.Error(), "refresh-1") || strings.Contains(err.Error(), "access-") {
		t.Fatal("the error carries a token")
	}
}

func TestRateLimitAndLength(t *testing.T) {
	ctx := context.Background()
	p, srv := start(t)
	s, _ := Login(ctx, srv.Client(), srv.URL, "ada.bsky.social", "abcd-efgh-ijkl-mnop")
	c := &Client{Service: srv.URL, HTTP: srv.Client(), Session: s}
	p.failNext = "RateLimitExceeded"
	_, err := c.Post(ctx, networks.Post{Text: "x"})
	var rl *networks.RateLimited
	if !errors.As(err, &rl) || rl.Reset.Unix() != 1795392000 {
		t.Fatalf("rate limit: %v", err)
	}
	p.failNext = "TooLong"
	_, err = c.Post(ctx, networks.Post{Text: strings.Repeat("a", 301)})
	var tl *networks.TooLong
	if !errors.As(err, &tl) || tl.Limit != 300 || tl.Count != 301 {
		t.Fatalf("too long: %v", err)
	}
}

// TestErrorsKeepNoSecretTheServerEchoes answers every call with an error
// body quoting the request back: the errors must not carry the app
// password, the access token or the refresh token.
func TestErrorsKeepNoSecretTheServerEchoes(t *testing.T) {
	ctx := context.Background()
	p, srv := start(t)
	const password, access, refresh = "abcd-efgh-ijkl-mnop", "access-Kd8Vw2", "refresh-Jq4Zn7"
	c := &Client{Service: srv.URL, HTTP: srv.Client(), Session: Session{DID: "did:plc:ada", Handle: "ada.bsky.social", AccessJWT: access, RefreshJWT: refresh}}
	calls := []echotest.Call{
		{Name: "login", Do: func() error {
			_, err := Login(ctx, srv.Client(), srv.URL, "ada.bsky.social", password)
			return err
		}},
		{Name: "post", Do: func() error { _, err := c.Post(ctx, networks.Post{Text: "Atlas 3 ships"}); return err }},
		// The access token has expired (the server knows another), and the
		// refresh is answered with the echo.
		{Name: "refresh", Paths: map[string]bool{"/xrpc/com.atproto.server.refreshSession": true}, Do: func() error {
			_, err := c.Post(ctx, networks.Post{Text: "Atlas 3 ships"})
			return err
		}},
	}
	p.mu.Lock() // the client's access token has expired
	p.access = "elsewhere"
	p.mu.Unlock()
	echotest.Run(t, &p.echo, calls, []string{password, access, refresh}, func(what string, c echotest.Call, status int, err error, _ []string) {
		var se *networks.StatusError
		if c.Name != "refresh" && (status == 400 || status == 500) && (!errors.As(err, &se) || se.Status != status) {
			t.Errorf("%s: not a StatusError: %v", what, err)
		}
	})
}

// TestTooLongInTheServersWords reads the length errors as the reference
// PDS words them now (seen in pds_test.go) and as it did before.
func TestTooLongInTheServersWords(t *testing.T) {
	for _, tc := range []struct {
		message string
		count   int
	}{
		{"Invalid app.bsky.feed.post record: grapheme too big (maximum 300, got 301) at $.record.text", 301},
		{"Invalid app.bsky.feed.post record: string too big (maximum 3000, got 3001) at $.record.text", 0},
		{"Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes", 0},
	} {
		err := explain(&apiError{StatusError: &networks.StatusError{Network: "Bluesky", Status: 400}, raw: xrpcError{Error: "InvalidRequest", Message: tc.message}})
		var tl *networks.TooLong
		if !errors.As(err, &tl) || tl.Limit != Limit || tl.Count != tc.count {
			t.Errorf("%q: %v", tc.message, err)
		}
	}
	other := &apiError{StatusError: &networks.StatusError{Network: "Bluesky", Status: 400}, raw: xrpcError{Error: "InvalidRequest", Message: "Invalid app.bsky.feed.post record: string too big (maximum 100, got 101) at $.record.langs[0]"}}
	var tl *networks.TooLong
	if errors.As(explain(other), &tl) {
		t.Error("a long language tag is not a long post")
	}
}

// TestLoginRateLimited: the PDS limits sign-ins per handle (30 in 5
// minutes) with a 429 and a RateLimit-Reset in Unix seconds.
func TestLoginRateLimited(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("RateLimit-Reset", "1795392000")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		w.Write([]byte(`{"error":"RateLimitExceeded","message":"Rate Limit Exceeded"}`))
	}))
	defer srv.Close()
	_, err := Login(context.Background(), srv.Client(), srv.URL, "ada.bsky.social", "abcd-efgh-ijkl-mnop")
	var rl *networks.RateLimited
	if !errors.As(err, &rl) || rl.Reset.Unix() != 1795392000 {
		t.Fatalf("rate limited sign-in: %v", err)
	}
}

func TestLinkFacetsAtTheEdges(t *testing.T) {
	for _, tc := range []struct {
		text  string
		links []string
	}{
		{"https://", nil},
		{"see https://.", nil},
		{"<https://a.example/x>", []string{"https://a.example/x"}},
		{"“https://a.example/x”…", []string{"https://a.example/x"}},
		{"x\u00a0https://a.example/y\u3000z", []string{"https://a.example/y"}},
		{`"https://a.example/q?x=1"`, []string{"https://a.example/q?x=1"}},
		{"https://a.example/é. http://b.example", []string{"https://a.example/é", "http://b.example"}},
	} {
		var got []string
		for _, f := range linkFacets(tc.text) {
			if tc.text[f.Index.ByteStart:f.Index.ByteEnd] != f.Features[0].URI {
				t.Errorf("%q: facet bytes %q, uri %q", tc.text, tc.text[f.Index.ByteStart:f.Index.ByteEnd], f.Features[0].URI)
			}
			got = append(got, f.Features[0].URI)
		}
		if strings.Join(got, " ") != strings.Join(tc.links, " ") {
			t.Errorf("%q: links %q, want %q", tc.text, got, tc.links)
		}
	}
	if got := validUTF8("a\xffb\xe9\x80c"); got != "a\uFFFDb\uFFFD\uFFFDc" {
		t.Errorf("validUTF8: %q", got)
	}
	data, _ := json.Marshal("a\xffb\xe9\x80c")
	var back string
	json.Unmarshal(data, &back)
	if back != validUTF8("a\xffb\xe9\x80c") {
		t.Errorf("encoding/json sends %q, validUTF8 says %q", back, validUTF8("a\xffb\xe9\x80c"))
	}
}
