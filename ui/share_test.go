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

	"github.com/advocate-app/advocate/advocacy/accounts"
	"github.com/advocate-app/advocate/advocacy/policy"
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
	if err := c.deliver(destPractice, "", ""); err != nil {
		t.Fatal(err)
	}
	posts, _ := accounts.PracticePosts(context.Background(), sh.s.env.Store.DB(), 5)
	if len(posts) != 1 || !strings.HasSuffix(posts[0].Text, "I work at Larkspur.") || posts[0].Network != "x" {
		t.Fatalf("practice posts %+v", posts)
	}
	c.network.SetSelected("Mastodon")
	if err := c.deliver(destBrowser, "", ""); err == nil || !strings.Contains(err.Error(), "server") {
		t.Fatalf("mastodon without a server: %v", err)
	}
	if err := c.deliver(destBrowser, "", "social.example"); err != nil {
		t.Fatal(err)
	}
	if len(opened) != 1 || !strings.HasPrefix(opened[0], "https://social.example/share?text=Atlas+3") {
		t.Fatalf("opened %v", opened)
	}
	sh.tabs.SelectIndex(4)
	if len(sh.activity.entries) < 2 || !strings.HasPrefix(sh.activity.entries[0].Summary, "Chose to share on Mastodon in the browser") ||
		!strings.HasPrefix(sh.activity.entries[1].Summary, "Practice post for X") {
		t.Fatalf("activity %+v", sh.activity.entries)
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
	if err := c.deliver(destPractice, "Approved by marketing for the launch", ""); err != nil {
		t.Fatal(err)
	}
	sh.tabs.SelectIndex(4)
	found := false
	for _, e := range sh.activity.entries {
		if strings.HasPrefix(e.Summary, "Shared despite warnings (") && strings.Contains(e.Summary, "superlatives") &&
			strings.Contains(e.Summary, "Reason: Approved by marketing") {
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
	if err := c.deliver(destPractice, "", ""); err == nil {
		t.Fatal("a blocked draft was delivered")
	}
	posts, _ := accounts.PracticePosts(context.Background(), sh.s.env.Store.DB(), 5)
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
	sh.s.env.HTTP = srv.Client()
	acc, err := sh.s.accounts.Connect(context.Background(), accounts.Account{Network: "bluesky", Account: "ada.test", Instance: srv.URL},
		`{"did":"did:plc:ada","handle":"ada.test","accessJwt":"A1","refreshJwt":"R1"}`)
	if err != nil {
		t.Fatal(err)
	}
	c.load(draft{network: "bluesky", text: "Atlas 3 ships. I work at Larkspur."})
	postAndWait := func() error {
		done := make(chan error, 1)
		c.posted = func(err error) { done <- err }
		if err := c.deliver(fmt.Sprintf("account:%d", acc.ID), "", ""); err != nil {
			return err
		}
		select {
		case err := <-done:
			return err
		case <-time.After(20 * time.Second):
			t.Fatal("the post did not finish")
			return nil
		}
	}
	if err := postAndWait(); err != nil {
		t.Fatal(err)
	}
	if len(posted) != 1 || !strings.HasPrefix(c.status.Text, "Posted: https://bsky.app/profile/ada.test/post/3k1") {
		t.Fatalf("posted %v, status %q", posted, c.status.Text)
	}
	sh.s.env.Secrets.Set(context.Background(), "bluesky", "ada.test", `{"did":"did:plc:ada","handle":"ada.test","accessJwt":"old","refreshJwt":"old"}`)
	if err := postAndWait(); err == nil || !strings.Contains(err.Error(), "connect the account again") {
		t.Fatalf("stale token: %v", err)
	}
}
