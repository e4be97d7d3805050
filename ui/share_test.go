package ui

import (
	"context"
	"net/url"
	"strings"
	"testing"

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
