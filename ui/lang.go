package ui

import (
	"embed"
	"encoding/json"
	"slices"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"github.com/jeandeaual/go-locale"
)

// translations holds the interface's words per language, one JSON file
// each (en.json is the source); adding a language is adding its file.
//
//go:embed translations
var translations embed.FS

// fyneLanguages are the languages Fyne's own words come in. In a language
// of these with no file of ours, Fyne would log an error for every word of
// ours it shows in English, once per keystroke in Compose; our English
// words are given as that language's instead.
var fyneLanguages = []string{"cs", "de", "el", "es", "fr", "pl", "pt", "pt_BR", "ru", "sv", "ta", "uk", "zh_Hans"}

// fyneWords are the words of en.json that Fyne translates itself; they
// keep Fyne's translation.
var fyneWords = []string{"Cancel", "File", "Quit", "Undo"}

var loadTranslations = sync.OnceValue(func() error {
	if err := addEnglishFallbacks(userLanguages()); err != nil {
		return err
	}
	return lang.AddTranslationsFS(translations, "translations")
})

// userLanguages are the languages the user's locale asks for, without
// region: "fr" for fr_FR.
func userLanguages() []string {
	tags, _ := locale.GetLocales()
	var out []string
	for _, t := range tags {
		base, _, _ := strings.Cut(strings.ReplaceAll(t, "_", "-"), "-")
		out = append(out, strings.ToLower(base))
	}
	return out
}

// addEnglishFallbacks gives our English words, but for Fyne's own, as the
// words of those of Fyne's languages that are among langs (parsing them
// for all thirteen would add some 9 ms to every start); a file of ours for
// a language, added after, replaces them.
func addEnglishFallbacks(langs []string) error {
	var wanted []string
	for _, l := range fyneLanguages {
		if base, _, _ := strings.Cut(l, "_"); slices.Contains(langs, base) {
			wanted = append(wanted, l)
		}
	}
	if len(wanted) == 0 {
		return nil
	}
	data, err := translations.ReadFile("translations/en.json")
	if err != nil {
		return err
	}
	words := map[string]any{}
	if err := json.Unmarshal(data, &words); err != nil {
		return err
	}
	for _, w := range fyneWords {
		delete(words, w)
	}
	data, _ = json.Marshal(words)
	for _, l := range wanted {
		if err := lang.AddTranslationsForLocale(data, fyne.Locale(l)); err != nil {
			return err
		}
	}
	return nil
}

// LoadTranslations adds the interface's words in every language it has to
// the app's; the main window does it too, so only what is shown before
// it, such as a start-up problem, needs to call it.
func LoadTranslations() {
	if err := loadTranslations(); err != nil {
		fyne.LogError("ui: translations", err)
	}
}

// args names the values put into a translated sentence, which refers to
// them as {{.Name}}: lang.L("Could not connect {{.Network}}", args{"Network": n}).
type args = map[string]any
