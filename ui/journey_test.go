package ui

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/advocate-app/advocate/advocacy/accounts"
	"github.com/advocate-app/advocate/advocacy/audit"
	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/policy"
	"github.com/advocate-app/advocate/advocacy/signing"
	"github.com/advocate-app/advocate/assets"
)

// TestJourneyPublishShareTightenSwitchTamper walks the three people's
// journeys against a local web server serving a signed bundle: compliance
// publishes v1, the employee shares approved content (practice account),
// compliance publishes v2 with a new blocking rule and the same text is now
// blocked, the user becomes an alumnus and employee content is gone, and a
// tampered v3 is refused with v2 kept.
func TestJourneyPublishShareTightenSwitchTamper(t *testing.T) {
	ctx := context.Background()
	site := t.TempDir()
	srv := httptest.NewServer(http.FileServer(http.Dir(site)))
	defer srv.Close()
	pub, sec, err := signing.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	key := string(pub.MarshalText())
	edit := func(name, old, new string) {
		p := filepath.Join(site, name)
		data, _ := os.ReadFile(p)
		if !strings.Contains(string(data), old) {
			t.Fatalf("%s has no %q", name, old)
		}
		os.WriteFile(p, []byte(strings.Replace(string(data), old, new, 1)), 0o600)
	}

	// Compliance publishes v1.
	if err := os.CopyFS(site, assets.DemoBundle()); err != nil {
		t.Fatal(err)
	}
	edit("manifest.json", `"version": "2026.11.2"`, `"version": "v1"`)
	signDir(t, site, sec)

	// The employee's app loads it.
	sh, _ := newTestShell(t)
	loadInSettings(t, sh, srv.URL+"/", key)
	if !strings.Contains(sh.header.Text, "v1") {
		t.Fatalf("v1 not in force: %q / %q", sh.header.Text, sh.settings.status.Text)
	}

	// The employee shares approved content to the practice account.
	test.Tap(findButton(sh.content.detail, "Edit and share"))
	text := sh.compose.editor.Text
	if sh.compose.result.Verdict != policy.Pass {
		t.Fatalf("v1 verdict %s", sh.compose.result.Verdict)
	}
	if err := queue(t, sh.compose, core.Destination{Kind: core.ToPractice}, "", noTime); err != nil {
		t.Fatal(err)
	}
	sh.s.core.Parts().Worker.RunOnce(ctx)
	if posts, _ := accounts.PracticePosts(ctx, sh.s.core.Parts().Store.DB(), 5); len(posts) != 1 || !strings.Contains(posts[0].Text, "Atlas 3 is out") {
		t.Fatalf("practice posts %+v", posts)
	}

	// Compliance publishes v2 with a new blocking rule; the app refreshes.
	edit("manifest.json", `"version": "v1"`, `"version": "v2"`)
	edit("policy.yaml", "  - id: protected-speech", `  - id: no-cage-claims
    title: Safety claims need legal review
    why: Claims about working without safety cages need the safety team's wording.
    source: Product safety communications policy
    severity: block
    never_lowered: true # a product claim, though "safety" is a protected topic
    terms: [no safety cages]
    examples:
      flag: ["Atlas 3 works with no safety cages"]
      pass: ["Atlas 3 is certified for collaborative work"]

  - id: protected-speech`)
	signDir(t, site, sec)
	loadInSettings(t, sh, srv.URL+"/", key)
	if !strings.Contains(sh.header.Text, "v2") {
		t.Fatalf("v2 not in force: %q", sh.settings.status.Text)
	}
	sh.compose.load(draft{network: "x", text: text})
	if sh.compose.result.Verdict != policy.Blocked || !sh.compose.shareBtn.Disabled() {
		t.Fatalf("the same text under v2: %s", sh.compose.result.Verdict)
	}

	// The user leaves and becomes an alumnus: employee content goes.
	switchRole(t, sh, "Alumni")
	for _, it := range sh.s.state().Bundle.Content {
		if !it.For("alumni") {
			t.Fatalf("%s is still on this computer", it.ID)
		}
	}
	if len(sh.content.items) == 0 || sh.content.items[0].ID == "atlas-3-launch" {
		t.Fatalf("alumni content not shown: %d items", len(sh.content.items))
	}
	_, files, _ := sh.s.core.Parts().Store.CachedBundle(ctx)
	for name, data := range files {
		if strings.Contains(string(data), "Proud of what the team built") {
			t.Fatalf("the kept copy still holds employee content in %s", name)
		}
	}

	// A tampered v3 is refused; v2 stays in force.
	edit("manifest.json", `"version": "v2"`, `"version": "v3"`)
	loadInSettings(t, sh, srv.URL+"/", key)
	if !strings.Contains(sh.header.Text, "v2") || !strings.Contains(sh.settings.status.Text, "does not match its signature") {
		t.Fatalf("after the tampered v3: header %q, status %q", sh.header.Text, sh.settings.status.Text)
	}

	// Everything above is on a trail that holds.
	if n, err := audit.Verify(ctx, sh.s.core.Parts().Store.DB()); err != nil || n < 6 {
		t.Fatalf("audit: %d records, %v", n, err)
	}
}

func TestABundleForAlumniOnlySetsTheRole(t *testing.T) {
	sh, _ := newTestShell(t)
	dir, key := publish(t, func(dir string) {
		p := filepath.Join(dir, "manifest.json")
		data, _ := os.ReadFile(p)
		m := strings.Replace(string(data), `"audiences": ["employee", "alumni"]`, `"audiences": ["alumni"]`, 1)
		m = strings.Replace(m, `"employee": ["content/employee.json"],`, "", 1)
		os.WriteFile(p, []byte(m), 0o600)
		// The demo's alumni feed carries the items for both audiences too.
		p = filepath.Join(dir, "content", "alumni.json")
		data, _ = os.ReadFile(p)
		os.WriteFile(p, []byte(strings.ReplaceAll(string(data), `"audience": ["employee", "alumni"]`, `"audience": ["alumni"]`)), 0o600)
	})
	done := make(chan struct{}, 2)
	sh.settings.finished = func() { done <- struct{}{} }
	sh.settings.ref.SetText(dir)
	sh.settings.key.SetText(key)
	test.Tap(sh.settings.load)
	<-done // the alumni bundle loads, sets the role, and the core loads it again for it
	if sh.s.state().Role != "alumni" || !strings.Contains(sh.header.Text, "Alumni") {
		t.Fatalf("role %s, header %q, status %q", sh.s.state().Role, sh.header.Text, sh.settings.status.Text)
	}
}
