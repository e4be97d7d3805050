package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/assets"
)

// settingNotified keeps, per role, the ids of the approved items the user
// has been told about, so that each is announced once, across restarts.
const settingNotified = "content.notified."

// notifying reports whether desktop notifications are wanted: by the
// organisation when it decides, else by the user.
func (s *session) notifying() bool { return s.core.Notifying() }

// notifier announces newly approved content with a desktop notification
// and keeps the system tray menu (where the platform has one) up to date.
type notifier struct {
	sh   *shell
	role string
	// settling holds the bundle in force when the role changed: until the
	// bundle is loaded again for the new role, what appears is not news.
	settling *bundle.Bundle
	// badged is the unread count the tray icon shows; -1 before the first.
	badged int
	// trayOn is set once the tray is set up; updates keep it in step.
	trayOn bool
}

func newNotifier(sh *shell) *notifier {
	n := &notifier{sh: sh, role: sh.s.state().Role, badged: -1}
	sh.s.onChange(n.update)
	n.update()
	return n
}

// startTray sets up the system tray. The first tray call costs about
// 90 ms (Fyne opens a hidden window for it), so Show makes it once the
// window's first frame is painted; it must still come before the app runs,
// or Fyne never starts the tray and a quit crashes in systray's D-Bus
// connection (Fyne 2.7.1).
func (n *notifier) startTray() {
	n.trayOn = true
	n.tray()
}

// update notifies about approved items not announced before. The first
// items a role sees (on the first start, or after switching role, until the
// bundle has loaded again for it) are only noted: they are not news.
func (n *notifier) update() {
	s := n.sh.s
	if s.state().Role != n.role {
		n.role, n.settling = s.state().Role, s.state().Bundle
	}
	quiet := n.settling != nil
	if n.settling != nil && n.settling != s.state().Bundle {
		n.settling = nil
	}
	const missing = "\x00"
	saved := s.core.Setting(settingNotified+s.state().Role, missing)
	first := saved == missing
	var known []string
	if !first && saved != "" {
		known = strings.Split(saved, "\n")
	}
	var fresh []string
	for _, it := range s.state().Bundle.Shareable(s.state().Role, s.now()) {
		if !slices.Contains(known, it.ID) {
			known = append(known, it.ID)
			fresh = append(fresh, it.Title)
		}
	}
	if len(fresh) > 0 {
		s.core.SetSetting(settingNotified+s.state().Role, strings.Join(known, "\n"))
	}
	switch {
	case first || quiet || len(fresh) == 0 || !s.notifying():
	case len(fresh) == 1:
		s.app.SendNotification(fyne.NewNotification(lang.L("New to share"), fresh[0]))
	default:
		s.app.SendNotification(fyne.NewNotification(lang.L("{{.Count}} new posts to share", args{"Count": len(fresh)}), strings.Join(fresh, "\n")))
	}
	if n.trayOn {
		n.tray()
	}
}

// tray sets the system tray menu (what is new since the last visit, and
// quick actions) and its icon, which shows how many items are new.
func (n *notifier) tray() {
	desk, ok := n.sh.s.app.(desktop.App)
	if !ok {
		return
	}
	c := n.sh.content
	unread := 0
	for _, it := range c.all {
		if c.isNew(it) {
			unread++
		}
	}
	show := func(tab int) func() {
		return func() {
			n.sh.s.win.Show()
			n.sh.s.win.RequestFocus()
			n.sh.tabs.SelectIndex(tab)
		}
	}
	label := lang.L("Approved content")
	if unread > 0 {
		label = lang.L("{{.Count}} new to share", args{"Count": unread})
	}
	menu := fyne.NewMenu(lang.L("Advocate"),
		fyne.NewMenuItem(label, show(screenContent)),
		fyne.NewMenuItem(lang.L("New post"), func() { show(screenCompose)(); n.sh.compose.offer(draft{}) }),
		fyne.NewMenuItem(lang.L("Refresh the news"), func() { show(screenNews)(); n.sh.news.startRefresh(true) }),
	)
	desk.SetSystemTrayMenu(menu)
	if unread != n.badged {
		icon, err := trayIcon(assets.Icon, unread)
		if err != nil {
			fyne.LogError("ui: tray icon", err)
			return
		}
		desk.SetSystemTrayIcon(icon)
		n.badged = unread
	}
}
