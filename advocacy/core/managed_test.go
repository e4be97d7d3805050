package core

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/managed"
	"github.com/advocate-app/advocate/advocacy/store"
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
