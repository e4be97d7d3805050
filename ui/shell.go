package ui

import (
	"context"
	"log"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/audit"
	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/org"
	"github.com/advocate-app/advocate/feeds"
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
	s        *session
	tabs     *container.AppTabs
	header   *widget.Label
	content  *contentScreen
	news     *newsScreen
	compose  *composeScreen
	accounts *accountsScreen
	activity *activityScreen
	policy   *policyScreen
	settings *settingsScreen
	notifier *notifier
	// cancel stops the background work started with the app.
	cancel context.CancelFunc
	// size is the window's size when it was last laid out; sizeTimer
	// keeps it once it stops changing.
	size      fyne.Size
	sizeTimer *time.Timer
	// place is where the window was last seen on the screen; stopPlace
	// stops watching it.
	place     place
	stopPlace context.CancelFunc
}

// Show builds the main window's content from env, installs its keyboard
// shortcuts and shows it as the app's main window where it was last time.
// It returns nothing to keep: the window owns the shell.
func Show(a fyne.App, w fyne.Window, env Env) {
	sh := newShell(a, w, env)
	w.SetMaster()
	w.Show()
	ctx, cancel := context.WithCancel(context.Background())
	sh.stopPlace = cancel
	go sh.watchPlace(ctx)
}

func newShell(a fyne.App, w fyne.Window, env Env) *shell {
	LoadTranslations()
	s := newSession(a, w, env)
	sh := &shell{s: s, header: widget.NewLabel("")}
	sh.header.TextStyle = fyne.TextStyle{Bold: true}
	sh.content = newContentScreen(s)
	sh.news = newNewsScreen(s)
	sh.compose = newComposeScreen(s)
	sh.accounts = newAccountsScreen(s)
	sh.activity = newActivityScreen(s)
	sh.policy = newPolicyScreen(s)
	sh.settings = newSettingsScreen(s)
	sh.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L(tabContent), theme.HomeIcon(), sh.content.view()),
		container.NewTabItemWithIcon(lang.L(tabNews), theme.ListIcon(), sh.news.view()),
		container.NewTabItemWithIcon(lang.L(tabCompose), theme.MailComposeIcon(), sh.compose.view()),
		container.NewTabItemWithIcon(lang.L(tabAccounts), theme.AccountIcon(), sh.accounts.view()),
		container.NewTabItemWithIcon(lang.L(tabActivity), theme.HistoryIcon(), sh.activity.view()),
		container.NewTabItemWithIcon(lang.L(tabPolicy), theme.DocumentIcon(), sh.policy.view()),
		container.NewTabItemWithIcon(lang.L(tabSettings), theme.SettingsIcon(), sh.settings.view()),
	)
	sh.tabs.SetTabLocation(container.TabLocationLeading)
	sh.tabs.OnSelected = func(item *container.TabItem) {
		if item == sh.tabs.Items[4] {
			sh.activity.refresh()
		}
	}
	s.compose = func(d draft) {
		sh.tabs.SelectIndex(2)
		sh.compose.load(d)
	}
	s.showTab = sh.tabs.SelectIndex
	s.reload = func() {
		ctx := context.Background()
		ref, _ := s.env.Store.Setting(ctx, org.SettingSource, bundle.DemoRef)
		key, _ := s.env.Store.Setting(ctx, org.SettingKey, "")
		sh.settings.start(ref, key)
	}
	s.onChange(sh.refreshHeader)
	sh.refreshHeader()

	if choice, err := s.env.Store.Setting(context.Background(), "appearance", appearanceSystem); err == nil && choice != appearanceSystem {
		s.applyAppearance(choice)
	}
	w.SetContent(container.New(sizeWatch{sh.watchSize}, container.NewBorder(container.NewPadded(sh.header), nil, nil, nil, sh.tabs)))
	w.SetMainMenu(sh.mainMenu())
	sh.notifier = newNotifier(sh)
	sh.restoreSize()
	a.Lifecycle().SetOnStopped(sh.stopped)
	if env.AutoRefresh {
		sh.startBackgroundRefresh(a)
	}
	return sh
}

func (sh *shell) refreshHeader() {
	m := sh.s.bundle.Manifest
	a := args{"Org": m.Org.Name, "Version": m.Version, "Role": roleTitle(sh.s.role)}
	if sh.s.bundle.Source == "demo" {
		sh.header.SetText(lang.L("{{.Org}}  ·  demo bundle {{.Version}}  ·  {{.Role}}", a))
	} else {
		sh.header.SetText(lang.L("{{.Org}}  ·  bundle {{.Version}}  ·  {{.Role}}", a))
	}
}

// shortcut is a keyboard shortcut of the main window: Ctrl (Cmd on macOS)
// with key.
type shortcut struct {
	key  fyne.KeyName
	what string // in the source language; the menu shows it translated
	do   func()
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
			sh.tabs.SelectIndex(2)
			sh.compose.load(draft{})
			sh.s.win.Canvas().Focus(sh.compose.editor)
		}},
		shortcut{key: fyne.KeyR, what: "Refresh the news", do: func() {
			sh.tabs.SelectIndex(1)
			sh.news.startRefresh(true)
		}},
		shortcut{key: fyne.KeyF, what: "Search the news", do: func() {
			sh.tabs.SelectIndex(1)
			sh.s.win.Canvas().Focus(sh.news.search)
		}},
		shortcut{key: fyne.KeyQ, what: "Quit", do: sh.s.app.Quit})
}

// mainMenu holds every shortcut as a menu item: the window's main menu sees
// a shortcut before a focused text field does, so Ctrl+1 … Ctrl+7 work while
// typing a post too.
func (sh *shell) mainMenu() *fyne.MainMenu {
	file := fyne.NewMenu(lang.L("File"))
	view := fyne.NewMenu(lang.L("View"))
	for _, sc := range sh.shortcuts() {
		item := fyne.NewMenuItem(sc.what, sc.do)
		item.Shortcut = &desktop.CustomShortcut{KeyName: sc.key, Modifier: fyne.KeyModifierShortcutDefault}
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

// stopped runs as the app stops: the background work ends and the window
// size is kept for next time.
func (sh *shell) stopped() {
	if sh.cancel != nil {
		sh.cancel()
	}
	if sh.stopPlace != nil {
		sh.stopPlace()
	}
	sh.saveSize()
}

// startBackgroundRefresh refreshes the news feeds that are due now and on
// their schedule, and sends queued shares, until the app stops; the
// goroutines belong to the app's lifetime.
func (sh *shell) startBackgroundRefresh(a fyne.App) {
	ctx, cancel := context.WithCancel(context.Background())
	sh.cancel = cancel
	go sh.s.refresher.Run(ctx, feeds.RefreshEvery, nil, func(feeds.Summary, error) {
		fyne.Do(sh.news.reload)
	})
	go sh.s.worker.Run(ctx, 30*time.Second, func(int, error) {
		fyne.Do(sh.activity.refresh)
	})
	go sh.deliverArchive(ctx)
	go sh.refreshBundle(ctx)
	go every(ctx, time.Minute, sh.tick)
}

// refreshBundle fetches the organisation bundle again every hour (one
// conditional request when nothing changed) and puts a new version in
// force; a bundle that fails keeps the one in force.
func (sh *shell) refreshBundle(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Hour):
		}
		st := sh.s.env.Store
		ref, _ := st.Setting(ctx, org.SettingSource, bundle.DemoRef)
		keyText, _ := st.Setting(ctx, org.SettingKey, "")
		_, _, role := sh.s.sending.snapshot()
		key, err := org.Key(ref, keyText)
		if err != nil {
			continue
		}
		in, err := org.Refresh(ctx, st, ref, key, role)
		if err != nil {
			log.Printf("advocate: bundle refresh: %v", err)
			continue
		}
		fyne.Do(func() {
			if in.Bundle.Manifest.Version != sh.s.bundle.Manifest.Version || in.Bundle.Source != sh.s.bundle.Source {
				sh.s.useBundle(in, ref, keyText)
			}
		})
	}
}

// every runs do on the UI goroutine each interval until ctx ends.
func every(ctx context.Context, interval time.Duration, do func()) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			fyne.Do(do)
		}
	}
}

// tick follows the clock: when an approved item opens or closes for
// sharing with the bundle unchanged, Content lists it or drops it and a new
// one is announced.
func (sh *shell) tick() {
	now := sh.s.bundle.Shareable(sh.s.role, sh.s.env.Now())
	if !slices.EqualFunc(now, sh.content.all, func(a, b bundle.Item) bool { return a.ID == b.ID }) {
		sh.content.refresh()
		sh.notifier.update()
	}
}

// deliverArchive sends the audit trail to the organisation's archive
// endpoint, when its bundle names one, every minute until ctx ends.
func (sh *shell) deliverArchive(ctx context.Context) {
	for {
		if endpoint := sh.s.sending.archiveEndpoint(); endpoint != "" {
			a := &audit.Archiver{DB: sh.s.env.Store.DB(), Endpoint: endpoint, HTTP: sh.s.env.HTTP}
			if _, err := a.DeliverOnce(ctx); err != nil && ctx.Err() == nil {
				log.Printf("advocate: %v", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Minute):
		}
	}
}
