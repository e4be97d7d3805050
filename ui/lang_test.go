package ui

import (
	"bytes"
	"encoding/json"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/lang"
	"github.com/advocate-app/advocate/feeds"
)

// translatedCall finds lang.L("…") and lang.N("…", …) in source.
var translatedCall = regexp.MustCompile(`lang\.[LN]\(("(?:[^"\\]|\\.)*")[,)]`)

// placeholder finds the named values of a sentence, such as {{.Count}}.
var placeholder = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

// readTranslations reads a translation file: each key is the source
// sentence, each value a sentence or its plural forms.
func readTranslations(t *testing.T, path string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]any{}
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

// forms gives a translation's sentences by plural form: "other" for a
// sentence without plural forms.
func forms(v any) map[string]string {
	switch v := v.(type) {
	case string:
		return map[string]string{"other": v}
	case map[string]any:
		out := map[string]string{}
		for form, s := range v {
			out[form], _ = s.(string)
		}
		return out
	}
	return nil
}

// TestEveryTranslatedWordIsInTheSourceLanguage reads the sources of the
// interface for lang.L and lang.N calls and checks each sentence is a key
// of translations/en.json, and that en.json holds no key nothing uses.
func TestEveryTranslatedWordIsInTheSourceLanguage(t *testing.T) {
	en := readTranslations(t, "translations/en.json")
	used := map[string]bool{}
	for _, k := range []string{tabContent, tabNews, tabCompose, tabAccounts, tabActivity, tabPolicy, tabSettings} {
		used[k] = true
	}
	sh, _ := newTestShell(t)
	for _, sc := range sh.shortcuts() {
		if !sc.screen {
			used[sc.what] = true
		}
	}
	files, _ := filepath.Glob("*.go")
	main, _ := filepath.Glob("../cmd/advocate/*.go")
	for _, f := range append(files, main...) {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, _ := os.ReadFile(f)
		for _, m := range translatedCall.FindAllStringSubmatch(string(src), -1) {
			k, err := strconv.Unquote(m[1])
			if err != nil {
				t.Fatalf("%s: %s: %v", f, m[1], err)
			}
			used[k] = true
		}
	}
	for k := range used {
		if _, ok := en[k]; !ok {
			t.Errorf("%q is translated but missing from en.json", k)
		}
	}
	for k := range en {
		if !used[k] {
			t.Errorf("en.json has %q, which nothing uses", k)
		}
	}
	if len(used) < 200 {
		t.Fatalf("only %d sentences found: is the pattern still right?", len(used))
	}
}

// TestTranslationsKeepTheNamedValues checks every translation file: each
// sentence uses the named values of its source sentence, so none is lost
// or misspelt in a language. Only a plural form other than "other" may
// leave one out, as "1 feed" leaves out the count.
func TestTranslationsKeepTheNamedValues(t *testing.T) {
	files, _ := filepath.Glob("translations/*.json")
	if len(files) == 0 {
		t.Fatal("no translation files")
	}
	names := func(s string) []string {
		var out []string
		for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
			if !slices.Contains(out, m[1]) {
				out = append(out, m[1])
			}
		}
		slices.Sort(out)
		return out
	}
	for _, f := range files {
		for key, v := range readTranslations(t, f) {
			want := names(key)
			fs := forms(v)
			if _, ok := fs["other"]; !ok {
				t.Errorf("%s: %q has no \"other\" form", f, key)
			}
			for form, s := range fs {
				got := names(s)
				if form == "other" && !slices.Equal(got, want) ||
					slices.ContainsFunc(got, func(n string) bool { return !slices.Contains(want, n) }) {
					t.Errorf("%s: %q uses %v, its source %v", f, s, got, want)
				}
			}
		}
	}
}

// useLanguage makes tag the user's language for the rest of the test.
// As at start-up in that language, the English words stand in for it
// first, then our files are added over them.
func useLanguage(t *testing.T, tag string) {
	t.Helper()
	LoadTranslations()
	// Cleanups run last first: the user's language comes back once
	// t.Setenv has put the environment back.
	t.Cleanup(func() { _ = lang.AddTranslationsFS(translations, "translations") })
	t.Setenv("LANGUAGE", tag)
	t.Setenv("LC_ALL", tag)
	if err := addEnglishFallbacks(userLanguages()); err != nil {
		t.Fatal(err)
	}
	_ = lang.AddTranslationsFS(translations, "translations") // chooses the language again
}

// TestFyneLanguagesShowOurWordsWithoutErrors uses each of Fyne's languages:
// every word of ours reads as in our file for that language, or in English
// when there is none, and none logs a translation failure, while Fyne's own
// words, such as Cancel, stay translated.
func TestFyneLanguagesShowOurWordsWithoutErrors(t *testing.T) {
	en := readTranslations(t, "translations/en.json")
	var logged bytes.Buffer
	log.SetOutput(&logged)
	t.Cleanup(func() { log.SetOutput(os.Stderr) })
	for _, l := range fyneLanguages {
		useLanguage(t, l)
		words := en
		if _, err := os.Stat("translations/" + l + ".json"); err == nil {
			words = readTranslations(t, "translations/"+l+".json")
		}
		for k, v := range words {
			values := args{}
			for _, m := range placeholder.FindAllStringSubmatch(k, -1) {
				values[m[1]] = "<" + m[1] + ">"
			}
			want := placeholder.ReplaceAllString(forms(v)["other"], "<$1>")
			if got := lang.L(k, values); got != want && !slices.Contains(fyneWords, k) {
				t.Errorf("%s: %q reads %q", l, k, got)
			}
		}
	}
	useLanguage(t, "fr")
	if got := lang.L("Cancel"); got == "Cancel" {
		t.Error("in French, Cancel is not translated")
	}
	if strings.Contains(logged.String(), "Translation failure") {
		t.Fatalf("translation failures were logged:\n%.500s", logged.String())
	}
}

// TestFyneWordsAndLanguagesAreFynes reads Fyne's own translations from the
// module in use: fyneLanguages must be its languages, and fyneWords the
// words of en.json it translates.
func TestFyneWordsAndLanguagesAreFynes(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "fyne.io/fyne/v2").Output()
	if err != nil {
		t.Skipf("cannot find Fyne's module: %v", err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "lang", "translations")
	files, _ := filepath.Glob(filepath.Join(dir, "base.*.json"))
	if len(files) == 0 {
		t.Skipf("no Fyne translations in %s", dir)
	}
	var langs []string
	for _, f := range files {
		if l := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "base."), ".json"); l != "en" {
			langs = append(langs, l)
		}
	}
	slices.Sort(langs)
	if !slices.Equal(langs, fyneLanguages) {
		t.Errorf("Fyne's languages are %v, fyneLanguages %v", langs, fyneLanguages)
	}
	fyneEn := readTranslations(t, filepath.Join(dir, "base.en.json"))
	var shared []string
	for k := range readTranslations(t, "translations/en.json") {
		if _, ok := fyneEn[k]; ok {
			shared = append(shared, k)
		}
	}
	slices.Sort(shared)
	if !slices.Equal(shared, fyneWords) {
		t.Errorf("Fyne translates %v of our words, fyneWords says %v", shared, fyneWords)
	}
}

// TestEveryLanguageHasEverySentence checks that each translation file
// translates every sentence of en.json, and only those: a sentence added
// to the interface is added to every language.
func TestEveryLanguageHasEverySentence(t *testing.T) {
	en := readTranslations(t, "translations/en.json")
	files, _ := filepath.Glob("translations/*.json")
	for _, f := range files {
		tr := readTranslations(t, f)
		for k := range en {
			if _, ok := tr[k]; !ok {
				t.Errorf("%s does not translate %q", f, k)
			}
		}
		for k := range tr {
			if _, ok := en[k]; !ok {
				t.Errorf("%s translates %q, which the interface does not use", f, k)
			}
		}
	}
}

// TestFrenchDatesAreWrittenTheFrenchWay checks that dates follow the
// language: day first, numbers only, in French.
func TestFrenchDatesAreWrittenTheFrenchWay(t *testing.T) {
	at := time.Date(2026, 12, 1, 9, 5, 0, 0, time.Local)
	if got := minute(at); got != "1 Dec 2026 09:05" {
		t.Fatalf("in English: %q", got)
	}
	useLanguage(t, "fr")
	if got, d := minute(at), day(at); got != "01/12/2026 09:05" || d != "01/12/2026" {
		t.Fatalf("in French: %q, %q", got, d)
	}
}

// TestFrenchPluralsCountZeroAndOneAsOne checks a plural sentence in French,
// where 0 and 1 take the singular.
func TestFrenchPluralsCountZeroAndOneAsOne(t *testing.T) {
	useLanguage(t, "fr")
	for n, want := range map[int]string{0: "0 flux importé.", 1: "1 flux importé.", 3: "3 flux importés."} {
		if got := lang.N("Imported {{.Count}} feeds.", n, args{"Count": n}); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
}

// TestARefreshSaysEachCountWithItsOwnPlural: "1 feeds could not be
// fetched" was the message, in French "1 flux n'ont pas pu être récupérés".
func TestARefreshSaysEachCountWithItsOwnPlural(t *testing.T) {
	for _, tc := range []struct {
		sum feeds.Summary
		en  string
	}{
		{feeds.Summary{NewItems: 1, Failed: 1}, "1 new item; 1 feed could not be fetched; it says why."},
		{feeds.Summary{NewItems: 3, Failed: 2}, "3 new items; 2 feeds could not be fetched, each says why."},
		{feeds.Summary{NewItems: 0, Fetched: 1, Unchanged: 1}, "0 new items · 1 feed fetched; 1 unchanged"},
		{feeds.Summary{NewItems: 5, Fetched: 2, Unchanged: 3}, "5 new items · 2 feeds fetched; 3 unchanged"},
	} {
		if got := refreshSummary(tc.sum); got != tc.en {
			t.Errorf("%+v in English: %q, want %q", tc.sum, got, tc.en)
		}
	}
	useLanguage(t, "fr")
	for _, tc := range []struct {
		sum feeds.Summary
		fr  string
	}{
		{feeds.Summary{NewItems: 1, Failed: 1}, "1 nouvel article ; 1 flux n'a pas pu être récupéré, il dit pourquoi."},
		{feeds.Summary{NewItems: 5, Fetched: 2, Unchanged: 3}, "5 nouveaux articles · 2 flux récupérés ; 3 inchangés"},
	} {
		if got := refreshSummary(tc.sum); got != tc.fr {
			t.Errorf("%+v in French: %q, want %q", tc.sum, got, tc.fr)
		}
	}
}
