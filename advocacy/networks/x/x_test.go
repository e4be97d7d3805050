package x

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/dghubble/oauth1"

	"github.com/advocate-app/advocate/advocacy/networks"
	"github.com/advocate-app/advocate/advocacy/networks/internal/echotest"
)

// enc is RFC 3986 percent-encoding as OAuth 1.0a uses it.
func enc(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// signature computes an RFC 5849 HMAC-SHA1 signature independently of the
// library: base string of method, base URI and sorted parameters.
func signature(method, rawURL string, params url.Values, consumerSecret, tokenSecret string) string {
	u, _ := url.Parse(rawURL)
	all := url.Values{}
	for k, v := range u.Query() {
		all[k] = append(all[k], v...)
	}
	for k, v := range params {
		if k != "oauth_signature" && k != "realm" {
			all[k] = append(all[k], v...)
		}
	}
	var pairs []string
	for k, vs := range all {
		for _, v := range vs {
			pairs = append(pairs, enc(k)+"="+enc(v))
		}
	}
	sort.Strings(pairs)
	base := strings.ToUpper(method) + "&" + enc(strings.ToLower(u.Scheme)+"://"+strings.ToLower(u.Host)+u.EscapedPath()) + "&" + enc(strings.Join(pairs, "&"))
	mac := hmac.New(sha1.New, []byte(enc(consumerSecret)+"&"+enc(tokenSecret)))
	mac.Write([]byte(base))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// TestSignatureVectors checks the independent signer against X's
// documented example and RFC 5849 §1.2, and the library's HMAC signer
// against X's base string.
func TestSignatureVectors(t *testing.T) {
	params := url.Values{
		"status":                 {"Hello Ladies + Gentlemen, a signed OAuth request!"},
		"oauth_consumer_key":     {"xvz1evFS4wEEPTGEFPHBog"},
		"oauth_nonce":            {"kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg"},
		"oauth_signature_method": {"HMAC-SHA1"},
		"oauth_timestamp":        {"1318622958"},
		"oauth_token":            {"370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb"},
		"oauth_version":          {"1.0"},
	}
	got := signature("POST", "https://api.twitter.com/1.1/statuses/update.json?include_entities=true", params,
		"kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw", "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE")
	if got != "hCtSmYh+iHYCEqBWrE7C7hYmtUk=" {
		t.Fatalf("X's example: %s", got)
	}
	base := "POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521"
	lib, err := (&oauth1.HMACSigner{ConsumerSecret: "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw"}).Sign("LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE", base)
	if err != nil || lib != "hCtSmYh+iHYCEqBWrE7C7hYmtUk=" {
		t.Fatalf("library signer on X's base string: %s %v", lib, err)
	}
	rfc := signature("GET", "http://photos.example.net/photos?file=vacation.jpg&size=original", url.Values{
		"realm":                  {"Photos"},
		"oauth_consumer_key":     {"dpf43f3p2l4k3l03"},
		"oauth_token":            {"nnch734d00sl2jdk"},
		"oauth_signature_method": {"HMAC-SHA1"},
		"oauth_timestamp":        {"137131202"},
		"oauth_nonce":            {"chapoH"},
	}, "kd94hf93k423kf44", "pfkkdhi9sl3r4s00")
	if rfc != "MdpQcU8iPSUjWoN/UDMsK2sui9I=" {
		t.Fatalf("RFC 5849 §1.2: %s", rfc)
	}
}

// parseAuth reads an OAuth Authorization header.
func parseAuth(h string) url.Values {
	out := url.Values{}
	for _, part := range strings.Split(strings.TrimPrefix(h, "OAuth "), ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			continue
		}
		uv, _ := url.QueryUnescape(strings.Trim(v, `"`))
		out.Set(k, uv)
	}
	return out
}

// server is a loopback X: OAuth 1.0a endpoints and /2/tweets, checking
// every request's signature with the independent signer.
type server struct {
	t       *testing.T
	mu      sync.Mutex
	url     string
	secrets map[string]string // token -> secret
	tweets  []string
	fail    int
	// echo, when on, answers requests with an echo of themselves.
	echo echotest.Echo
}

func (s *server) check(r *http.Request, form url.Values) (url.Values, bool) {
	p := parseAuth(r.Header.Get("Authorization"))
	all := url.Values{}
	for k, v := range p {
		all[k] = v
	}
	for k, v := range form {
		all[k] = v
	}
	want := signature(r.Method, s.url+r.URL.RequestURI(), all, "csecret", s.secrets[p.Get("oauth_token")])
	return p, p.Get("oauth_consumer_key") == "ckey" && p.Get("oauth_signature") == want
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.echo.Serve(w, r) {
		return
	}
	body, _ := io.ReadAll(r.Body)
	form := url.Values{}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		form, _ = url.ParseQuery(string(body))
	}
	p, ok := s.check(r, form)
	if !ok {
		w.WriteHeader(401)
		fmt.Fprint(w, `{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}`)
		return
	}
	switch r.URL.Path {
	case "/oauth/request_token":
		if p.Get("oauth_callback") != "oob" {
			s.t.Errorf("callback %q", p.Get("oauth_callback"))
		}
		s.secrets["req-1"] = "req-secret"
		fmt.Fprint(w, "oauth_token=req-1&oauth_token_secret=req-secret&oauth_callback_confirmed=true")
	case "/oauth/access_token":
		if p.Get("oauth_verifier") != "1234567" || p.Get("oauth_token") != "req-1" {
			w.WriteHeader(401)
			fmt.Fprint(w, "Invalid request token.")
			return
		}
		s.secrets["acc-1"] = "acc-secret"
		fmt.Fprint(w, "oauth_token=acc-1&oauth_token_secret=acc-secret&user_id=9&screen_name=ada")
	case "/2/tweets":
		var in struct{ Text string }
		json.Unmarshal(body, &in)
		w.Header().Set("Content-Type", "application/json")
		switch {
		case s.fail == 429:
			s.fail = 0
			w.Header().Set("x-rate-limit-reset", "1795392000")
			w.WriteHeader(429)
			fmt.Fprint(w, `{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}`)
		case len(s.tweets) > 0 && s.tweets[len(s.tweets)-1] == in.Text:
			w.WriteHeader(403)
			fmt.Fprint(w, `{"detail":"You are not allowed to create a Tweet with duplicate content.","type":"about:blank","title":"Forbidden","status":403}`)
		case len([]rune(in.Text)) > 280:
			w.WriteHeader(403)
			fmt.Fprint(w, `{"detail":"Your Tweet text is too long.","type":"about:blank","title":"Forbidden","status":403}`)
		default:
			s.tweets = append(s.tweets, in.Text)
			w.WriteHeader(201)
			fmt.Fprintf(w, `{"data":{"id":"18%02d","text":%q,"edit_history_tweet_ids":["18%02d"]}}`, len(s.tweets), in.Text, len(s.tweets))
		}
	default:
		w.WriteHeader(404)
	}
}

func TestPINFlowAndPost(t *testing.T) {
	ctx := context.Background()
	s := &server{t: t, secrets: map[string]string{}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	s.url = srv.URL
	app := App{ConsumerKey: "ckey", ConsumerSecret: "csecret", HTTP: srv.Client(), Endpoints: Endpoints{
		RequestToken: srv.URL + "/oauth/request_token", Authorize: srv.URL + "/oauth/authorize",
		AccessToken: srv.URL + "/oauth/access_token", API: srv.URL}}
	p, err := app.Start(ctx)
	if err != nil || !strings.HasPrefix(p.AuthorizeURL, srv.URL+"/oauth/authorize?oauth_token=req-1") {
		t.Fatalf("start: %+v %v", p, err)
	}
	if _, err := app.Finish(ctx, p, "0000000"); err == nil || !strings.Contains(err.Error(), "PIN was not accepted") {
		t.Fatalf("wrong PIN: %v", err)
	}
	tok, err := app.Finish(ctx, p, " 1234567 ")
	if err != nil || tok.Token != "acc-1" {
		t.Fatalf("finish: %+v %v", tok, err)
	}
	c := &Client{App: app, Token: tok}
	res, err := c.Post(ctx, networks.Post{Text: "Atlas 3 ships 🚀 https://larkspur.example/atlas-3"})
	if err != nil || res.URL != "https://x.com/i/web/status/1801" {
		t.Fatalf("post: %+v %v", res, err)
	}
	if _, err := c.Post(ctx, networks.Post{Text: "Atlas 3 ships 🚀 https://larkspur.example/atlas-3"}); !errors.Is(err, networks.ErrDuplicate) {
		t.Fatalf("duplicate: %v", err)
	}
	var tl *networks.TooLong
	if _, err := c.Post(ctx, networks.Post{Text: strings.Repeat("x", 281)}); !errors.As(err, &tl) {
		t.Fatalf("too long: %v", err)
	}
	s.fail = 429
	var rl *networks.RateLimited
	if _, err := c.Post(ctx, networks.Post{Text: "later"}); !errors.As(err, &rl) || rl.Reset.Unix() != 1795392000 {
		t.Fatalf("429: %v", err)
	}
	c.Token.Secret = "wrong"
	if _, err := c.Post(ctx, networks.Post{Text: "bad signature"}); !errors.Is(err, networks.ErrReconnect) || strings.Contains(err.Error(), "acc-1") {
		t.Fatalf("bad token: %v", err)
	}
}

// TestErrorsKeepNoSecretTheServerEchoes answers every call with an error
// body quoting the request back: the errors must not carry the signature,
// the tokens, their secrets, the consumer secret or the PIN.
func TestErrorsKeepNoSecretTheServerEchoes(t *testing.T) {
	ctx := context.Background()
	s := &server{t: t, secrets: map[string]string{}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	s.url = srv.URL
	const consumer, reqToken, reqSecret, pin = "csecret-Vb2kQ9", "req-Tk3Hw8", "req-secret-Wq5", "7654321"
	app := App{ConsumerKey: "ckey", ConsumerSecret: consumer, HTTP: srv.Client(), Endpoints: Endpoints{
		RequestToken: srv.URL + "/oauth/request_token", Authorize: srv.URL + "/oauth/authorize",
		AccessToken: srv.URL + "/oauth/access_token", API: srv.URL}}
	tok := Token{Token: "acc-Hy6Rt2", Secret: "acc-secret-Lm4"}
	c := &Client{App: app, Token: tok}
	calls := []echotest.Call{
		{Name: "start", Do: func() error { _, err := app.Start(ctx); return err }},
		{Name: "finish", Do: func() error {
			_, err := app.Finish(ctx, Pending{RequestToken: reqToken, requestSecret: reqSecret}, pin)
			return err
		}},
		{Name: "post", Do: func() error { _, err := c.Post(ctx, networks.Post{Text: "Atlas 3 ships"}); return err }},
	}
	echotest.Run(t, &s.echo, calls, []string{consumer, reqToken, reqSecret, pin, tok.Token, tok.Secret}, func(what string, _ echotest.Call, status int, err error, sent []string) {
		if !strings.Contains(strings.Join(sent, " "), "oauth_signature") {
			t.Errorf("%s: no signature was sent (%q)", what, sent)
		}
		var se *networks.StatusError
		if (status == 400 || status == 500) && (!errors.As(err, &se) || se.Status != status) {
			t.Errorf("%s: not a StatusError: %v", what, err)
		}
	})
}
