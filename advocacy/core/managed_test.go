package core

import (
	"context"
	"crypto/rand"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/managed"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/policy"
	"github.com/advocate-app/advocate/advocacy/signing"
	"github.com/advocate-app/advocate/advocacy/store"
	"github.com/advocate-app/advocate/assets"
)

func openManaged(t *testing.T, dir string, m *managed.Config) *Core {
	t.Helper()
	st, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Open(context.Background(), Config{Store: st, DataDir: dir, Managed: m, Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestEnforcedSettingsWinAndCannotBeChanged(t *testing.T) {
	demoKey := string(bundle.DemoKey().MarshalText())
	folder := filepath.Join(t.TempDir(), "no bundle here yet")
	m := &managed.Config{
		Enforced: managed.Tier{managed.BundleURL: folder, managed.Role: "alumni", managed.NewsRefresh: "4h",
			managed.PublisherKeys: []string{demoKey}},
	}
	c := openManaged(t, t.TempDir(), m)
	st := c.State()
	if st.Ref != folder || st.Role != bundle.RoleAlumni || st.Key != demoKey {
		t.Fatalf("state ref %q role %q key %q: want the organisation's", st.Ref, st.Role, st.Key)
	}
	if got := c.RefreshEvery(); got != 4*time.Hour {
		t.Fatalf("RefreshEvery = %v, want the enforced 4h", got)
	}
	c.SetRefreshEvery(15 * time.Minute)
	if got := c.RefreshEvery(); got != 4*time.Hour {
		t.Fatalf("RefreshEvery after the user's change = %v, want it locked at 4h", got)
	}
	if _, err := c.SetRole(context.Background(), bundle.RoleEmployee); !errors.Is(err, ErrSetByOrganisation) {
		t.Fatalf("SetRole(employee) = %v, want ErrSetByOrganisation", err)
	}
	if _, err := c.LoadBundle(context.Background(), bundle.DemoRef, ""); !errors.Is(err, ErrSetByOrganisation) {
		t.Fatalf("LoadBundle(demo) = %v, want ErrSetByOrganisation", err)
	}
	for _, k := range []managed.Key{managed.BundleURL, managed.Role, managed.NewsRefresh, managed.PublisherKeys} {
		if !c.Locked(k) {
			t.Errorf("%s is not locked", k)
		}
	}
	if c.Locked(managed.Proxy) {
		t.Error("proxy is locked though nothing sets it")
	}
	eff := c.Effective()
	if v := eff[managed.BundleURL]; v.Value != folder || v.From != managed.FromManaged {
		t.Fatalf("Effective bundle_url = %+v", v)
	}
}

func TestRecommendedSettingsAreOnlyDefaults(t *testing.T) {
	dir := t.TempDir()
	m := &managed.Config{Recommended: managed.Tier{managed.Role: "alumni", managed.NewsRefresh: "30m"}}
	c := openManaged(t, dir, m)
	if st := c.State(); st.Role != bundle.RoleAlumni || st.Ref != bundle.DemoRef {
		t.Fatalf("role %q ref %q: want the recommended alumni on the demo", st.Role, st.Ref)
	}
	if got := c.RefreshEvery(); got != 30*time.Minute {
		t.Fatalf("RefreshEvery = %v, want the recommended 30m", got)
	}
	if c.Locked(managed.Role) || c.Locked(managed.NewsRefresh) {
		t.Fatal("a recommended setting is locked")
	}
	if _, err := c.SetRole(context.Background(), bundle.RoleEmployee); err != nil {
		t.Fatal(err)
	}
	c.SetRefreshEvery(4 * time.Hour)
	if eff := c.Effective(); eff[managed.Role].From != managed.FromUser || eff[managed.NewsRefresh] != (managed.Value{Value: "4h", From: managed.FromUser}) {
		t.Fatalf("Effective = %+v", eff)
	}
	c.Close()
	// The user's own choice outlives a restart, over the recommended one.
	c = openManaged(t, dir, m)
	if st := c.State(); st.Role != bundle.RoleEmployee || c.RefreshEvery() != 4*time.Hour {
		t.Fatalf("after a restart: role %q every %v, want the user's employee and 4h", st.Role, c.RefreshEvery())
	}
}

func TestRoleAskEnforcesNothing(t *testing.T) {
	c := openManaged(t, t.TempDir(), &managed.Config{Enforced: managed.Tier{managed.Role: managed.RoleAsk}})
	if c.Locked(managed.Role) || c.State().Role != bundle.RoleEmployee {
		t.Fatalf("role %q locked %v", c.State().Role, c.Locked(managed.Role))
	}
	if _, err := c.SetRole(context.Background(), bundle.RoleAlumni); err != nil {
		t.Fatal(err)
	}
}

// signWith copies the demo bundle into dir and signs it with sec.
func signWith(t *testing.T, dir string, sec *signing.SecretKey) {
	t.Helper()
	os.RemoveAll(dir)
	if err := os.CopyFS(dir, assets.DemoBundle()); err != nil {
		t.Fatal(err)
	}
	if err := bundle.SignDir(dir, sec, time.Now()); err != nil {
		t.Fatal(err)
	}
}

// newKey makes a publisher key pair and returns its public half as text.
func newKey(t *testing.T) (string, *signing.SecretKey) {
	t.Helper()
	pub, sec, err := signing.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return string(pub.MarshalText()), sec
}

// gatedBundleServer serves dir on a loopback server that answers nothing
// until release is closed.
func gatedBundleServer(t *testing.T, dir string) (srv *httptest.Server, asked <-chan struct{}, release func()) {
	t.Helper()
	gate, ask := make(chan struct{}), make(chan struct{}, 100)
	files := http.FileServer(http.Dir(dir))
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case ask <- struct{}{}:
		default:
		}
		select {
		case <-gate:
		case <-r.Context().Done():
			return
		}
		files.ServeHTTP(w, r)
	}))
	var once sync.Once
	release = func() { once.Do(func() { close(gate) }) }
	t.Cleanup(srv.Close)
	t.Cleanup(release)
	return srv, ask, release
}

// waitState waits for the first state f accepts among those announced on
// states, failing on any demo one.
func waitState(t *testing.T, states <-chan *State, f func(*State) bool) *State {
	t.Helper()
	for st := range states {
		if st.Demo() {
			t.Fatal("the demo came into force on a computer whose organisation enforces its bundle")
		}
		if f(st) {
			return st
		}
	}
	t.Fatal("no more states")
	return nil
}

// TestAnEnforcedBundleOpensStraightOnTheOrganisation: a first start with an
// enforced bundle URL and keys shows the organisation (named after its
// address, nothing to share, every post blocked) while the first fetch is
// under way, never the demo, then the bundle, signed with the second of
// the two enforced keys (a key rotation).
func TestAnEnforcedBundleOpensStraightOnTheOrganisation(t *testing.T) {
	oldKey, _ := newKey(t)
	newPub, newSec := newKey(t)
	dir := filepath.Join(t.TempDir(), "bundle")
	signWith(t, dir, newSec)
	srv, asked, release := gatedBundleServer(t, dir)
	ref := srv.URL + "/"
	m := &managed.Config{Enforced: managed.Tier{managed.BundleURL: ref, managed.PublisherKeys: []string{oldKey, newPub}}}
	c := openManaged(t, t.TempDir(), m)
	st := c.State()
	if st.Demo() || !st.Loading() || st.Bundle.Manifest.Org.Name != "127.0.0.1" || len(st.Bundle.Content) != 0 {
		t.Fatalf("before the first fetch: demo %v, loading %v, org %q, %d items", st.Demo(), st.Loading(), st.Bundle.Manifest.Org.Name, len(st.Bundle.Content))
	}
	if r, err := st.Engine.Check(policy.Input{Text: "Proud of the team", Role: bundle.RoleEmployee, Network: network.LinkedIn}); err != nil || r.Verdict != policy.Blocked {
		t.Fatalf("a post before the organisation's policy arrived: %v %v, want it blocked", r.Verdict, err)
	}
	states := make(chan *State, 100)
	c.Subscribe(func(e Event) {
		if e == StateChanged {
			states <- c.State()
		}
	})
	c.Start()
	<-asked // the first fetch is under way
	if st := c.State(); st.Demo() || !st.Loading() {
		t.Fatalf("while the first fetch is under way: demo %v, loading %v", st.Demo(), st.Loading())
	}
	release()
	st = waitState(t, states, func(s *State) bool { return s.Bundle.Verified })
	if st.Bundle.Source != ref || st.Problem != nil || st.Bundle.Manifest.Org.Name != "Larkspur Robotics" {
		t.Fatalf("after the first fetch: %s, problem %v, org %q", st.Bundle.Source, st.Problem, st.Bundle.Manifest.Org.Name)
	}
	if want, _ := signing.ParsePublicKey([]byte(newPub)); st.Bundle.KeyID != want.KeyID() {
		t.Fatalf("verified with key %s, want the second enforced key %s", st.Bundle.KeyID, want.KeyID())
	}
}

// TestAnEnforcedBundleThatFailsKeepsTheOrganisationsName: when the first
// fetch fails (here: signed with a key the organisation does not list),
// the stand-in stays, with the reason, and the demo never comes.
func TestAnEnforcedBundleThatFailsKeepsTheOrganisationsName(t *testing.T) {
	oldKey, _ := newKey(t)
	newPub, _ := newKey(t)
	_, otherSec := newKey(t)
	dir := filepath.Join(t.TempDir(), "bundle")
	signWith(t, dir, otherSec)
	srv, _, release := gatedBundleServer(t, dir)
	release()
	m := &managed.Config{Enforced: managed.Tier{managed.BundleURL: srv.URL + "/", managed.PublisherKeys: []string{oldKey, newPub}}}
	c := openManaged(t, t.TempDir(), m)
	states := make(chan *State, 100)
	c.Subscribe(func(e Event) {
		if e == StateChanged {
			states <- c.State()
		}
	})
	c.Start()
	st := waitState(t, states, func(s *State) bool { return !s.Loading() })
	if !errors.Is(st.Problem, bundle.ErrNotVerified) || !errors.Is(st.Problem, signing.ErrWrongKey) {
		t.Fatalf("problem %v, want the unknown key refused", st.Problem)
	}
	if st.Bundle.Verified || st.Bundle.Manifest.Org.Name != "127.0.0.1" {
		t.Fatalf("in force after the failure: %q verified %v", st.Bundle.Manifest.Org.Name, st.Bundle.Verified)
	}
}

// TestSeveralPublisherKeysInSettings: the user's key field takes several
// keys; a bundle signed with the second verifies, one signed with a key
// not among them is refused and the bundle in force stays.
func TestSeveralPublisherKeysInSettings(t *testing.T) {
	ctx := context.Background()
	c := openCore(t, t.TempDir(), "")
	defer c.Close()
	oldKey, _ := newKey(t)
	newPub, newSec := newKey(t)
	keys := strings.TrimSpace(oldKey) + "\n" + strings.TrimSpace(newPub)
	dir := filepath.Join(t.TempDir(), "bundle")
	signWith(t, dir, newSec)
	srv, _, release := gatedBundleServer(t, dir)
	release()
	st, err := c.LoadBundle(ctx, srv.URL+"/", keys)
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := signing.ParsePublicKey([]byte(newPub)); st.Bundle.KeyID != want.KeyID() || st.Demo() {
		t.Fatalf("in force: %s with key %s", st.Bundle.Source, st.Bundle.KeyID)
	}
	_, otherSec := newKey(t)
	other := filepath.Join(t.TempDir(), "other")
	signWith(t, other, otherSec)
	before := c.State()
	_, err = c.LoadBundle(ctx, other, keys)
	if !errors.Is(err, bundle.ErrNotVerified) || !errors.Is(err, signing.ErrWrongKey) {
		t.Fatalf("a bundle signed with an unknown key: %v, want it refused", err)
	}
	if c.State().Bundle != before.Bundle {
		t.Fatal("the refused bundle changed the one in force")
	}
}

// TestTheOrganisationDecidesNotifications: notifications follow what the
// organisation enforces, over the user's choice, which wins over what it
// recommends; the user cannot change an enforced choice.
func TestTheOrganisationDecidesNotifications(t *testing.T) {
	for _, c := range []struct {
		name string
		m    *managed.Config
		user string
		want bool
	}{
		{"default", &managed.Config{}, "", true},
		{"the user's no", &managed.Config{}, "off", false},
		{"recommended off", &managed.Config{Recommended: managed.Tier{managed.Notifications: false}}, "", false},
		{"the user over a recommendation", &managed.Config{Recommended: managed.Tier{managed.Notifications: false}}, "on", true},
		{"enforced off over the user's yes", &managed.Config{Enforced: managed.Tier{managed.Notifications: false}}, "on", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			core := openManaged(t, t.TempDir(), c.m)
			if c.user != "" {
				core.SetSetting(SettingNotify, c.user)
			}
			if got := core.Notifying(); got != c.want {
				t.Fatalf("notifying %v, want %v", got, c.want)
			}
			eff := core.Effective()[managed.Notifications]
			if eff.Value != c.want {
				t.Fatalf("config show would say %+v", eff)
			}
		})
	}
	locked := openManaged(t, t.TempDir(), &managed.Config{Enforced: managed.Tier{managed.Notifications: false}})
	if err := locked.SetNotifying(true); !errors.Is(err, ErrSetByOrganisation) || locked.Notifying() {
		t.Fatalf("changing an enforced choice: %v, notifying %v", err, locked.Notifying())
	}
	free := openManaged(t, t.TempDir(), &managed.Config{})
	if err := free.SetNotifying(false); err != nil || free.Notifying() {
		t.Fatalf("the user's no: %v, notifying %v", err, free.Notifying())
	}
}
