package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// The screens, in the order of their tabs.
const (
	screenContent = iota
	screenNews
	screenCompose
	screenAccounts
	screenActivity
	screenPolicy
	screenSettings
)

// screens names each tab and says how to build its screen. Only the screen
// shown at start is built with the window; the others are built when their
// tab is first shown, so the first frame measures and lays out one screen,
// not seven.
var screens = []struct {
	title string // in the source language
	icon  func() fyne.Resource
	build func(sh *shell) fyne.CanvasObject
}{
	screenContent: {tabContent, theme.HomeIcon, func(sh *shell) fyne.CanvasObject {
		sh.content = newContentScreen(sh.s)
		return sh.content.view()
	}},
	screenNews: {tabNews, theme.ListIcon, func(sh *shell) fyne.CanvasObject {
		sh.news = newNewsScreen(sh.s)
		return sh.news.view()
	}},
	screenCompose: {tabCompose, theme.MailComposeIcon, func(sh *shell) fyne.CanvasObject {
		sh.compose = newComposeScreen(sh.s)
		return sh.compose.view()
	}},
	screenAccounts: {tabAccounts, theme.AccountIcon, func(sh *shell) fyne.CanvasObject {
		sh.accounts = newAccountsScreen(sh.s)
		return sh.accounts.view()
	}},
	screenActivity: {tabActivity, theme.HistoryIcon, func(sh *shell) fyne.CanvasObject {
		sh.activity = newActivityScreen(sh.s)
		return sh.activity.view()
	}},
	screenPolicy: {tabPolicy, theme.DocumentIcon, func(sh *shell) fyne.CanvasObject {
		sh.policy = newPolicyScreen(sh.s)
		return sh.policy.view()
	}},
	screenSettings: {tabSettings, theme.SettingsIcon, func(sh *shell) fyne.CanvasObject {
		sh.settings = newSettingsScreen(sh.s)
		return sh.settings.view()
	}},
}

// build builds screen i into its tab unless it is built already, and
// reports whether it built it.
func (sh *shell) build(i int) bool {
	if i < 0 || i >= len(sh.holders) || len(sh.holders[i].Objects) > 0 {
		return false
	}
	sh.holders[i].Add(screens[i].build(sh))
	sh.holders[i].Refresh()
	return true
}

// buildAll builds every screen not built yet, in the order of the tabs.
func (sh *shell) buildAll() {
	for i := range screens {
		sh.build(i)
	}
}
