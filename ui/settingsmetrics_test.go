package ui

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/advocate-app/advocate/internal/demotest"

	"fyne.io/fyne/v2/test"

	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/managed"
	"github.com/advocate-app/advocate/advocacy/store"
)

// loadMeasured puts in force a signed copy of the demo bundle whose
// manifest names endpoint as its metrics endpoint.
func loadMeasured(t *testing.T, c *core.Core, endpoint string) {
	t.Helper()
	dir, key := demotest.Bundle(t, func(m map[string]any) { m["measurement"] = map[string]any{"endpoint": endpoint} })
	if _, err := c.LoadBundle(context.Background(), dir, key); err != nil {
		t.Fatal(err)
	}
}

// countingEndpoint is a loopback metrics endpoint that must not be sent
// anything while Settings only shows what would be sent.
func countingEndpoint(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { n.Add(1) }))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestSettingsShowsTheWeeklyTotalsBeforeTheyAreSent(t *testing.T) {
	sh, _ := newTestShell(t)
	m := sh.settings.metrics
	if !m.agree.Disabled() || !strings.Contains(m.about.Text, "collects no weekly totals") || m.json.Visible() {
		t.Fatalf("the demo names no endpoint, yet Settings offers to send: %q", m.about.Text)
	}
	srv, sent := countingEndpoint(t)
	loadMeasured(t, sh.s.core, srv.URL+"/weekly")
	m.refresh()
	if m.agree.Disabled() || m.agree.Checked || !strings.Contains(m.agree.Text, "Larkspur Robotics") {
		t.Fatalf("agreement %q: disabled %v, checked %v", m.agree.Text, m.agree.Disabled(), m.agree.Checked)
	}
	p, err := sh.s.core.MetricsPreview(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if m.json.Text != string(p.JSON) || !strings.Contains(m.json.Text, `"install"`) || !strings.Contains(m.json.Text, `"rows"`) {
		t.Fatalf("Settings shows:\n%s\nthe core would send:\n%s", m.json.Text, p.JSON)
	}
	if !strings.Contains(m.next.Text, "16/11/2026") && !strings.Contains(m.next.Text, "16 Nov") && !strings.Contains(m.next.Text, "2026") {
		t.Errorf("next: %q", m.next.Text)
	}
	test.Tap(m.agree)
	if s := sh.s.core.MetricsStatus(); !s.Agreed || s.Source != managed.FromUser {
		t.Fatalf("after the tap: %+v", s)
	}
	old := sh.s.core.MetricsStatus().Install
	test.Tap(m.reset)
	fresh := sh.s.core.MetricsStatus().Install
	if fresh == old || !strings.Contains(m.id.Text, fresh) || !strings.Contains(m.json.Text, fresh) || strings.Contains(m.json.Text, old) {
		t.Fatalf("reset %s → %s; shows %q and\n%s", old, fresh, m.id.Text, m.json.Text)
	}
	if n := sent.Load(); n != 0 {
		t.Fatalf("Settings sent %d aggregates", n)
	}
}

func TestTheWeeklyTotalsAreLockedWhenTheOrganisationDecides(t *testing.T) {
	setUpTests()
	dir := t.TempDir()
	st, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := core.Open(context.Background(), core.Config{Store: st, DataDir: dir, Now: func() time.Time { return testNow },
		Managed: &managed.Config{Enforced: managed.Tier{managed.Metrics: false}}, Secrets: &memSecrets{m: map[string]string{}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	srv, _ := countingEndpoint(t)
	loadMeasured(t, c, srv.URL)
	a := test.NewTempApp(t)
	sh := newShell(a, a.NewWindow("Advocate"), c)
	sh.buildAll()
	m := sh.settings.metrics
	if !m.agree.Disabled() || m.agree.Checked || !m.locked.Visible() {
		t.Fatalf("enforced off: disabled %v, checked %v, note %v", m.agree.Disabled(), m.agree.Checked, m.locked.Visible())
	}
	if err := c.SetMetricsAgreed(true); err == nil {
		t.Fatal("the core took a yes the organisation forbids")
	}
}
