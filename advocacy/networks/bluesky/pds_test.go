package bluesky

// Tests against the atproto reference PDS itself (npm @atproto/pds, with
// an in-memory PLC directory), through scripts/pds and pdstest: its real
// lexicon validation, sessions, rate limits and error answers. One server
// is shared by the package's tests; each test makes its own accounts.
// Without the harness installed they are skipped, or fail when
// ADVOCATE_REQUIRE_PDS=1 (as in scripts/test.sh).

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/networks"
	"github.com/advocate-app/advocate/advocacy/networks/internal/pdstest"
	"github.com/advocate-app/advocate/advocacy/policy"
	"github.com/advocate-app/advocate/advocacy/share"
	"github.com/advocate-app/advocate/advocacy/store"
)

const childEnv = "ADVOCATE_BLUESKY_CRASH_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		os.Exit(crashChild())
	}
	os.Exit(pdstest.Main(m))
}

// signIn makes an account on the PDS and signs in with its app password
// the way Advocate does.
func signIn(t *testing.T, p *pdstest.Server) (pdstest.Account, *Client) {
	t.Helper()
	a := p.NewAccount(t)
	s, err := Login(context.Background(), p.Client(), p.URL, a.Handle, a.AppPassword)
	if err != nil {
		t.Fatalf("sign in with the app password: %v", err)
	}
	if s.DID != a.DID || s.Handle != a.Handle || s.AccessJWT == "" || s.RefreshJWT == "" {
		t.Fatalf("session %+v for %s %s", s, a.Handle, a.DID)
	}
	return a, &Client{Service: p.URL, HTTP: p.Client(), Session: s}
}

// noSecret fails t if err says any of the secrets.
func noSecret(t *testing.T, what string, err error, secrets ...string) {
	t.Helper()
	if err == nil {
		return
	}
	for _, s := range secrets {
		if s != "" && strings.Contains(err.Error(), s) {
			t.Errorf("%s: the error carries a secret: %v", what, err)
		}
	}
}

// postRecord is what listRecords gives back of an app.bsky.feed.post.
type postRecord struct {
	Type      string `json:"$type"`
	Text      string `json:"text"`
	CreatedAt string `json:"createdAt"`
	Facets    []struct {
		Index struct {
			ByteStart int `json:"byteStart"`
			ByteEnd   int `json:"byteEnd"`
		} `json:"index"`
		Features []struct {
			Type string `json:"$type"`
			URI  string `json:"uri"`
		} `json:"features"`
	} `json:"facets"`
	Embed *struct {
		Type     string `json:"$type"`
		External struct {
			URI         string `json:"uri"`
			Title       string `json:"title"`
			Description string `json:"description"`
		} `json:"external"`
	} `json:"embed"`
}

func posts(t *testing.T, p *pdstest.Server, did string) ([]pdstest.Record, []postRecord) {
	t.Helper()
	recs := p.Records(t, did, "app.bsky.feed.post")
	out := make([]postRecord, len(recs))
	for i, r := range recs {
		if err := json.Unmarshal(r.Value, &out[i]); err != nil {
			t.Fatalf("record %s: %v", r.URI, err)
		}
	}
	return recs, out
}

// TestPDSPostWithFacetsAndCardReadsBackAsSent posts a text with emoji, a
// skin-tone sequence and combining marks before its links, and a card:
// the PDS's own lexicon validation takes it, and listRecords gives back the
// same text, links marked at the right UTF-8 bytes, and the card.
func TestPDSPostWithFacetsAndCardReadsBackAsSent(t *testing.T) {
	p := pdstest.Shared(t)
	a, c := signIn(t, p)
	at := time.Date(2026, 11, 22, 9, 0, 0, 123456789, time.UTC)
	c.Now = func() time.Time { return at }
	links := []string{"https://larkspur.example/atlas-3?utm_source=bluesky&x=%C3%A9", "https://larkspur.example/jobs"}
	text := "Atlas 3 🚀 by the 👩🏽‍🔬 team, cafe\u0301 n\u0303 ships: " + links[0] + ". Jobs (" + links[1] + ")!"
	res, err := c.Post(context.Background(), networks.Post{Text: text, Link: links[0], LinkTitle: "Atlas 3 — our robot", LinkText: "Ships in 🇫🇷 and 🇩🇪"})
	if err != nil {
		t.Fatalf("post: %v", err)
	}
	recs, got := posts(t, p, a.DID)
	if len(recs) != 1 {
		t.Fatalf("%d posts on the PDS, want 1", len(recs))
	}
	rkey := recs[0].URI[strings.LastIndexByte(recs[0].URI, '/')+1:]
	if res.ID != recs[0].URI || res.URL != "https://bsky.app/profile/"+a.Handle+"/post/"+rkey {
		t.Fatalf("result %+v for record %s", res, recs[0].URI)
	}
	r := got[0]
	if r.Type != "app.bsky.feed.post" || r.Text != text {
		t.Fatalf("record text %q, want %q", r.Text, text)
	}
	if when, err := time.Parse(time.RFC3339Nano, r.CreatedAt); err != nil || !when.Equal(at) {
		t.Fatalf("createdAt %q (%v), want %v", r.CreatedAt, err, at)
	}
	if len(r.Facets) != len(links) {
		t.Fatalf("%d facets, want %d: %+v", len(r.Facets), len(links), r.Facets)
	}
	for i, f := range r.Facets {
		want := strings.Index(text, links[i]) // a byte offset
		if f.Index.ByteStart != want || f.Index.ByteEnd != want+len(links[i]) || text[f.Index.ByteStart:f.Index.ByteEnd] != links[i] {
			t.Errorf("facet %d marks bytes %d-%d, want %d-%d (%q)", i, f.Index.ByteStart, f.Index.ByteEnd, want, want+len(links[i]), links[i])
		}
		if len(f.Features) != 1 || f.Features[0].Type != "app.bsky.richtext.facet#link" || f.Features[0].URI != links[i] {
			t.Errorf("facet %d features %+v", i, f.Features)
		}
	}
	if r.Embed == nil || r.Embed.Type != "app.bsky.embed.external" || r.Embed.External.URI != links[0] ||
		r.Embed.External.Title != "Atlas 3 — our robot" || r.Embed.External.Description != "Ships in 🇫🇷 and 🇩🇪" {
		t.Fatalf("embed %+v", r.Embed)
	}
	// Find, the look-up that settles unclear answers, finds it by its text.
	found, ok, err := c.Find(context.Background(), text)
	if err != nil || !ok || found != res {
		t.Fatalf("find: %+v %v %v, want %+v", found, ok, err, res)
	}
}

// TestPDSFacetIndexIsValidated checks that the server's validation is in
// force (the harness is not a pass-through): a facet without its index
// is refused, and the client's error says what the server said.
func TestPDSFacetIndexIsValidated(t *testing.T) {
	p := pdstest.Shared(t)
	a, c := signIn(t, p)
	body := map[string]any{"repo": a.DID, "collection": "app.bsky.feed.post", "record": map[string]any{
		"$type": "app.bsky.feed.post", "text": "see https://larkspur.example", "createdAt": time.Now().UTC().Format(time.RFC3339),
		"facets": []any{map[string]any{"features": []any{map[string]any{"$type": "app.bsky.richtext.facet#link", "uri": "https://larkspur.example"}}}}}}
	err := call(context.Background(), c.HTTP, p.URL+"/xrpc/com.atproto.repo.createRecord", c.Session.AccessJWT, body, nil, c.Session.RefreshJWT)
	var se *networks.StatusError
	if !errors.As(err, &se) || se.Status != http.StatusBadRequest || se.Code != "InvalidRequest" || !strings.Contains(se.Message, "index") {
		t.Fatalf("a facet without index: %v", err)
	}
	noSecret(t, "invalid facet", err, c.Session.AccessJWT, c.Session.RefreshJWT)
	if recs := p.Records(t, a.DID, "app.bsky.feed.post"); len(recs) != 0 {
		t.Fatalf("%d posts after a refused one", len(recs))
	}
}

// counter counts the XRPC calls a client makes, by method.
type counter struct {
	mu    sync.Mutex
	calls map[string]int
	next  http.RoundTripper
}

func (c *counter) RoundTrip(req *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.calls[strings.TrimPrefix(req.URL.Path, "/xrpc/")]++
	c.mu.Unlock()
	return c.next.RoundTrip(req)
}

func (c *counter) n(method string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls[method]
}

// TestPDSExpiredAccessTokenIsRefreshedOnce gives the client an access
// token that the server signed but that has expired: the server answers
// ExpiredToken, the client refreshes once, keeps the new session and the
// post goes, once.
func TestPDSExpiredAccessTokenIsRefreshedOnce(t *testing.T) {
	p := pdstest.Shared(t)
	a, c := signIn(t, p)
	old := c.Session
	c.Session.AccessJWT = p.ExpiredAccessToken(a.DID)
	expired := c.Session.AccessJWT
	calls := &counter{calls: map[string]int{}, next: p.Client().Transport}
	c.HTTP = &http.Client{Transport: calls, Timeout: 30 * time.Second}
	var saved []Session
	c.Saved = func(s Session) error { saved = append(saved, s); return nil }
	if _, err := c.Post(context.Background(), networks.Post{Text: "after the refresh"}); err != nil {
		t.Fatalf("post with an expired token: %v", err)
	}
	if n, m := calls.n("com.atproto.server.refreshSession"), calls.n("com.atproto.repo.createRecord"); n != 1 || m != 2 {
		t.Fatalf("%d refreshes and %d createRecord calls, want 1 and 2", n, m)
	}
	// (The new access token may equal the one from the sign-in: made in
	// the same second, it has the same claims.)
	if len(saved) != 1 || saved[0] != c.Session || c.Session.DID != a.DID || c.Session.Handle != a.Handle ||
		c.Session.AccessJWT == expired || c.Session.AccessJWT == "" || c.Session.RefreshJWT == old.RefreshJWT {
		t.Fatalf("the refreshed session was not kept: saved %d, same as kept %v, did %v, handle %v, new access %v, new refresh %v",
			len(saved), len(saved) == 1 && saved[0] == c.Session, c.Session.DID == a.DID, c.Session.Handle == a.Handle,
			c.Session.AccessJWT != expired, c.Session.RefreshJWT != old.RefreshJWT)
	}
	if _, got := posts(t, p, a.DID); len(got) != 1 || got[0].Text != "after the refresh" {
		t.Fatalf("posts %+v", got)
	}
	// The new tokens work as they are.
	if _, err := c.Post(context.Background(), networks.Post{Text: "with the new token"}); err != nil || calls.n("com.atproto.server.refreshSession") != 1 {
		t.Fatalf("post with the refreshed token: %v (%d refreshes)", err, calls.n("com.atproto.server.refreshSession"))
	}
}

// TestPDSRevokedAppPasswordAsksToReconnect revokes the app password, as a
// user does in Bluesky's settings, and lets the access token expire: the
// refresh is refused and the share waits for a new sign-in, with no token
// in the error. A wrong app password at sign-in says so.
func TestPDSRevokedAppPasswordAsksToReconnect(t *testing.T) {
	p := pdstest.Shared(t)
	a, c := signIn(t, p)
	refresh := c.Session.RefreshJWT
	p.RevokeAppPassword(t, a)
	c.Session.AccessJWT = p.ExpiredAccessToken(a.DID)
	_, err := c.Post(context.Background(), networks.Post{Text: "never goes"})
	if !errors.Is(err, networks.ErrReconnect) || !strings.Contains(err.Error(), "connect the account again") {
		t.Fatalf("post after the app password was revoked: %v", err)
	}
	noSecret(t, "revoked", err, refresh, c.Session.AccessJWT, a.AppPassword, a.Password)
	t.Logf("revoked app password: %v", err)
	// A token the PDS did not sign (a session from another server) is no
	// better.
	c.Session.AccessJWT = "x" + c.Session.AccessJWT[1:]
	_, err = c.Post(context.Background(), networks.Post{Text: "never goes"})
	if !errors.Is(err, networks.ErrReconnect) {
		t.Fatalf("post with a token the PDS did not sign: %v", err)
	}
	noSecret(t, "bad token", err, refresh, c.Session.AccessJWT)
	t.Logf("bad token: %v", err)
	if recs := p.Records(t, a.DID, "app.bsky.feed.post"); len(recs) != 0 {
		t.Fatalf("%d posts", len(recs))
	}
	// The revoked app password no longer signs in, and neither does a
	// wrong one; the error says what to do and never repeats the password.
	for _, pw := range []string{a.AppPassword, "abcd-efgh-ijkl-mnop"} {
		_, err := Login(context.Background(), p.Client(), p.URL, a.Handle, pw)
		if err == nil || !strings.Contains(err.Error(), "app password is wrong") {
			t.Fatalf("sign in with a revoked or wrong app password: %v", err)
		}
		noSecret(t, "wrong password", err, pw)
		t.Logf("wrong password: %v", err)
	}
}

// TestPDSRateLimitedSignIn signs in, 35 times at once, to a handle that
// is not there: the PDS's own limit (30 tries in 5 minutes per handle,
// whatever the outcome) lets 30 through, each said to be a wrong password,
// and answers the other 5 with 429, which the client turns into "the
// network is limiting", until the reset the server gave. (At once, because
// the PDS takes at least 350 ms to refuse a password; a handle that exists
// is limited the same way.)
func TestPDSRateLimitedSignIn(t *testing.T) {
	p := pdstest.Shared(t)
	handle := fmt.Sprintf("nobody%d.test", time.Now().UnixNano()%1e12)
	const password, tries = "abcd-efgh-ijkl-mnop", 35
	plain := &http.Client{Timeout: 30 * time.Second} // not exempt from the limits
	errs := make([]error, tries)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = Login(context.Background(), plain, p.URL, handle, password)
		}()
	}
	wg.Wait()
	wrong, limited := 0, 0
	var said error
	for _, err := range errs {
		var rl *networks.RateLimited
		switch {
		case err != nil && strings.Contains(err.Error(), "app password is wrong"):
			wrong++
		case errors.As(err, &rl) && rl.Network == "Bluesky" && !rl.Reset.Before(time.Now().Add(-time.Second)) && rl.Reset.Before(time.Now().Add(6*time.Minute)):
			limited++
			said = err
		default:
			t.Errorf("sign-in: %v", err)
		}
		noSecret(t, "rate limited", err, password)
	}
	t.Logf("limited: %v", said)
	if wrong != 30 || limited != tries-30 {
		t.Fatalf("%d wrong passwords and %d limited, want 30 and %d", wrong, limited, tries-30)
	}
}

// TestPDSTooLongIsRefusedAsTooLong posts 301 graphemes: the PDS's lexicon
// validation refuses it, and the client says it is too long.
func TestPDSTooLongIsRefusedAsTooLong(t *testing.T) {
	p := pdstest.Shared(t)
	a, c := signIn(t, p)
	for _, tc := range []struct {
		text  string
		count int // as the PDS counts graphemes, when it says
	}{
		{strings.Repeat("é", 301), 301},
		// Over 3000 bytes too: it says the bytes instead.
		{strings.Repeat("a", 3001), 0},
		{strings.Repeat("👩🏽‍🔬", 301), 0},
	} {
		_, err := c.Post(context.Background(), networks.Post{Text: tc.text})
		var tl *networks.TooLong
		if !errors.As(err, &tl) || tl.Limit != Limit || tl.Count != tc.count {
			t.Fatalf("%d bytes: %v", len(tc.text), err)
		}
	}
	// 300 graphemes of several code points each fit.
	if _, err := c.Post(context.Background(), networks.Post{Text: strings.Repeat("e\u0301", 300)}); err != nil {
		t.Fatalf("300 graphemes: %v", err)
	}
	if recs := p.Records(t, a.DID, "app.bsky.feed.post"); len(recs) != 1 {
		t.Fatalf("%d posts, want 1", len(recs))
	}
}

// posters gives the share worker the real client for the PDS account.
type posters struct{ c *Client }

func (p posters) PosterFor(context.Context, share.Share) (share.Poster, error) { return p.c, nil }

var passing = policy.Result{Verdict: policy.Pass}

func outbox(t *testing.T, dir string) *share.Outbox {
	t.Helper()
	st, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &share.Outbox{DB: st.DB()}
}

// TestPDSUnclearAnswerIsConfirmedNotPostedTwice sends a share through a
// proxy that lets createRecord reach the PDS and then cuts the answer off:
// the worker, not knowing whether it went, looks at the account's posts
// with listRecords, finds it and records it posted, with the real record's
// address. Another round posts nothing: one post on the PDS.
func TestPDSUnclearAnswerIsConfirmedNotPostedTwice(t *testing.T) {
	p := pdstest.Shared(t)
	a, c := signIn(t, p)
	target, _ := url.Parse(p.URL)
	forward := httputil.NewSingleHostReverseProxy(target)
	forward.Transport = p.Client().Transport
	var cut sync.Map
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/xrpc/com.atproto.repo.createRecord" {
			forward.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		forward.ServeHTTP(rec, r) // the PDS carries it out…
		cut.Store(rec.Code, true)
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		conn.Close() // …and the answer never arrives
	}))
	t.Cleanup(proxy.Close)
	c.Service, c.HTTP = proxy.URL, proxy.Client()

	o := outbox(t, t.TempDir())
	s, err := o.Enqueue(context.Background(), share.Share{Network: network.Bluesky, AccountID: 2, Text: "Unclear answer " + a.Handle}, passing, "employee", "")
	if err != nil {
		t.Fatal(err)
	}
	w := &share.Worker{Outbox: o, Posters: posters{c}}
	if n, err := w.RunOnce(context.Background()); err != nil || n != 1 {
		t.Fatalf("run: %d %v", n, err)
	}
	if _, ok := cut.Load(http.StatusOK); !ok {
		t.Fatal("the PDS did not take the post behind the cut answer")
	}
	got, err := o.Get(context.Background(), s.ID)
	if err != nil {
		t.Fatal(err)
	}
	recs, values := posts(t, p, a.DID)
	if len(recs) != 1 || values[0].Text != s.Text {
		t.Fatalf("%d posts on the PDS, want 1 with the share's text", len(recs))
	}
	if got.State != share.Posted || got.Why != share.WhyConfirmed || got.ResultID != recs[0].URI {
		t.Fatalf("share %s (%s): %q, result %q; the PDS has %s", got.State, got.Why, got.Error, got.ResultID, recs[0].URI)
	}
	if n, err := w.RunOnce(context.Background()); err != nil || n != 0 {
		t.Fatalf("second round sent %d (%v)", n, err)
	}
	if recs := p.Records(t, a.DID, "app.bsky.feed.post"); len(recs) != 1 {
		t.Fatalf("%d posts after another round, want 1", len(recs))
	}
}

// crashChild queues a share and sends it with the real client, killing
// itself with SIGKILL at the step named in ADVOCATE_CRASH_AT: Advocate
// dying with a post on its way.
func crashChild() int {
	ctx := context.Background()
	st, err := store.Open(ctx, os.Getenv("ADVOCATE_DIR"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	var sess Session
	if err := json.Unmarshal([]byte(os.Getenv("ADVOCATE_SESSION")), &sess); err != nil {
		fmt.Fprintln(os.Stderr, "no session:", err)
		return 1
	}
	crashAt := os.Getenv("ADVOCATE_CRASH_AT")
	o := &share.Outbox{DB: st.DB()}
	if _, err := o.Enqueue(ctx, share.Share{Network: network.Bluesky, AccountID: 2, Text: os.Getenv("ADVOCATE_TEXT")}, passing, "employee", ""); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	c := &Client{Service: os.Getenv("ADVOCATE_SERVER"), HTTP: &http.Client{Timeout: 30 * time.Second}, Session: sess}
	w := &share.Worker{Outbox: o, Posters: posters{c}, Step: func(step string, _ share.Share) {
		if step == crashAt {
			killSelf()
		}
	}}
	if _, err := w.RunOnce(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// TestPDSCrashWhilePostingIsSettledOnRestart kills Advocate (a child
// process) right after the PDS took the post, before the outcome was
// recorded, and right before the post went out: on restart the worker asks
// the PDS with listRecords and records the post as confirmed, or queues
// the one that never went and sends it. Either way the PDS has it once.
func TestPDSCrashWhilePostingIsSettledOnRestart(t *testing.T) {
	p := pdstest.Shared(t)
	for _, step := range []string{"posted", "claimed"} {
		t.Run(step, func(t *testing.T) {
			a, c := signIn(t, p)
			dir := t.TempDir()
			text := "Crash at " + step + " " + a.Handle
			session, _ := json.Marshal(c.Session)
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), childEnv+"=1", "ADVOCATE_DIR="+dir, "ADVOCATE_CRASH_AT="+step,
				"ADVOCATE_SERVER="+p.URL, "ADVOCATE_TEXT="+text, "ADVOCATE_SESSION="+string(session))
			out, err := cmd.CombinedOutput()
			if err == nil || !killed(cmd.ProcessState) {
				t.Fatalf("the child was not killed at %s: %v\n%s", step, err, out)
			}
			wantBefore := map[string]int{"posted": 1, "claimed": 0}[step]
			if recs := p.Records(t, a.DID, "app.bsky.feed.post"); len(recs) != wantBefore {
				t.Fatalf("%d posts on the PDS when Advocate died, want %d", len(recs), wantBefore)
			}

			o := outbox(t, dir)
			w := &share.Worker{Outbox: o, Posters: posters{c}}
			if n, err := w.Recover(context.Background()); err != nil || n != 1 {
				t.Fatalf("recover: %d %v", n, err)
			}
			if _, err := w.RunOnce(context.Background()); err != nil {
				t.Fatal(err)
			}
			if n, err := w.RunOnce(context.Background()); err != nil || n != 0 {
				t.Fatalf("a further round sent %d (%v)", n, err)
			}
			list, err := o.List(context.Background(), 10)
			if err != nil || len(list) != 1 {
				t.Fatalf("outbox: %d shares, %v", len(list), err)
			}
			recs, values := posts(t, p, a.DID)
			if len(recs) != 1 || values[0].Text != text {
				t.Fatalf("%d posts on the PDS, want 1 with the share's text", len(recs))
			}
			got := list[0]
			wantWhy := map[string]share.Why{"posted": share.WhyConfirmed, "claimed": share.WhyNone}[step]
			if got.State != share.Posted || got.Why != wantWhy || got.ResultID != recs[0].URI {
				t.Fatalf("share %s (%s): %q, result %q; the PDS has %s", got.State, got.Why, got.Error, got.ResultID, recs[0].URI)
			}
		})
	}
}

// TestPDSLinksAtTheEdgesOfWords posts the texts around links that a
// sentence gives: a scheme with no host (which the PDS refuses as a facet,
// whole post and all, so it must stay unmarked), links in angle brackets,
// curly quotes and before an ellipsis, after a no-break space, and a byte
// that is not UTF-8 before a link (sent as U+FFFD, so the offsets must be
// counted on that). The PDS takes each, and the links are marked exactly.
func TestPDSLinksAtTheEdgesOfWords(t *testing.T) {
	p := pdstest.Shared(t)
	a, c := signIn(t, p)
	ctx := context.Background()
	refused := map[string]any{"repo": a.DID, "collection": "app.bsky.feed.post", "record": map[string]any{
		"$type": "app.bsky.feed.post", "text": "https://", "createdAt": time.Now().UTC().Format(time.RFC3339),
		"facets": []any{map[string]any{"index": map[string]int{"byteStart": 0, "byteEnd": 8},
			"features": []any{map[string]any{"$type": "app.bsky.richtext.facet#link", "uri": "https://"}}}}}}
	err := call(ctx, c.HTTP, p.URL+"/xrpc/com.atproto.repo.createRecord", c.Session.AccessJWT, refused, nil, c.Session.RefreshJWT)
	var se *networks.StatusError
	if !errors.As(err, &se) || se.Status != http.StatusBadRequest {
		t.Fatalf("the PDS took a facet for https:// alone: %v", err)
	}
	t.Logf("a facet for https:// alone: %v", err)

	cases := []struct {
		text  string
		links []string
	}{
		{"Links start with https:// and then a host: https://larkspur.example.", []string{"https://larkspur.example"}},
		{"See <https://larkspur.example/a> and “https://larkspur.example/b”…", []string{"https://larkspur.example/a", "https://larkspur.example/b"}},
		{"Atlas\u00a0https://larkspur.example/c\u00a0ships, and (https://larkspur.example/d)。", []string{"https://larkspur.example/c", "https://larkspur.example/d"}},
		{"Caf\xe9 \xff\xfe https://larkspur.example/e 👋", []string{"https://larkspur.example/e"}},
	}
	for _, tc := range cases {
		if _, err := c.Post(ctx, networks.Post{Text: tc.text}); err != nil {
			t.Fatalf("post %q: %v", tc.text, err)
		}
		_, got := posts(t, p, a.DID)
		r := got[0] // the newest
		if r.Text != validUTF8(tc.text) {
			t.Fatalf("record text %q for %q", r.Text, tc.text)
		}
		if len(r.Facets) != len(tc.links) {
			t.Fatalf("%q: %d facets, want %d", tc.text, len(r.Facets), len(tc.links))
		}
		for i, f := range r.Facets {
			if r.Text[f.Index.ByteStart:f.Index.ByteEnd] != tc.links[i] || f.Features[0].URI != tc.links[i] {
				t.Errorf("%q: facet %d marks %q (%s)", tc.text, i, r.Text[f.Index.ByteStart:f.Index.ByteEnd], f.Features[0].URI)
			}
		}
		// Find settles a share by the text it was given.
		if _, ok, err := c.Find(ctx, tc.text); !ok || err != nil {
			t.Errorf("find %q: %v %v", tc.text, ok, err)
		}
	}
}
