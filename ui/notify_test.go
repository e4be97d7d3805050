package ui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/policy"
	"github.com/advocate-app/advocate/advocacy/share"
)

func TestNewApprovedContentIsAnnouncedOnce(t *testing.T) {
	sh, _ := newTestShell(t)
	saved := sh.s.core.Setting(settingNotified+"employee", "")
	if ids := strings.Split(saved, "\n"); len(ids) != len(sh.content.all) {
		t.Fatalf("first start noted %d items, %d shareable", len(ids), len(sh.content.all))
	}
	test.AssertNotificationSent(t, nil, sh.s.changed) // nothing new: nothing said

	// Forget one item, as if the next bundle had brought it.
	sh.s.core.SetSetting(settingNotified+"employee", strings.Join(strings.Split(saved, "\n")[1:], "\n"))
	test.AssertNotificationSent(t, fyne.NewNotification("New to share", titleOf(sh, strings.Split(saved, "\n")[0])), sh.s.changed)
	test.AssertNotificationSent(t, nil, sh.s.changed) // told once

	// A change of role only takes note of what the new role may share.
	test.AssertNotificationSent(t, nil, func() { switchRole(t, sh, "Alumni") })
	if saved := sh.s.core.Setting(settingNotified+"alumni", ""); !strings.Contains(saved, sh.content.all[0].ID) {
		t.Fatalf("alumni items not noted: %q", saved)
	}
	// Once the bundle has loaded for alumni, new alumni content is news.
	saved = sh.s.core.Setting(settingNotified+"alumni", "")
	sh.s.core.SetSetting(settingNotified+"alumni", strings.Join(strings.Split(saved, "\n")[1:], "\n"))
	test.AssertNotificationSent(t, fyne.NewNotification("New to share", titleOf(sh, strings.Split(saved, "\n")[0])), sh.s.changed)
}

func titleOf(sh *shell, id string) string {
	for _, it := range sh.content.all {
		if it.ID == id {
			return it.Title
		}
	}
	return "no item " + id
}

func TestNotificationsCanBeTurnedOff(t *testing.T) {
	sh, _ := newTestShell(t)
	if !sh.s.notifying() {
		t.Fatal("notifications are off by default")
	}
	sh.tabs.SelectIndex(6)
	var check *widget.Check
	for _, o := range test.LaidOutObjects(sh.tabs.Selected().Content) {
		if c, ok := o.(*widget.Check); ok && strings.HasPrefix(c.Text, "Tell me when") {
			check = c
		}
	}
	if check == nil || !check.Checked {
		t.Fatal("Settings has no ticked notifications choice")
	}
	test.Tap(check)
	if sh.s.notifying() {
		t.Fatal("unticking did not turn notifications off")
	}
	saved := sh.s.core.Setting(settingNotified+"employee", "")
	sh.s.core.SetSetting(settingNotified+"employee", strings.Join(strings.Split(saved, "\n")[1:], "\n"))
	test.AssertNotificationSent(t, nil, sh.s.changed)
	if again := sh.s.core.Setting(settingNotified+"employee", ""); !slices.Contains(strings.Split(again, "\n"), strings.Split(saved, "\n")[0]) {
		t.Fatal("the item that came while notifications were off is still to be announced")
	}
}

func TestContentFollowsTheClock(t *testing.T) {
	sh, _ := newTestShell(t)
	before := len(sh.content.all)
	sh.content.list.Select(1)
	sh.tick()
	if sh.content.current != 1 {
		t.Fatal("a minute with nothing opening or closing reset the list")
	}
	// On 1 December at 09:00 the webinar opens for sharing.
	sh.s.core.Parts().Config.Now = func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) }
	test.AssertNotificationSent(t, fyne.NewNotification("New to share", "Webinar: safer warehouses with collaborative robots"), sh.tick)
	if len(sh.content.all) != before+1 {
		t.Fatalf("%d items listed, %d before", len(sh.content.all), before)
	}
	// After 5 December RoboExpo may no longer be shared.
	sh.s.core.Parts().Config.Now = func() time.Time { return time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC) }
	test.AssertNotificationSent(t, nil, sh.tick)
	for _, it := range sh.content.all {
		if strings.Contains(it.Title, "RoboExpo") {
			t.Fatal("expired content is still listed")
		}
	}
}

// TestAScheduledShareBlockedWhenDueIsTold: it was not posted, and nobody
// was watching.
func TestAScheduledShareBlockedWhenDueIsTold(t *testing.T) {
	sh, _ := newTestShell(t)
	ctx := context.Background()
	for _, text := range []string{"Larkspur had a strong quarter", "Happy holidays from Lyon"} {
		if _, err := sh.s.core.Parts().Outbox.Enqueue(ctx, share.Share{Network: network.Mastodon, Text: text},
			policy.Result{Verdict: policy.Pass}, "employee", ""); err != nil {
			t.Fatal(err)
		}
	}
	// The first came due in a quiet period (advocacy/core tests how).
	if _, err := sh.s.core.Parts().Store.DB().ExecContext(ctx, "UPDATE shares SET state = 'failed', why = ? WHERE id = 1", string(share.WhyBlockedLater)); err != nil {
		t.Fatal(err)
	}
	follow := func() { sh.follow(core.SharesChanged) }
	test.AssertNotificationSent(t, fyne.NewNotification("1 scheduled post was not shared",
		"Mastodon: Larkspur had a strong quarter — the policy in force when it was due blocks it."), follow)
	test.AssertNotificationSent(t, nil, follow) // told once
	// Told with notifications off too: noted, not said.
	if _, err := sh.s.core.Parts().Store.DB().ExecContext(ctx, "UPDATE shares SET state = 'failed', why = ? WHERE id = 2", string(share.WhyBlockedLater)); err != nil {
		t.Fatal(err)
	}
	sh.s.core.SetSetting(core.SettingNotify, "off")
	test.AssertNotificationSent(t, nil, follow)
	sh.s.core.SetSetting(core.SettingNotify, "on")
	test.AssertNotificationSent(t, nil, follow)
}
