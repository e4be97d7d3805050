package policy

import (
	"context"
	"strings"
	"testing"

	"github.com/advocate-app/advocate/advocacy/bundle"
)

func TestDemoPolicyLintsClean(t *testing.T) {
	b, err := bundle.Demo().Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range Lint(b.Policy) {
		t.Errorf("%s (error %v)", p.Format("policy.yaml"), p.Error)
	}
}

func TestLintFindsEachKindOfProblem(t *testing.T) {
	src := `policy: {name: T, version: "1"}
protected_topics: [union]
lexicons:
  empty: []
  spare: [thing]
  words: [union, strike]
rules:
  - id: a
    title: A
    severity: warn
    pattern: "(oops"
    examples: {flag: [x]}
  - id: a
    title: Again
    severity: warn
    lexicon: words
    examples: {flag: [strike]}
  - id: c
    title: Nothing
    severity: info
    why: w
    source: s
  - id: d
    title: D
    severity: block
    lexicon: missing
    colour: red
    examples: {pass: [fine]}
`
	want := []string{
		`:4: lexicon "empty" is empty`,
		`:4: lexicon "empty" is not used`,
		`:5: lexicon "spare" is not used`,
		`:8: rule "a": pattern: error parsing regexp`,
		`:13: rule id "a" is already used at line 8`,
		`:13: rule "a": term "union" is a protected topic`,
		`:18: rule "c": matches nothing`,
		`:18: rule "c": has no examples`,
		`:27: unknown key "colour"`,
		`:23: rule "d": no lexicon named "missing"`,
		`:23: rule "d": has no examples it must flag`,
		`:23: rule "d": should say why`,
	}
	var got []string
	for _, p := range Lint([]byte(src)) {
		got = append(got, p.Format("p.yaml"))
	}
	all := strings.Join(got, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("lint does not report %q; it said:\n%s", w, all)
		}
	}
	if len(Lint([]byte("rules: [\n"))) != 1 {
		t.Error("a syntax error should be one problem")
	}
}
