package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
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

// variantTheme is the default theme held to one variant.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}

// settingAppearance keeps the chosen appearance.
const settingAppearance = "appearance"

// applyAppearance sets the app's theme for a choice and remembers it.
func (s *session) applyAppearance(choice string) {
	switch choice {
	case appearanceLight:
		s.app.Settings().SetTheme(variantTheme{theme.DefaultTheme(), theme.VariantLight})
	case appearanceDark:
		s.app.Settings().SetTheme(variantTheme{theme.DefaultTheme(), theme.VariantDark})
	default:
		choice = appearanceSystem
		s.app.Settings().SetTheme(theme.DefaultTheme())
	}
	s.core.SetSetting(settingAppearance, choice)
}
