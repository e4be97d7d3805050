package ui

import (
	"embed"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// translations holds the interface's words per language, one JSON file
// each (en.json is the source); adding a language is adding its file.
//
//go:embed translations
var translations embed.FS

var loadTranslations = sync.OnceValue(func() error {
	return lang.AddTranslationsFS(translations, "translations")
})

// LoadTranslations adds the interface's words in every language it has to
// the app's; the main window does it too, so only what is shown before
// it, such as a start-up problem, needs to call it.
func LoadTranslations() {
	if err := loadTranslations(); err != nil {
		fyne.LogError("ui: translations", err)
	}
}

// args names the values put into a translated sentence, which refers to
// them as {{.Name}}: lang.L("Connected {{.Network}}", args{"Network": n}).
type args = map[string]any
