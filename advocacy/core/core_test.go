package core

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/store"
	"github.com/advocate-app/advocate/assets"
)

var testNow = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

func openCore(t *testing.T, dir string, ref string) *Core {
	t.Helper()
	st, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Open(context.Background(), Config{Store: st, DataDir: dir, Bundle: ref, Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCloseWaitsForTheCoresGoroutinesBeforeTheStoreCloses(t *testing.T) {
	c := openCore(t, t.TempDir(), "")
	started := make(chan struct{})
	var wrote error
	c.Go(func(ctx context.Context) {
		close(started)
		<-ctx.Done() // still running when Close begins
		wrote = c.journal(context.WithoutCancel(ctx), "test", "written after Close began")
	})
	<-started
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if wrote != nil {
		t.Fatalf("the work was cut off by the closed store: %v", wrote)
	}
	if c.Go(func(context.Context) { t.Error("work started after Close") }) {
		t.Fatal("Go accepted work after Close")
	}
}

func TestSettingsAndTheDraftSurviveARestart(t *testing.T) {
	dir := t.TempDir()
	c := openCore(t, dir, "")
	c.SetSetting("window.size", "1000x700")
	c.KeepDraft(SavedDraft{Text: "Half-written post", Networks: []network.ID{network.X, network.Bluesky}})
	c.KeepPrevious(SavedDraft{Text: "Cleared post"})
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	c = openCore(t, dir, "")
	defer c.Close()
	if got := c.Setting("window.size", ""); got != "1000x700" {
		t.Fatalf("window.size = %q", got)
	}
	if d := c.Draft(); d.Text != "Half-written post" || len(d.Networks) != 2 {
		t.Fatalf("draft = %+v", d)
	}
	if d := c.PreviousDraft(); d.Text != "Cleared post" {
		t.Fatalf("previous draft = %+v", d)
	}
}

// TestOpenDoesNotWaitForTheBundleServer: a server that accepts and never
// answers holds up nothing: Open puts the demo in force without asking it,
// the refresh happens once started, and Close stops it.
func TestOpenDoesNotWaitForTheBundleServer(t *testing.T) {
	asked := make(chan struct{}, 10)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked <- struct{}{}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	dir := t.TempDir()
	st, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	st.SetSetting(context.Background(), "bundle_pubkey", "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3")
	c, err := Open(context.Background(), Config{Store: st, DataDir: dir, Bundle: srv.URL + "/", Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-asked:
		t.Fatal("Open asked the bundle server")
	default:
	}
	s := c.State()
	if s.Bundle.Source != bundle.DemoRef || !s.Loading() || s.Problem == nil {
		t.Fatalf("in force: %s, loading %v, problem %v", s.Bundle.Source, s.Loading(), s.Problem)
	}
	changed := make(chan *State, 10)
	c.Subscribe(func(e Event) {
		if e == StateChanged {
			changed <- c.State()
		}
	})
	c.Start()
	<-asked // the refresh runs in the background
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	// Closing cut the refresh off: no problem of the bundle's is reported
	// to a window that is gone.
	close(changed)
	for st := range changed {
		if !st.Loading() {
			t.Errorf("closing reported %v", st.Problem)
		}
	}
	if !c.State().Loading() {
		t.Fatalf("after Close: %v", c.State().Problem)
	}
}

func TestSetRoleToAlumniPurgesAndRecordsInOneStep(t *testing.T) {
	c := openCore(t, t.TempDir(), "")
	defer c.Close()
	employee := len(c.State().Bundle.Content)
	st, err := c.SetRole(context.Background(), bundle.RoleAlumni)
	if err != nil {
		t.Fatal(err)
	}
	if st.Role != bundle.RoleAlumni || len(st.Bundle.Content) >= employee {
		t.Fatalf("role %s, %d items (employee had %d)", st.Role, len(st.Bundle.Content), employee)
	}
	for _, it := range st.Bundle.Content {
		if !it.For(bundle.RoleAlumni) {
			t.Fatalf("%s is not for alumni", it.ID)
		}
	}
	lines, err := c.Activity(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, l := range lines {
		kinds[l.Kind] = true
	}
	if !kinds[KindRole] || !kinds[KindPurge] {
		t.Fatalf("activity kinds %v", kinds)
	}
	if got, _ := c.Parts().Store.Setting(context.Background(), "role", ""); got != bundle.RoleAlumni {
		t.Fatalf("stored role %q", got)
	}
}

// TestAnUnchangedBundleChangesNothingOnTheScheduledRefresh: the hourly
// refresh of a bundle that has not changed leaves the state (and so every
// screen) alone, while a change of role puts it in force again.
func TestAnUnchangedBundleChangesNothingOnTheScheduledRefresh(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, assets.DemoBundle()); err != nil {
		t.Fatal(err)
	}
	c := openCore(t, t.TempDir(), "")
	defer c.Close()
	key := string(bundle.DemoKey().MarshalText())
	loaded, err := c.LoadBundle(context.Background(), dir, key)
	if err != nil {
		t.Fatal(err)
	}
	events := 0
	c.Subscribe(func(Event) { events++ })
	c.bundleMu.Lock()
	again, err := c.load(context.Background(), dir, key, scheduled)
	c.bundleMu.Unlock()
	if err != nil || again != loaded || events != 0 {
		t.Fatalf("the unchanged refresh made a new state (%v) and %d events: %v", again != loaded, events, err)
	}
	c.bundleMu.Lock()
	again, err = c.load(context.Background(), dir, key, forRole)
	c.bundleMu.Unlock()
	if err != nil || again == loaded || events == 0 {
		t.Fatalf("loading for the role kept the old state (%v), %d events: %v", again == loaded, events, err)
	}
}
