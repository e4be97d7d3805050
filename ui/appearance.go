package ui

import (
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Appearance choices, kept in the settings in these words and shown
// translated.
const (
	appearanceSystem = "System"
	appearanceLight  = "Light"
	appearanceDark   = "Dark"
)

// appearanceTitle names an appearance choice in the user's language.
func appearanceTitle(choice string) string {
	switch choice {
	case appearanceLight:
		return lang.L("Light")
	case appearanceDark:
		return lang.L("Dark")
	}
	return lang.L("System")
}

// newAppearanceChoice is the Settings choice of theme, showing the saved one.
func newAppearanceChoice(s *session) *widget.RadioGroup {
	choices := []string{appearanceSystem, appearanceLight, appearanceDark}
	labels := make([]string, len(choices))
	for i, c := range choices {
		labels[i] = appearanceTitle(c)
	}
	radio := widget.NewRadioGroup(labels, nil)
	radio.Horizontal, radio.Required = true, true
	saved := s.core.Setting(settingAppearance, appearanceSystem)
	radio.SetSelected(appearanceTitle(saved))
	radio.OnChanged = func(label string) {
		for _, c := range choices {
			if appearanceTitle(c) == label {
				s.applyAppearance(c)
			}
		}
	}
	return radio
}

// settingAppearance keeps the chosen appearance.
const settingAppearance = "appearance"

// applyAppearance sets the app's theme for a choice and remembers it: Fyne's
// default theme with enough contrast (theme.go), held to light or dark, or
// following the desktop's variant for System.
func (s *session) applyAppearance(choice string) {
	switch choice {
	case appearanceLight:
		s.app.Settings().SetTheme(newAdvocateTheme(theme.VariantLight, true))
	case appearanceDark:
		s.app.Settings().SetTheme(newAdvocateTheme(theme.VariantDark, true))
	default:
		choice = appearanceSystem
		s.app.Settings().SetTheme(newAdvocateTheme(theme.VariantDark, false)) // the desktop's variant
	}
	s.core.SetSetting(settingAppearance, choice)
}
