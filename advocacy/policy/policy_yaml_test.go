package policy

import (
	"fmt"
	"strings"
	"testing"
)

// aliasedPolicy is a policy whose rules each name the same anchored list
// through an alias: every alias is decoded as a copy of the whole list.
func aliasedPolicy(terms, rules int) string {
	var b strings.Builder
	b.WriteString("policy: {name: T, version: \"1\"}\nlexicons:\n  big: &big [")
	for i := range terms {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "w%d", i)
	}
	b.WriteString("]\nrules:\n")
	for i := range rules {
		fmt.Fprintf(&b, "  - id: r%d\n    title: R\n    severity: warn\n    lexicon: *big\n", i)
	}
	return b.String()
}

// TestAliasesAreBudgetedForTheWholeFile: aliases that each stay small but
// together repeat an anchor's value many times are refused, naming the
// alias that goes over the budget. Before, each rule was decoded with a
// budget of its own, and a 1.8 MB file of them took minutes and gigabytes.
func TestAliasesAreBudgetedForTheWholeFile(t *testing.T) {
	// 2,001 values per alias: the fifth alias (rule r4, line 8 + 4*4)
	// passes 10,000.
	_, err := Parse("p.yaml", []byte(aliasedPolicy(2000, 50)))
	if err == nil || !strings.Contains(err.Error(), "p.yaml:24: alias *big: aliases repeat more than 10000 values from anchors") {
		t.Fatalf("Parse = %v", err)
	}
	if ps := Lint([]byte(aliasedPolicy(2000, 50))); len(ps) != 1 || ps[0].Line != 24 || !ps[0].Error {
		t.Fatalf("Lint = %+v", ps)
	}
}

// TestBillionLaughsIsRefused: nested anchors, each ten aliases of the one
// before, stand for 10^9 values in a few lines; they are counted without
// being expanded.
func TestBillionLaughsIsRefused(t *testing.T) {
	var b strings.Builder
	b.WriteString("policy: {name: T, version: \"1\"}\nlexicons:\n  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i <= 9; i++ {
		p := fmt.Sprintf("*l%d", i-1)
		fmt.Fprintf(&b, "  l%d: &l%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(p+", ", 10), ", "))
	}
	_, err := Parse("p.yaml", []byte(b.String()))
	// l1 adds 10*11 values, l2 10*111, and the eighth alias of l2 in l3
	// (line 6) goes past 10,000.
	if err == nil || !strings.Contains(err.Error(), "p.yaml:6: alias *l2: aliases repeat more than 10000 values") {
		t.Fatalf("Parse = %v", err)
	}
}

// TestAModestAliasIsAllowed: an anchor reused a few times is ordinary YAML.
func TestAModestAliasIsAllowed(t *testing.T) {
	p, err := Parse("p.yaml", []byte(`policy: {name: T, version: "1"}
rules:
  - id: a
    title: A
    severity: warn
    applies: &employees {roles: [employee], networks: [x, linkedin]}
    terms: [alpha]
  - id: b
    title: B
    severity: warn
    applies: *employees
    terms: [beta]
`))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Rules[1].Applies.Roles; len(got) != 1 || got[0] != "employee" {
		t.Fatalf("applies = %+v", p.Rules[1].Applies)
	}
}

// TestAliasInsideItsOwnAnchorIsRefused names the line of the alias.
func TestAliasInsideItsOwnAnchorIsRefused(t *testing.T) {
	_, err := Parse("p.yaml", []byte("policy: {name: T, version: \"1\"}\nlexicons:\n  a: &a [x,\n    *a]\n"))
	if err == nil || !strings.Contains(err.Error(), "p.yaml:4: alias *a is inside the value of its own anchor") {
		t.Fatalf("Parse = %v", err)
	}
}

// TestSecondDocumentIsRefused: rules after a "---" were silently ignored.
func TestSecondDocumentIsRefused(t *testing.T) {
	src := `policy: {name: T, version: "1"}
rules:
  - id: a
    title: A
    severity: warn
    terms: [alpha]
---
rules:
  - id: b
    title: B
    severity: block
    terms: [beta]
`
	_, err := Parse("p.yaml", []byte(src))
	if err == nil || !strings.Contains(err.Error(), `p.yaml:7: a second YAML document starts here ("---")`) {
		t.Fatalf("Parse = %v", err)
	}
	if ps := Lint([]byte(src)); len(ps) != 1 || ps[0].Line != 7 || !ps[0].Error {
		t.Fatalf("Lint = %+v", ps)
	}
	// A syntax error in a later document is reported, not skipped.
	if _, err := Parse("p.yaml", []byte("policy: {name: T, version: \"1\"}\n---\nrules: [\n")); err == nil || !strings.Contains(err.Error(), "p.yaml:") {
		t.Fatalf("Parse = %v", err)
	}
	// Markers around one document are fine.
	for _, ok := range []string{
		"---\npolicy: {name: T, version: \"1\"}\n",
		"policy: {name: T, version: \"1\"}\n---\n",
		"policy: {name: T, version: \"1\"}\n...\n",
		"policy: {name: T, version: \"1\"}\n---\n# nothing here\n",
	} {
		if _, err := Parse("p.yaml", []byte(ok)); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
}
