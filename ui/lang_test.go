package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestEveryTranslatedWordIsInTheSourceLanguage reads the ui sources for
// lang.L("…") and checks each is a key of translations/en.json, and that
// en.json holds no key nothing uses.
func TestEveryTranslatedWordIsInTheSourceLanguage(t *testing.T) {
	data, err := os.ReadFile("translations/en.json")
	if err != nil {
		t.Fatal(err)
	}
	en := map[string]string{}
	if err := json.Unmarshal(data, &en); err != nil {
		t.Fatalf("en.json: %v", err)
	}
	used := map[string]bool{}
	for _, k := range []string{tabContent, tabNews, tabCompose, tabAccounts, tabActivity, tabPolicy, tabSettings} {
		used[k] = true
	}
	sh, _ := newTestShell(t)
	for _, sc := range sh.shortcuts()[7:] {
		used[sc.what] = true
	}
	call := regexp.MustCompile(`lang\.L\(("(?:[^"\\]|\\.)*")\)`)
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, _ := os.ReadFile(f)
		for _, m := range call.FindAllStringSubmatch(string(src), -1) {
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
	if len(used) < 40 {
		t.Fatalf("only %d words found: is the pattern still right?", len(used))
	}
}
