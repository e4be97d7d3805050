package ui

import (
	"context"
	"slices"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/appinfo"
	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/managed"
)

// Tab titles, in the order the shell shows them; Ctrl+1 … Ctrl+7 select them.
const (
	tabContent  = "Content"
	tabNews     = "News"
	tabCompose  = "Compose"
	tabAccounts = "Accounts"
	tabActivity = "Activity"
	tabPolicy   = "Policy"
	tabSettings = "Settings"
)

// shell is the main window's content: a header naming the organisation and
// role, and one tab per screen.
type shell struct {
	s *session
	// closed is set once the app has stopped: the core's events are then
	// no longer drawn, since the window and its driver are gone.
	closed atomic.Bool
	tabs   *container.AppTabs
	// holders hold each tab's screen, built when the tab is first shown;
	// a screen's field below is nil until then.
	holders  []*fyne.Container
	header   *widget.Label
	problem  *widget.Label
	content  *contentScreen
	news     *newsScreen
	compose  *composeScreen
	accounts *accountsScreen
	activity *activityScreen
	policy   *policyScreen
	settings *settingsScreen
	notifier *notifier
	// size is the window's size when it was last laid out.
	size fyne.Size
	// place is where the window was last seen on the screen; stopPlace
	// stops watching it.
	place     place
	stopPlace context.CancelFunc
}

// Show builds the main window's content on the application core c,
// installs its keyboard shortcuts and shows it as the app's main window
// where it was last time. It returns nothing to keep: the window owns the
// shell, and the core outlives it.
func Show(a fyne.App, w fyne.Window, c *core.Core) {
	sh := newShell(a, w, c)
	w.SetMaster()
	w.Show() // paints the first frame
	sh.notifier.startTray()
	ctx, cancel := context.WithCancel(context.Background())
	sh.stopPlace = cancel
	go sh.watchPlace(ctx)
}

func newShell(a fyne.App, w fyne.Window, c *core.Core) *shell {
	LoadTranslations()
	s := newSession(a, w, c)
	sh := &shell{s: s, header: widget.NewLabel(""), problem: wrapped("")}
	sh.header.TextStyle = fyne.TextStyle{Bold: true}
	sh.problem.Importance = widget.WarningImportance
	sh.problem.Hide()
	// The theme first, System included (it is Advocate's readable theme
	// following the desktop): a screen built before keeps the old colours.
	s.applyAppearance(c.Setting(settingAppearance, appearanceSystem))
	items := make([]*container.TabItem, len(screens))
	for i, sc := range screens {
		holder := container.NewStack()
		sh.holders = append(sh.holders, holder)
		items[i] = container.NewTabItemWithIcon(lang.L(sc.title), sc.icon(), holder)
	}
	// All at once: each Append lays out every tab button again.
	sh.tabs = container.NewAppTabs(items...)
	sh.tabs.SetTabLocation(container.TabLocationLeading)
	sh.tabs.OnSelected = func(item *container.TabItem) {
		i := slices.Index(sh.tabs.Items, item)
		if !sh.build(i) && i == screenActivity {
			sh.activity.refresh()
		}
	}
	sh.build(screenContent)
	s.compose = func(d draft) {
		sh.tabs.SelectIndex(screenCompose)
		sh.compose.offer(d)
	}
	s.showTab = sh.tabs.SelectIndex
	s.onChange(sh.refreshHeader)
	sh.refreshHeader()

	top := container.NewVBox(container.NewPadded(sh.header), sh.problem)
	// The size is restored before the content is laid out, which keeps
	// the size it is laid out at.
	sh.restoreSize()
	w.SetContent(container.New(sizeWatch{sh.watchSize}, container.NewBorder(top, nil, nil, nil, container.New(newTabFit(sh.tabs), sh.tabs))))
	w.SetMainMenu(sh.mainMenu())
	sh.notifier = newNotifier(sh)
	a.Lifecycle().SetOnStopped(sh.stopped)
	c.Subscribe(func(e core.Event) {
		fyne.Do(func() {
			if !sh.closed.Load() { // after the app stopped, the window is gone
				sh.follow(e)
			}
		})
	})
	return sh
}

// follow draws again what an event of the core changed.
func (sh *shell) follow(e core.Event) {
	switch e {
	case core.StateChanged:
		sh.s.changed()
	case core.NewsChanged:
		if sh.news != nil {
			sh.news.reload()
		}
	case core.SharesChanged:
		if sh.activity != nil {
			sh.activity.refresh()
		}
		sh.notifier.tellBlocked()
	case core.AccountsChanged:
		if sh.accounts != nil {
			sh.accounts.refresh()
		}
	case core.Tick:
		sh.tick()
	}
}

func (sh *shell) refreshHeader() {
	st := sh.s.state()
	m := st.Bundle.Manifest
	sh.s.win.SetTitle(appinfo.Name + " — " + m.Org.Name)
	a := args{"Org": m.Org.Name, "Version": m.Version, "Role": roleTitle(st.Role)}
	if msg := bundleProblem(st, sh.s.core.Locked(managed.BundleURL)); msg != "" {
		sh.problem.SetText(msg)
		sh.problem.Show()
	} else {
		sh.problem.Hide()
	}
	if st.Demo() {
		sh.header.SetText(lang.L("{{.Org}}  ·  demo bundle {{.Version}}  ·  {{.Role}}", a))
	} else {
		sh.header.SetText(lang.L("{{.Org}}  ·  bundle {{.Version}}  ·  {{.Role}}", a))
	}
}

// shortcut is a keyboard shortcut of the main window: Ctrl (Cmd on macOS)
// with key.
type shortcut struct {
	key   fyne.KeyName
	shift bool   // with Shift too
	what  string // in the source language; the menu shows it translated
	do    func()
	// screen is set for the shortcuts that show a screen, which what names.
	screen bool
}

// shortcuts lists the window's keyboard shortcuts with what they do, so that
// the tests read the same table the window installs.
func (sh *shell) shortcuts() []shortcut {
	keys := []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7}
	var out []shortcut
	for i, item := range sh.tabs.Items {
		out = append(out, shortcut{key: keys[i], what: item.Text, do: func() { sh.tabs.SelectIndex(i) }, screen: true})
	}
	return append(out,
		shortcut{key: fyne.KeyN, what: "New post", do: func() {
			sh.tabs.SelectIndex(screenCompose)
			sh.compose.offer(draft{})
			sh.s.win.Canvas().Focus(sh.compose.editor)
		}},
		shortcut{key: fyne.KeyS, shift: true, what: "Suggest a post", do: func() {
			sh.tabs.SelectIndex(screenContent)
			sh.content.suggest.open()
		}},
		shortcut{key: fyne.KeyR, what: "Refresh the news", do: func() {
			sh.tabs.SelectIndex(screenNews)
			sh.news.startRefresh(true)
		}},
		shortcut{key: fyne.KeyF, what: "Search the news", do: func() {
			sh.tabs.SelectIndex(screenNews)
			sh.s.win.Canvas().Focus(sh.news.search)
		}},
		shortcut{key: fyne.KeyQ, what: "Quit", do: sh.s.app.Quit})
}

// keys is the shortcut as the desktop driver names it.
func (sc shortcut) keys() *desktop.CustomShortcut {
	mod := fyne.KeyModifierShortcutDefault
	if sc.shift {
		mod |= fyne.KeyModifierShift
	}
	return &desktop.CustomShortcut{KeyName: sc.key, Modifier: mod}
}

// mainMenu holds every shortcut as a menu item: the window's main menu sees
// a shortcut before a focused text field does, so Ctrl+1 … Ctrl+7 work while
// typing a post too.
func (sh *shell) mainMenu() *fyne.MainMenu {
	file := fyne.NewMenu(lang.L("File"))
	view := fyne.NewMenu(lang.L("View"))
	for _, sc := range sh.shortcuts() {
		item := fyne.NewMenuItem(sc.what, sc.do)
		item.Shortcut = sc.keys()
		switch {
		case sc.screen:
			view.Items = append(view.Items, item)
		case sc.key == fyne.KeyQ:
			item.Label, item.IsQuit = lang.L(sc.what), true
			file.Items = append(file.Items, fyne.NewMenuItemSeparator(), item)
		default:
			item.Label = lang.L(sc.what)
			file.Items = append(file.Items, item)
		}
	}
	return fyne.NewMainMenu(file, view)
}

// stopped runs as the app stops: watching the window's place ends. The
// core, which the composition root closes, keeps the settings.
func (sh *shell) stopped() {
	sh.closed.Store(true)
	if sh.stopPlace != nil {
		sh.stopPlace()
	}
}

// tick follows the clock: when an approved item opens or closes for
// sharing with the bundle unchanged, Content lists it or drops it and a new
// one is announced.
func (sh *shell) tick() {
	st := sh.s.state()
	now := st.Bundle.Shareable(st.Role, sh.s.now())
	if !slices.EqualFunc(now, sh.content.all, func(a, b bundle.Item) bool { return a.ID == b.ID }) {
		sh.content.refresh()
		sh.notifier.update()
	}
}

// bundleProblem says why the bundle in force is not a fresh copy of the
// one chosen, or "". locked says the organisation set the bundle, which
// the user cannot choose again.
func bundleProblem(st *core.State, locked bool) string {
	why := func() string { return strings.TrimSuffix(userError(st.Problem), ".") }
	switch {
	case st.Trail != nil:
		return userError(st.Trail)
	case st.Problem == nil:
		return ""
	case st.Loading():
		return lang.L("Loading the organisation's bundle from {{.Source}}; {{.Org}} is shown meanwhile.", args{"Source": st.Ref, "Org": st.Bundle.Manifest.Org.Name})
	case st.Bundle.FromCache:
		return lang.L("{{.Error}}. The copy kept from the last successful refresh stays in force.", args{"Error": why()})
	case locked:
		return lang.L("{{.Error}}. Showing {{.Org}} meanwhile, the organisation's own choice of bundle; Advocate tries it again.", args{"Error": why(), "Org": st.Bundle.Manifest.Org.Name})
	}
	return lang.L("{{.Error}}. Showing {{.Org}} meanwhile; choose the bundle again in Settings.", args{"Error": why(), "Org": st.Bundle.Manifest.Org.Name})
}
