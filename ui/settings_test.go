package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"image/color"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/advocate-app/advocate/advocacy/audit"
	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/share"
	"github.com/advocate-app/advocate/advocacy/signing"
	"github.com/advocate-app/advocate/feeds"
)

func TestAppearanceIsAppliedAndRemembered(t *testing.T) {
	sh, w := newTestShell(t)
	bg := func() color.Color {
		return sh.s.app.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantDark)
	}
	sh.s.applyAppearance(appearanceLight)
	light := bg()
	sh.s.applyAppearance(appearanceDark)
	if dark := bg(); dark == light {
		t.Fatalf("light and dark backgrounds are both %v", dark)
	}
	sh.s.applyAppearance(appearanceLight)
	if saved := sh.s.core.Setting("appearance", ""); saved != appearanceLight {
		t.Fatalf("saved appearance %q", saved)
	}
	sh.s.app.Settings().SetTheme(theme.DefaultTheme())
	newShell(sh.s.app, w, sh.s.core)
	if got := bg(); got != light {
		t.Fatalf("a new window has background %v, want the saved light %v", got, light)
	}
}

func TestAuditExportAsCSVAndJSONLines(t *testing.T) {
	sh, _ := newTestShell(t)
	c := sh.compose
	c.load(draft{network: "x", text: "Atlas 3 ships today!", locked: []string{"I work at Larkspur."}})
	if err := queue(t, c, core.Destination{Kind: core.ToPractice}, "", time.Time{}); err != nil {
		t.Fatal(err)
	}
	var csvOut, jsonOut bytes.Buffer
	n, err := sh.s.core.ExportAudit(context.Background(), &csvOut, true)
	if err != nil || n < 2 {
		t.Fatalf("csv export: %d records, %v", n, err)
	}
	lines := strings.Split(strings.TrimSpace(csvOut.String()), "\n")
	if lines[0] != "seq,at,kind,data,prev,hash" || len(lines) != n+1 {
		t.Fatalf("csv export has %d lines for %d records, header %q", len(lines), n, lines[0])
	}
	m, err := sh.s.core.ExportAudit(context.Background(), &jsonOut, false)
	if err != nil || m != n {
		t.Fatalf("jsonl export: %d records (csv had %d), %v", m, n, err)
	}
	var kinds []string
	for _, line := range strings.Split(strings.TrimSpace(jsonOut.String()), "\n") {
		var r audit.Record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("jsonl line %q: %v", line, err)
		}
		kinds = append(kinds, r.Kind)
	}
	if !strings.Contains(strings.Join(kinds, " "), "share.queued") {
		t.Fatalf("kinds %v lack the queued share", kinds)
	}
}

func TestRefreshIntervalIsRemembered(t *testing.T) {
	sh, w := newTestShell(t)
	if got := sh.s.refreshLabel(); got != "Every hour" {
		t.Fatalf("default %q", got)
	}
	sh.s.setRefreshEvery("Only when I press Refresh")
	if sh.s.core.RefreshEvery() != feeds.Manual {
		t.Fatalf("refresher every %v", sh.s.core.RefreshEvery())
	}
	again := newShell(sh.s.app, w, sh.s.core)
	if got := again.s.refreshLabel(); got != "Only when I press Refresh" {
		t.Fatalf("after a restart %q", got)
	}
	again.s.setRefreshEvery("Every 15 minutes")
	if again.s.core.RefreshEvery() != 15*time.Minute {
		t.Fatalf("refresher every %v", again.s.core.RefreshEvery())
	}
}

func TestWindowSizeIsKeptBetweenRuns(t *testing.T) {
	sh, w := newTestShell(t)
	w.Resize(fyne.NewSize(1000, 700))
	sh.stopped()
	w.Resize(fyne.NewSize(300, 200))
	newShell(sh.s.app, w, sh.s.core)
	if got := w.Canvas().Size(); got != fyne.NewSize(1000, 700) {
		t.Fatalf("restored size %v", got)
	}
	sh.s.core.SetSetting(settingWindowSize, "10x10")
	newShell(sh.s.app, w, sh.s.core)
	if got := w.Canvas().Size(); got != defaultWindowSize {
		t.Fatalf("a tiny saved size gave %v", got)
	}
}

func TestANewPublisherKeyIsAcceptedOnlyWhenTheUserSaysSo(t *testing.T) {
	sh, w := newTestShell(t)
	dir, key := publish(t, func(string) {})
	loadInSettings(t, sh, dir, key)
	pub, sec, err := signing.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	signDir(t, dir, sec) // the same folder, now signed by another key
	newKey := string(pub.MarshalText())
	loadInSettings(t, sh, dir, newKey)
	top := w.Canvas().Overlays().Top()
	if texts := strings.Join(visibleTexts(top), " "); !strings.Contains(texts, "A new publisher key") {
		t.Fatalf("no question before a new key: %q (status %q)", texts, sh.settings.status.Text)
	}
	if sh.s.state().Key != key {
		t.Fatal("the new key is in force before the user said yes")
	}
	done := make(chan struct{}, 1)
	sh.settings.finished = func() { done <- struct{}{} }
	test.Tap(findButton(top, "Accept the new key"))
	<-done
	if sh.s.state().Key != newKey || !strings.HasPrefix(sh.settings.status.Text, "Loaded") {
		t.Fatalf("after accepting: status %q", sh.settings.status.Text)
	}
}

func TestBecomingAlumniAsksFirstAndDropsAnEmployeeDraft(t *testing.T) {
	sh, w := newTestShell(t)
	var employeeOnly bundle.Item
	for _, it := range sh.s.state().Bundle.Content {
		if !it.For(bundle.RoleAlumni) {
			employeeOnly = it
		}
	}
	if employeeOnly.ID == "" {
		t.Fatal("the demo has no item for employees only")
	}
	sh.compose.load(draft{network: "x", text: "An employee caption", contentID: employeeOnly.ID, origin: employeeOnly.Title})
	queued, err := sh.s.core.Share(context.Background(), core.ShareRequest{Network: network.Mastodon, To: core.Destination{Kind: core.ToPractice},
		Text: "Scheduled from an employee item", ContentID: employeeOnly.ID, At: sh.s.now().Add(72 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	// Declined: nothing changes, and the choice goes back.
	sh.settings.role.SetSelected(roleTitle(bundle.RoleAlumni))
	top := w.Canvas().Overlays().Top()
	if texts := strings.Join(visibleTexts(top), " "); !strings.Contains(texts, "Switch to alumni?") || !strings.Contains(texts, "meant for employees") ||
		!strings.Contains(texts, "1 share of those items waiting to go is held") {
		t.Fatalf("no question before becoming alumni, saying what is held: %q", texts)
	}
	test.Tap(findButton(top, "No"))
	if sh.s.state().Role != bundle.RoleEmployee || sh.settings.role.Selected != roleTitle(bundle.RoleEmployee) || sh.compose.editor.Text == "" {
		t.Fatalf("after declining: role %s, selected %q, draft %q", sh.s.state().Role, sh.settings.role.Selected, sh.compose.editor.Text)
	}
	switchRole(t, sh, roleTitle(bundle.RoleAlumni))
	if sh.compose.editor.Text != "" {
		t.Fatalf("an employee-only draft stayed in Compose: %q", sh.compose.editor.Text)
	}
	held, _ := sh.s.core.Parts().Outbox.Get(context.Background(), queued.ID)
	if held.Why != share.WhyNotForRole || !strings.HasPrefix(whyText(held), "Held when you became alumni") {
		t.Fatalf("the queued share of an employee item is %s (%s)", held.State, whyText(held))
	}
}
