package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/managed"
	"github.com/advocate-app/advocate/advocacy/store"
)

// newManagedShell is a shell on a new data folder holding the user's
// settings, on a computer where the organisation set m.
func newManagedShell(t *testing.T, m *managed.Config, settings map[string]string) *shell {
	t.Helper()
	setUpTests()
	dir := t.TempDir()
	st, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range settings {
		if err := st.SetSetting(context.Background(), k, v); err != nil {
			t.Fatal(err)
		}
	}
	c, err := core.Open(context.Background(), core.Config{Store: st, Managed: m, DataDir: dir, Now: func() time.Time { return testNow },
		Secrets: &memSecrets{m: map[string]string{}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	a := test.NewTempApp(t)
	return newShell(a, a.NewWindow("Advocate"), c)
}

func TestWhatTheOrganisationEnforcesIsShownLocked(t *testing.T) {
	sh := newManagedShell(t, &managed.Config{Enforced: managed.Tier{managed.Role: "employee", managed.NewsRefresh: "4h"}}, nil)
	sh.tabs.SelectIndex(screenSettings)
	s := sh.settings
	if !s.role.Disabled() {
		t.Fatal("the role the organisation enforces can be changed")
	}
	if s.ref.Disabled() || s.load.Disabled() {
		t.Fatal("the bundle, which the organisation leaves alone, is locked")
	}
	texts := strings.Join(visibleTexts(sh.holders[screenSettings]), "\n")
	if n := strings.Count(texts, "Set by your organisation"); n != 2 {
		t.Fatalf("%d notes for two enforced settings:\n%s", n, texts)
	}
	// Nothing enforced, nothing locked.
	plain, _ := newTestShell(t)
	if plain.settings.role.Disabled() || strings.Contains(strings.Join(visibleTexts(plain.holders[screenSettings]), " "), "Set by your organisation") {
		t.Fatal("a computer without managed settings shows locks")
	}
}

// TestNotificationsTheOrganisationTurnedOffStayOff: with notifications
// enforced off, none is sent though the user had said yes, and Settings
// shows the choice unticked and locked (it used to show the user's yes and
// notify regardless).
func TestNotificationsTheOrganisationTurnedOffStayOff(t *testing.T) {
	sh := newManagedShell(t, &managed.Config{Enforced: managed.Tier{managed.Notifications: false}}, map[string]string{core.SettingNotify: "on"})
	if sh.s.notifying() {
		t.Fatal("notifying, though the organisation turned notifications off")
	}
	sh.tabs.SelectIndex(screenSettings)
	var check *widget.Check
	for _, o := range test.LaidOutObjects(sh.tabs.Selected().Content) {
		if w, ok := o.(*widget.Check); ok && strings.HasPrefix(w.Text, "Tell me when") {
			check = w
		}
	}
	if check == nil || check.Checked || !check.Disabled() {
		t.Fatalf("the notifications choice: %+v", check)
	}
	// An item comes that the user was not told of: still no notification.
	saved := sh.s.core.Setting(settingNotified+"employee", "")
	if saved == "" {
		t.Fatal("no item is recorded as announced")
	}
	sh.s.core.SetSetting(settingNotified+"employee", strings.Join(strings.Split(saved, "\n")[1:], "\n"))
	test.AssertNotificationSent(t, nil, sh.s.changed)
}
