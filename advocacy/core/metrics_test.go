package core

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/advocate-app/advocate/internal/demotest"

	"github.com/advocate-app/advocate/advocacy/managed"
	"github.com/advocate-app/advocate/advocacy/metrics"
)

// metricsEndpoint is a loopback metrics endpoint that keeps what it is
// sent and answers as the test says.
type metricsEndpoint struct {
	*httptest.Server
	mu       sync.Mutex
	bodies   [][]byte
	keys     []string
	status   int
	retry    string
	received chan struct{}
}

func startMetricsEndpoint(t *testing.T) *metricsEndpoint {
	e := &metricsEndpoint{status: http.StatusAccepted, received: make(chan struct{}, 100)}
	e.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		e.mu.Lock()
		status, retry := e.status, e.retry
		if status/100 == 2 {
			e.bodies = append(e.bodies, body)
			e.keys = append(e.keys, r.Header.Get("Idempotency-Key"))
		}
		e.mu.Unlock()
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("%s with %q", r.Method, r.Header.Get("Content-Type"))
		}
		if retry != "" {
			w.Header().Set("Retry-After", retry)
		}
		w.WriteHeader(status)
		e.received <- struct{}{}
	}))
	t.Cleanup(e.Close)
	return e
}

func (e *metricsEndpoint) answer(status int, retry string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.status, e.retry = status, retry
}

func (e *metricsEndpoint) got() ([]metrics.Aggregate, [][]byte, []string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []metrics.Aggregate
	for _, b := range e.bodies {
		var a metrics.Aggregate
		if err := json.Unmarshal(b, &a); err != nil {
			panic(err)
		}
		out = append(out, a)
	}
	return out, append([][]byte{}, e.bodies...), append([]string{}, e.keys...)
}

// loadMeasuredBundle puts in force a signed copy of the demo bundle whose
// manifest names endpoint as its metrics endpoint.
func loadMeasuredBundle(t *testing.T, c *Core, endpoint string) {
	t.Helper()
	dir, key := demotest.Bundle(t, func(m map[string]any) { m["measurement"] = map[string]any{"endpoint": endpoint} })
	if _, err := c.LoadBundle(context.Background(), dir, key); err != nil {
		t.Fatal(err)
	}
	if got := c.MetricsStatus().Endpoint; got != endpoint {
		t.Fatalf("endpoint in force %q, want %q", got, endpoint)
	}
}

// measuredCore is the engagement fixture (shares posted on Sunday
// 22 November 2026 to Mastodon, Bluesky, X and the practice account, the
// Mastodon one in the "launch" campaign) with one reading of their counts
// and a bundle that names a loopback metrics endpoint.
func measuredCore(t *testing.T) (engagementFixture, *metricsEndpoint) {
	f := openEngagementCore(t)
	if _, err := f.c.st.DB().Exec("UPDATE shares SET campaign = 'launch' WHERE id = ?", f.mast); err != nil {
		t.Fatal(err)
	}
	f.n.set(f.mastID, 4)
	f.n.set(f.bskyURI, 9)
	f.clk.Set(testNow.Add(time.Hour))
	if _, err := f.c.engagementTracker().RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	e := startMetricsEndpoint(t)
	loadMeasuredBundle(t, f.c, e.URL+"/advocate")
	return f, e
}

// TestTheWeeklyAggregateIsSentOnceAWeekAndOnlyWhenAgreed: with the
// endpoint named, nothing goes until the user agrees; then the last
// complete week goes once, as Settings showed it, with no text, account
// or post in it, and the next week a week later.
func TestTheWeeklyAggregateIsSentOnceAWeekAndOnlyWhenAgreed(t *testing.T) {
	f, e := measuredCore(t)
	ctx := context.Background()
	monday := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	f.clk.Set(monday)
	for range 3 {
		if n, err := f.c.sendMetrics(ctx); n != 0 || err != nil {
			t.Fatalf("sent %d weeks (%v) without agreement", n, err)
		}
	}
	if got, _, _ := e.got(); len(got) != 0 {
		t.Fatalf("the endpoint received %d aggregates without agreement", len(got))
	}
	if err := f.c.SetMetricsAgreed(true); err != nil {
		t.Fatal(err)
	}
	preview, err := f.c.MetricsPreview(ctx)
	if err != nil || !preview.Complete || !preview.Week.Equal(time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("preview %+v, %v", preview, err)
	}
	for i := range 3 { // the loop may look many times in a week
		want := 0
		if i == 0 {
			want = 1
		}
		n, err := f.c.sendMetrics(ctx)
		if err != nil || n != want {
			t.Fatalf("look %d: sent %d weeks, %v", i, n, err)
		}
	}
	got, bodies, keys := e.got()
	if len(got) != 1 {
		t.Fatalf("%d aggregates for one week", len(got))
	}
	if string(bodies[0]) != string(preview.JSON) {
		t.Errorf("sent:\n%s\nSettings showed:\n%s", bodies[0], preview.JSON)
	}
	a := got[0]
	if a.Check() != nil || a.WeekStart != "2026-11-16" || a.Week != "2026-W47" || keys[0] != a.Key() || a.Install != f.c.MetricsStatus().Install {
		t.Fatalf("aggregate %+v (key %q): %v", a, keys[0], a.Check())
	}
	want := []metrics.Row{
		{Network: "bluesky", Shares: 1, Measured: 1, Reactions: 9, Reposts: 1}, // the loopback AppView gives one repost
		{Network: "x", Shares: 1},
		{Campaign: "launch", Network: "mastodon", Shares: 1, Measured: 1, Reactions: 4},
	}
	if len(a.Rows) != len(want) {
		t.Fatalf("rows %+v, want %+v (never the practice account)", a.Rows, want)
	}
	for i := range want {
		if a.Rows[i] != want[i] {
			t.Errorf("row %d: %+v, want %+v", i, a.Rows[i], want[i])
		}
	}
	for _, secret := range []string{"Proud of the team", "me@loopback", "me.test", "did:plc", f.mastID, "190000", "token", "loopback", "http"} {
		if strings.Contains(string(bodies[0]), secret) {
			t.Errorf("the aggregate carries %q:\n%s", secret, bodies[0])
		}
	}
	var shape map[string]any
	json.Unmarshal(bodies[0], &shape)
	for k := range shape {
		if k != "format" && k != "install" && k != "week" && k != "week_start" && k != "rows" {
			t.Errorf("the aggregate has a field %q", k)
		}
	}
	// Later that week: nothing more. The next Monday: the week before.
	f.clk.Set(monday.Add(4 * 24 * time.Hour))
	if n, err := f.c.sendMetrics(ctx); n != 0 || err != nil {
		t.Fatalf("mid-week: %d, %v", n, err)
	}
	f.clk.Set(monday.Add(7 * 24 * time.Hour))
	if n, err := f.c.sendMetrics(ctx); n != 1 || err != nil {
		t.Fatalf("the next Monday: %d, %v", n, err)
	}
	got, _, keys = e.got()
	if len(got) != 2 || got[1].WeekStart != "2026-11-23" || len(got[1].Rows) != 0 || keys[1] == keys[0] {
		t.Fatalf("second week %+v (keys %v)", got, keys)
	}
	// Turned off: nothing, whatever the weeks.
	f.c.SetMetricsAgreed(false)
	f.clk.Set(monday.Add(21 * 24 * time.Hour))
	if n, err := f.c.sendMetrics(ctx); n != 0 || err != nil {
		t.Fatalf("after saying no: %d, %v", n, err)
	}
}

// TestAnEndpointThatAsksToWaitIsSentToLater: 429 with Retry-After
// leaves the week unsent until then, and then it goes once.
func TestAnEndpointThatAsksToWaitIsSentToLater(t *testing.T) {
	f, e := measuredCore(t)
	ctx := context.Background()
	monday := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	f.clk.Set(monday)
	f.c.SetMetricsAgreed(true)
	e.answer(http.StatusTooManyRequests, "7200")
	n, err := f.c.sendMetrics(ctx)
	var later *metrics.Later
	if n != 0 || !errors.As(err, &later) || later.After != 2*time.Hour {
		t.Fatalf("sent %d, %v; want a wait of 2h", n, err)
	}
	<-e.received
	e.answer(http.StatusAccepted, "")
	f.clk.Set(monday.Add(time.Hour))
	if n, err := f.c.sendMetrics(ctx); n != 0 || err != nil {
		t.Fatalf("before the wait was over: %d, %v", n, err)
	}
	f.clk.Set(monday.Add(2 * time.Hour))
	if n, err := f.c.sendMetrics(ctx); n != 1 || err != nil {
		t.Fatalf("after the wait: %d, %v", n, err)
	}
	if got, _, _ := e.got(); len(got) != 1 {
		t.Fatalf("%d aggregates", len(got))
	}
	// Offline (nothing listens): it waits, and says so as unreachable.
	e.Close()
	f.clk.Set(monday.Add(7 * 24 * time.Hour))
	_, err = f.c.sendMetrics(ctx)
	var unreachable *metrics.Unreachable
	if !errors.As(err, &unreachable) {
		t.Fatalf("offline: %v", err)
	}
	if s := f.c.MetricsStatus(); !s.LastSent.Equal(time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("last sent %v after a failed week", s.LastSent)
	}
}

// TestResettingTheIdentifierChangesWhatIsSent: a reset identifier goes
// with the next week, and the old one never again.
func TestResettingTheIdentifierChangesWhatIsSent(t *testing.T) {
	f, e := measuredCore(t)
	ctx := context.Background()
	f.clk.Set(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	f.c.SetMetricsAgreed(true)
	old := f.c.MetricsStatus().Install
	if !metrics.ValidInstallID(old) {
		t.Fatalf("identifier %q", old)
	}
	if _, err := f.c.sendMetrics(ctx); err != nil {
		t.Fatal(err)
	}
	fresh := f.c.ResetMetricsInstall()
	if fresh == old || f.c.MetricsStatus().Install != fresh {
		t.Fatalf("reset %q → %q", old, fresh)
	}
	f.clk.Set(time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC))
	if _, err := f.c.sendMetrics(ctx); err != nil {
		t.Fatal(err)
	}
	got, _, _ := e.got()
	if len(got) != 2 || got[0].Install != old || got[1].Install != fresh {
		t.Fatalf("installs sent: %+v", got)
	}
}

// TestTheOrganisationDecidesWhenItEnforcesMetrics: enforced on, the
// aggregates go without asking and the user cannot say no; enforced off,
// the user cannot say yes.
func TestTheOrganisationDecidesWhenItEnforcesMetrics(t *testing.T) {
	f, e := measuredCore(t)
	ctx := context.Background()
	f.c.cfg.Managed = &managed.Config{Enforced: managed.Tier{managed.Metrics: true}}
	f.clk.Set(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	if err := f.c.SetMetricsAgreed(false); !errors.Is(err, ErrSetByOrganisation) {
		t.Fatalf("saying no to an enforced yes: %v", err)
	}
	s := f.c.MetricsStatus()
	if !s.Agreed || !s.Locked || s.Source != managed.FromManaged {
		t.Fatalf("status %+v", s)
	}
	if n, err := f.c.sendMetrics(ctx); n != 1 || err != nil {
		t.Fatalf("enforced on: %d, %v", n, err)
	}
	f.c.cfg.Managed = &managed.Config{Enforced: managed.Tier{managed.Metrics: false}}
	if err := f.c.SetMetricsAgreed(true); !errors.Is(err, ErrSetByOrganisation) {
		t.Fatalf("saying yes to an enforced no: %v", err)
	}
	f.clk.Set(time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC))
	if n, err := f.c.sendMetrics(ctx); n != 0 || err != nil {
		t.Fatalf("enforced off: %d, %v", n, err)
	}
	if got, _, _ := e.got(); len(got) != 1 {
		t.Fatalf("%d aggregates", len(got))
	}
}

// TestTheMetricsLoopRunsUnderStart: started with the core, the loop sends
// the due week at once; Close stops it.
func TestTheMetricsLoopRunsUnderStart(t *testing.T) {
	f, e := measuredCore(t)
	f.clk.Set(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	f.c.SetMetricsAgreed(true)
	f.c.Start()
	<-e.received
	if err := f.c.Close(); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := e.got(); len(got) != 1 || got[0].WeekStart != "2026-11-16" {
		t.Fatalf("the loop sent %+v", got)
	}
}
