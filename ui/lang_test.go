package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
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
