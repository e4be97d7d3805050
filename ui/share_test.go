package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/advocate-app/advocate/advocacy/accounts"
	"github.com/advocate-app/advocate/advocacy/audit"
	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/policy"
	"github.com/advocate-app/advocate/advocacy/share"
)

func TestShareToPracticeAndBrowser(t *testing.T) {
	sh, _ := newTestShell(t)
	c := sh.compose
	var opened []string
	sh.s.openURL = func(u *url.URL) error { opened = append(opened, u.String()); return nil }

	c.load(draft{network: "x", text: "Atlas 3 ships today!", locked: []string{"I work at Larkspur."}})
	if c.result.Verdict != policy.Pass || c.shareBtn.Disabled() {
		t.Fatalf("verdict %s, share disabled %v", c.result.Verdict, c.shareBtn.Disabled())
	}
	if err := queue(t, c, core.Destination{Kind: core.ToPractice}, "", time.Time{}); err != nil {
		t.Fatal(err)
	}
	if sent, err := sh.s.core.Parts().Worker.RunOnce(context.Background()); err != nil || sent != 1 {
		t.Fatalf("worker: %d %v", sent, err)
	}
	posts, _ := accounts.PracticePosts(context.Background(), sh.s.core.Parts().Store.DB(), 5)
	if len(posts) != 1 || !strings.HasSuffix(posts[0].Text, "I work at Larkspur.") || posts[0].Network != network.X {
		t.Fatalf("practice posts %+v", posts)
	}
	c.choose("mastodon")
	if err := c.deliver("mastodon", core.Destination{Kind: core.ToBrowser}, "", "", time.Time{}); err == nil || !strings.Contains(err.Error(), "server") {
		t.Fatalf("mastodon without a server: %v", err)
	}
	if err := c.deliver("mastodon", core.Destination{Kind: core.ToBrowser}, "", "social.example", time.Time{}); err != nil {
		t.Fatal(err)
	}
	if len(opened) != 1 || !strings.HasPrefix(opened[0], "https://social.example/share?text=Atlas+3") {
		t.Fatalf("opened %v", opened)
	}
	sh.tabs.SelectIndex(4)
	lines := journalLines(sh.activity.entries)
	if len(lines) < 3 || !strings.HasPrefix(lines[0], "Chose to share on Mastodon in the browser: Atlas 3") ||
		!strings.HasPrefix(lines[1], "Share 1 posted on X") || !strings.HasPrefix(lines[2], "Queued for the practice account on X (now): Atlas 3") {
		t.Fatalf("activity %q", lines)
	}
}

func TestWarningsNeedAReasonAndBlocksNeverGo(t *testing.T) {
	sh, _ := newTestShell(t)
	c := sh.compose
	sh.s.openURL = func(*url.URL) error { return nil }
	c.load(draft{network: "linkedin", text: "Atlas 3 is the best in the world"})
	if c.result.Verdict != policy.WarnOnly {
		t.Fatalf("verdict %s", c.result.Verdict)
	}
	if err := queue(t, c, core.Destination{Kind: core.ToPractice}, "Approved by marketing for the launch", time.Time{}); err != nil {
		t.Fatal(err)
	}
	sh.s.core.Parts().Worker.RunOnce(context.Background())
	sh.tabs.SelectIndex(4)
	found := false
	for _, line := range journalLines(sh.activity.entries) {
		if strings.HasPrefix(line, "Shared on LinkedIn despite warnings (") && strings.Contains(line, "superlatives") &&
			strings.Contains(line, "Reason: Approved by marketing") {
			found = true
		}
	}
	if !found {
		t.Fatalf("no override record in %+v", sh.activity.entries)
	}
	c.editor.SetText("My card is 4111 1111 1111 1111")
	if c.result.Verdict != policy.Blocked || !c.shareBtn.Disabled() {
		t.Fatal("a blocked draft can be shared")
	}
	if err := c.deliver(c.chosen[0], core.Destination{Kind: core.ToPractice}, "", "", time.Time{}); err == nil {
		t.Fatal("a blocked draft was delivered")
	}
	posts, _ := accounts.PracticePosts(context.Background(), sh.s.core.Parts().Store.DB(), 5)
	if len(posts) != 1 {
		t.Fatalf("%d practice posts", len(posts))
	}
}

func TestPostThroughAConnectedAccount(t *testing.T) {
	sh, _ := newTestShell(t)
	c := sh.compose
	var posted []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Header.Get("Authorization") != "Bearer A1" {
			w.WriteHeader(400)
			fmt.Fprint(w, `{"error":"InvalidToken","message":"Bad token"}`)
			return
		}
		var in struct{ Record struct{ Text string } }
		json.NewDecoder(r.Body).Decode(&in)
		posted = append(posted, in.Record.Text)
		fmt.Fprint(w, `{"uri":"at://did:plc:ada/app.bsky.feed.post/3k1","cid":"c"}`)
	}))
	defer srv.Close()
	acc := connectBluesky(t, sh, srv)
	c.load(draft{network: "bluesky", text: "Atlas 3 ships. I work at Larkspur."})
	deliver := func() share.Share {
		if err := queue(t, c, core.Destination{Kind: core.ToAccount, AccountID: acc.ID}, "", time.Time{}); err != nil {
			t.Fatal(err)
		}
		if _, err := sh.s.core.Parts().Worker.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
		list, _ := sh.s.core.Parts().Outbox.List(context.Background(), 1)
		return list[0]
	}
	if s := deliver(); s.State != share.Posted || s.ResultURL != "https://bsky.app/profile/ada.test/post/3k1" || len(posted) != 1 {
		t.Fatalf("share %+v, posted %v", s, posted)
	}
	sh.s.core.Parts().Config.Secrets.Set(context.Background(), "bluesky", "ada.test", `{"did":"did:plc:ada","handle":"ada.test","accessJwt":"old","refreshJwt":"old"}`)
	c.editor.SetText("Atlas 3 ships in Lyon too. I work at Larkspur.") // not a repeat of the first
	stale := deliver()
	if stale.State != share.Reconnect || !strings.Contains(stale.Error, "connect the account again") {
		t.Fatalf("stale token: %+v", stale)
	}
	// Accounts says so, with a button to connect again.
	sh.accounts.refresh()
	if findButton(sh.accounts.cards["bluesky"], "Reconnect") == nil {
		t.Fatal("Accounts offers no way to reconnect an account with a share waiting")
	}
	// Connecting again sends what waited.
	sh.s.core.Parts().Config.Secrets.Set(context.Background(), "bluesky", "ada.test", `{"did":"did:plc:ada","handle":"ada.test","accessJwt":"A1","refreshJwt":"R1"}`)
	if n, err := sh.s.core.Parts().Outbox.Resume(context.Background(), acc.ID); err != nil || n != 1 {
		t.Fatalf("resume: %d %v", n, err)
	}
	sh.s.core.Parts().Worker.RunOnce(context.Background())
	if s, _ := sh.s.core.Parts().Outbox.Get(context.Background(), stale.ID); s.State != share.Posted || len(posted) != 2 {
		t.Fatalf("after reconnecting: %+v, %d posts", s, len(posted))
	}
	sh.accounts.refresh()
	if findButton(sh.accounts.cards["bluesky"], "Reconnect") != nil {
		t.Fatal("Reconnect still offered with nothing waiting")
	}
	// The whole journey is on a trail that holds.
	if n, err := audit.Verify(context.Background(), sh.s.core.Parts().Store.DB()); err != nil || n < 8 {
		t.Fatalf("audit: %d %v", n, err)
	}
}

func TestScheduleAndWithdraw(t *testing.T) {
	sh, _ := newTestShell(t)
	c := sh.compose
	if _, err := parseWhen("2020-01-01 09:00", testNow); err == nil {
		t.Fatal("a past time was accepted")
	}
	if _, err := parseWhen("tomorrow-ish", testNow); err == nil {
		t.Fatal("nonsense was accepted")
	}
	at, err := parseWhen("2026-12-01 09:00", testNow)
	if err != nil {
		t.Fatal(err)
	}
	c.load(draft{network: "mastodon", text: "Webinar on 1 December. I work at Larkspur."})
	if err := queue(t, c, core.Destination{Kind: core.ToPractice}, "", at); err != nil {
		t.Fatal(err)
	}
	if sent, _ := sh.s.core.Parts().Worker.RunOnce(context.Background()); sent != 0 {
		t.Fatal("a scheduled share went early")
	}
	sh.tabs.SelectIndex(4)
	a := sh.activity
	if len(a.shares) != 1 || !strings.Contains(shareTitle(a.shares[0]), "Queued · Mastodon") || !strings.Contains(shareTitle(a.shares[0]), "due 1 Dec 2026 09:00") {
		t.Fatalf("outbox %+v", a.shares)
	}
	a.outbox.Select(0)
	if a.withdraw.Disabled() {
		t.Fatal("a queued share cannot be withdrawn")
	}
	if err := sh.s.core.Parts().Outbox.Cancel(context.Background(), a.shares[0].ID); err != nil {
		t.Fatal(err)
	}
	a.refresh()
	if a.shares[0].State != share.Cancelled {
		t.Fatalf("state %s", a.shares[0].State)
	}
}

// queue delivers the draft to the outbox and waits until it is written.
func queue(t *testing.T, c *composeScreen, dest core.Destination, reason string, at time.Time) error {
	t.Helper()
	done := make(chan error, 1)
	c.queued = func(err error) { done <- err }
	defer func() { c.queued = nil }()
	if err := c.deliver(c.chosen[0], dest, reason, "", at); err != nil {
		return err
	}
	select {
	case err := <-done:
		return err
	case <-time.After(20 * time.Second):
		t.Fatal("the share was not queued")
		return nil
	}
}

// noTime is "now" for the share dialog's time.
var noTime time.Time

func TestAShareTheNetworkRefusedCanBeTriedAgain(t *testing.T) {
	sh, _ := newTestShell(t)
	var refuse atomic.Bool
	refuse.Store(true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if refuse.Load() {
			w.WriteHeader(400)
			fmt.Fprint(w, `{"error":"InvalidRequest","message":"Record/text must not be longer than 300 graphemes"}`)
			return
		}
		fmt.Fprint(w, `{"uri":"at://did:plc:ada/app.bsky.feed.post/3k2","cid":"c"}`)
	}))
	defer srv.Close()
	acc := connectBluesky(t, sh, srv)
	sh.compose.load(draft{network: "bluesky", text: "Atlas 3 ships. I work at Larkspur."})
	if err := queue(t, sh.compose, core.Destination{Kind: core.ToAccount, AccountID: acc.ID}, "", time.Time{}); err != nil {
		t.Fatal(err)
	}
	sh.s.core.Parts().Worker.RunOnce(context.Background())
	sh.tabs.SelectIndex(4)
	a := sh.activity
	a.refresh()
	if a.shares[0].State != share.Failed || !a.retry.Disabled() {
		t.Fatalf("refused share: %s, retry enabled before choosing it: %v", a.shares[0].State, !a.retry.Disabled())
	}
	a.outbox.Select(0)
	if a.retry.Disabled() || !a.withdraw.Disabled() {
		t.Fatal("a refused share offers no retry, or offers to withdraw")
	}
	refuse.Store(false)
	test.Tap(a.retry)
	if s, _ := sh.s.core.Parts().Outbox.Get(context.Background(), a.shares[0].ID); s.State != share.Queued {
		t.Fatalf("after Try again: %s", s.State)
	}
	sh.s.core.Parts().Worker.RunOnce(context.Background())
	a.refresh()
	if lines := journalLines(a.entries); a.shares[0].State != share.Posted || len(lines) < 2 ||
		lines[0] != fmt.Sprintf("Share %d posted on %s", a.shares[0].ID, a.shares[0].Network.Title()) ||
		lines[1] != fmt.Sprintf("Tried share %d again", a.shares[0].ID) {
		t.Fatalf("after the retry: %s; activity %q", a.shares[0].State, lines)
	}
}

func TestShareOnSeveralNetworksAtOnce(t *testing.T) {
	sh, w := newTestShell(t)
	c := sh.compose
	var opened []string
	sh.s.openURL = func(u *url.URL) error { opened = append(opened, u.String()); return nil }
	c.load(draft{network: "x", text: "Atlas 3 ships today! https://larkspur.example/atlas-3 I work at Larkspur."})
	c.choose("x", "linkedin")
	sh.tabs.SelectIndex(2)
	done := make(chan error, 1)
	c.queued = func(err error) { done <- err }
	test.Tap(c.shareBtn)
	form := w.Canvas().Overlays().Top()
	if form == nil {
		t.Fatal("Share opened no dialog")
	}
	// The dialog asks where the post goes on each network: X to the
	// practice account, LinkedIn through the browser.
	radios := radioGroups(form)
	if len(radios) != 2 {
		t.Fatalf("%d choices of destination, want one per network", len(radios))
	}
	radios[0].SetSelected("Practice account (recorded in Advocate only)")
	radios[1].SetSelected("Open LinkedIn in my browser to post it there")
	test.Tap(findButton(form, "Share"))
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the X share was not queued")
	}
	if errs := w.Canvas().Overlays().List(); len(errs) > 0 {
		t.Fatalf("shown after sharing: %v", visibleTexts(errs[0]))
	}
	sh.s.core.Parts().Worker.RunOnce(context.Background())
	posts, _ := accounts.PracticePosts(context.Background(), sh.s.core.Parts().Store.DB(), 5)
	want := "https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Flarkspur.example%2Fatlas-3"
	if len(posts) != 1 || posts[0].Network != network.X || len(opened) != 1 || opened[0] != want {
		t.Fatalf("practice posts %+v, opened %v", posts, opened)
	}
	if got := sh.s.app.Clipboard().Content(); got != c.editor.Text || !strings.Contains(c.status.Text, "clipboard") {
		t.Fatalf("clipboard %q, status %q", got, c.status.Text)
	}
	if firstLink("see www.larkspur.example/jobs, now") != "https://www.larkspur.example/jobs" || firstLink("no link") != "" {
		t.Fatal("firstLink")
	}
}

// radioGroups lists the radio groups in o, in order.
func radioGroups(o fyne.CanvasObject) []*widget.RadioGroup {
	var out []*widget.RadioGroup
	for _, obj := range objectsUnder(o, false) {
		if r, ok := obj.(*widget.RadioGroup); ok {
			out = append(out, r)
		}
	}
	return out
}

// connectBluesky connects the Bluesky account ada.test on srv, with the
// access token A1.
func connectBluesky(t *testing.T, sh *shell, srv *httptest.Server) accounts.Account {
	t.Helper()
	sh.s.core.Parts().Config.HTTP = srv.Client()
	acc, err := sh.s.core.Parts().Accounts.Connect(context.Background(), accounts.Account{Network: "bluesky", Account: "ada.test", Instance: srv.URL},
		`{"did":"did:plc:ada","handle":"ada.test","accessJwt":"A1","refreshJwt":"R1"}`)
	if err != nil {
		t.Fatal(err)
	}
	return acc
}

func TestTryingAnUnconfirmedShareAgainAsksFirst(t *testing.T) {
	sh, w := newTestShell(t)
	sh.compose.load(draft{network: "x", text: "Atlas 3 ships today! I work at Larkspur."})
	if err := queue(t, sh.compose, core.Destination{Kind: core.ToPractice}, "", time.Time{}); err != nil {
		t.Fatal(err)
	}
	// The outcome was lost, as after a timeout on a network without
	// idempotency keys.
	if _, err := sh.s.core.Parts().Store.DB().Exec("UPDATE shares SET state = ?", share.Unconfirmed); err != nil {
		t.Fatal(err)
	}
	sh.tabs.SelectIndex(4)
	a := sh.activity
	a.refresh()
	a.outbox.Select(0)
	test.Tap(a.retry)
	ask := w.Canvas().Overlays().Top()
	if ask == nil || !strings.Contains(strings.Join(visibleTexts(ask), " "), "look at your profile there first") {
		t.Fatal("no warning before posting an unconfirmed share again")
	}
	if s, _ := sh.s.core.Parts().Outbox.Get(context.Background(), a.shares[0].ID); s.State != share.Unconfirmed {
		t.Fatalf("queued before the user answered: %s", s.State)
	}
	test.Tap(findButton(ask, "Yes"))
	if s, _ := sh.s.core.Parts().Outbox.Get(context.Background(), a.shares[0].ID); s.State != share.Queued {
		t.Fatalf("after Yes: %s", s.State)
	}
}

// journalLines words the journal's entries as the Activity screen does.
func journalLines(entries []core.Entry) []string {
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = journalLine(e)
	}
	return out
}

func TestWithoutABrowserTheShareAddressIsOffered(t *testing.T) {
	sh, w := newTestShell(t)
	c := sh.compose
	sh.s.openURL = func(*url.URL) error { return &exec.Error{Name: "xdg-open", Err: exec.ErrNotFound} }
	c.load(draft{network: "bluesky", text: "Atlas 3 ships today! https://larkspur.example/atlas-3\nI work at Larkspur."})
	if err := c.deliver(network.Bluesky, core.Destination{Kind: core.ToBrowser}, "", "", time.Time{}); err != nil {
		t.Fatal(err)
	}
	clip := sh.s.app.Clipboard().Content()
	if !strings.HasPrefix(clip, "https://bsky.app/intent/compose?text=Atlas+3") {
		t.Fatalf("clipboard %q", clip)
	}
	texts := visibleTexts(w.Canvas().Overlays().Top())
	if !slices.Contains(texts, "Copy the text") || strings.Contains(strings.Join(texts, " "), "xdg-open") {
		t.Fatalf("dialog shows %q", texts)
	}
	if got := userError(&noBrowserError{Address: "https://x.com/", Err: exec.ErrNotFound}); strings.Contains(got, "xdg-open") || !strings.Contains(got, "clipboard") {
		t.Fatalf("sign-in wording %q", got)
	}
}

func TestTheSameShareTwiceAsksFirst(t *testing.T) {
	sh, w := newTestShell(t)
	c := sh.compose
	c.load(draft{network: "bluesky", text: "Atlas 3 ships today!\nI work at Larkspur."})
	if err := queue(t, c, core.Destination{Kind: core.ToPractice}, "", time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := c.deliver(network.Bluesky, core.Destination{Kind: core.ToPractice}, "", "", time.Time{}); err != nil {
		t.Fatal(err)
	}
	top := w.Canvas().Overlays().Top()
	if texts := strings.Join(visibleTexts(top), " "); !strings.Contains(texts, "Share it again?") {
		t.Fatalf("no question before a repeat: %q", texts)
	}
	list, _ := sh.s.core.Shares(context.Background(), 10)
	if len(list) != 1 {
		t.Fatalf("%d shares before the answer", len(list))
	}
	done := make(chan error, 1)
	c.queued = func(err error) { done <- err }
	test.Tap(findButton(top, "Yes"))
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if list, _ = sh.s.core.Shares(context.Background(), 10); len(list) != 2 {
		t.Fatalf("%d shares after saying yes", len(list))
	}
}
