package ui

import (
	"embed"
	"sync"

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
