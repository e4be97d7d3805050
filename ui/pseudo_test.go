package ui

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"github.com/advocate-app/advocate/advocacy/appinfo"
	"github.com/advocate-app/advocate/advocacy/network"
)

// pseudoLetters replaces each ASCII letter with an accented look-alike.
var pseudoLetters = strings.NewReplacer(
	"a", "à", "b", "ƀ", "c", "ç", "d", "ð", "e", "é", "f", "ƒ", "g", "ĝ", "h", "ĥ", "i", "î", "j", "ĵ", "k", "ķ", "l", "ł", "m", "ɱ",
	"n", "ñ", "o", "ó", "p", "þ", "q", "ǫ", "r", "ŕ", "s", "š", "t", "ţ", "u", "û", "v", "ṽ", "w", "ŵ", "x", "ẋ", "y", "ý", "z", "ž",
	"A", "À", "B", "Ɓ", "C", "Ç", "D", "Ð", "E", "É", "F", "Ƒ", "G", "Ĝ", "H", "Ĥ", "I", "Î", "J", "Ĵ", "K", "Ķ", "L", "Ł", "M", "Ṁ",
	"N", "Ñ", "O", "Ó", "P", "Þ", "Q", "Ǫ", "R", "Ŕ", "S", "Š", "T", "Ţ", "U", "Û", "V", "Ṽ", "W", "Ŵ", "X", "Ẋ", "Y", "Ý", "Z", "Ž",
)

// pseudo translates a sentence into the pseudo-language: every letter
// becomes a look-alike outside ASCII, and the named values stay as they are.
func pseudo(s string) string {
	var b strings.Builder
	for {
		open := strings.Index(s, "{{")
		if open < 0 {
			b.WriteString(pseudoLetters.Replace(s))
			return b.String()
		}
		end := strings.Index(s[open:], "}}") + open + 2
		b.WriteString(pseudoLetters.Replace(s[:open]))
		b.WriteString(s[open:end])
		s = s[end:]
	}
}

// usePseudoLanguage makes the pseudo-language the user's language for the
// rest of the test, made from en.json.
func usePseudoLanguage(t *testing.T) {
	en := readTranslations(t, "translations/en.json")
	out := map[string]any{}
	for k, v := range en {
		tr := map[string]string{}
		for form, s := range forms(v) {
			tr[form] = pseudo(s)
		}
		out[k] = tr
	}
	data, _ := json.Marshal(out)
	useLanguage(t, "eo")
	if err := lang.AddTranslationsForLocale(data, fyne.Locale("eo")); err != nil {
		t.Fatal(err)
	}
	if got := lang.L("Settings"); got != "Šéţţîñĝš" {
		t.Fatalf("the pseudo-language is not in use: Settings is %q", got)
	}
}

// TestEveryWordShownIsTranslated shows each screen, the share dialog and
// the menus in a pseudo-language in which no translated word keeps an
// ASCII letter; every run of ASCII letters left on the screen must come
// from the data (the bundle, the news, the policy, the user's draft).
func TestEveryWordShownIsTranslated(t *testing.T) {
	usePseudoLanguage(t)
	sh, w := newTestShell(t)
	data := shownData(sh)
	zone, _ := sh.s.now().In(time.Local).Zone() // the computer's, named as it names it
	data = append(data, "("+zone+")")
	check := func(where string) {
		t.Helper()
		objs := visibleTexts(w.Canvas().Content())
		for _, o := range w.Canvas().Overlays().List() {
			objs = append(objs, visibleTexts(o)...)
		}
		for _, text := range objs {
			if bad := untranslated(text, data); bad != "" {
				t.Errorf("%s: %q is not translated (in %q)", where, bad, text)
			}
		}
	}
	for i, item := range sh.tabs.Items {
		sh.tabs.SelectIndex(i)
		check(item.Text)
	}
	sh.tabs.SelectIndex(4)
	sh.activity.tabs.SelectIndex(1)
	check("Impact")
	sh.tabs.SelectIndex(5)
	test.Type(sh.policy.bench.text, "Atlas 3 ships today, call 555-0100")
	sh.policy.bench.runExamples()
	check("Test bench")

	it := sh.content.items[0]
	sh.s.compose(draft{network: "linkedin", text: it.Captions("linkedin")[0], locked: it.Advocacy.Locked, origin: it.Title})
	typed := "Atlas 3 ships today, call 555-0100"
	sh.compose.editor.SetText(sh.compose.editor.Text + "\n" + typed)
	data = append(data, typed)
	check("Compose with a draft")
	sh.compose.chooseDestination("")
	check("Share dialog")

	for _, m := range sh.mainMenu().Items {
		for _, item := range append([]*fyne.MenuItem{{Label: m.Label}}, m.Items...) {
			if bad := untranslated(item.Label, data); bad != "" {
				t.Errorf("menu: %q is not translated", item.Label)
			}
		}
	}
}

// shownData collects the texts that come from data, not from the
// interface: what the bundle, the policy and the news say.
func shownData(sh *shell) []string {
	b := sh.s.state().Bundle
	out := []string{b.Manifest.Org.Name, b.Manifest.Version, b.Source, b.KeyID, appinfo.Name, appinfo.Version,
		sh.s.core.DataDir(), sh.s.state().Policy().About.Name, sh.s.state().Policy().About.Version,
		sh.s.core.MetricsStatus().Install} // the weekly totals' random identifier
	for _, n := range network.All {
		out = append(out, n.Title())
	}
	for _, it := range b.Content {
		out = append(out, it.Title, it.Summary, it.URL, it.Advocacy.Campaign, strings.Join(it.Tags, ", "))
		out = append(out, it.Advocacy.Locked...)
		for _, n := range network.All {
			out = append(out, it.Captions(n)...)
		}
	}
	for _, r := range sh.s.state().Policy().Rules {
		out = append(out, r.ID, r.Title, r.Why, r.Source, r.Fix, r.Message)
		out = append(out, r.Examples.Flag...)
		out = append(out, r.Examples.Pass...)
	}
	for _, s := range sh.news.subs {
		out = append(out, s.Title, s.URL)
	}
	for _, it := range sh.news.items {
		out = append(out, it.Title, it.Summary, it.Link)
	}
	for i, s := range out {
		out[i] = strings.Join(strings.Fields(s), " ")
	}
	return out
}

// visibleTexts lists the texts drawn by o and what it holds, leaving out
// what is hidden.
func visibleTexts(o fyne.CanvasObject) []string {
	var out []string
	for _, obj := range objectsUnder(o, true) {
		if text, ok := obj.(*canvas.Text); ok {
			out = append(out, text.Text)
		}
	}
	return out
}

// untranslated returns the first run of text holding an ASCII letter that
// is neither translated nor part of the data, or "".
func untranslated(text string, data []string) string {
	// A letter of the pseudo-language, or the separator between values.
	translated := func(r rune) bool { return r > unicode.MaxASCII && unicode.IsLetter(r) || r == '·' }
	for _, run := range strings.FieldsFunc(text, translated) {
		run = strings.TrimFunc(run, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if !strings.ContainsFunc(run, func(r rune) bool { return r <= unicode.MaxASCII && unicode.IsLetter(r) }) {
			continue
		}
		if !isData(strings.Fields(run), data) {
			return run
		}
	}
	return ""
}

// isData reports whether words are made of pieces of the data side by
// side, such as an organisation's name and a version, or are a date.
func isData(words []string, data []string) bool {
	// covered[i] is whether words[:i] is made of pieces of the data.
	covered := make([]bool, len(words)+1)
	covered[0] = true
	for i := 1; i <= len(words); i++ {
		for j := 0; j < i && !covered[i]; j++ {
			piece := strings.Join(words[j:i], " ")
			covered[i] = covered[j] && (isDate(piece) || slices.ContainsFunc(data, func(d string) bool { return strings.Contains(d, piece) }))
		}
	}
	return covered[len(words)]
}

// isDate reports whether the only words of run with letters are months,
// as in "28 Feb 2027 23:59": dates are written alike in every language.
func isDate(run string) bool {
	months := strings.Fields("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec")
	for _, w := range strings.Fields(run) {
		if strings.ContainsFunc(w, unicode.IsLetter) && !slices.Contains(months, w) {
			return false
		}
	}
	return true
}
