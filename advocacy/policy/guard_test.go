package policy

import (
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestAmbiguousTopicsNeedWorkCue: a protected topic that is also an
// everyday or product word (safety, hours, pay …) lowers a finding only in
// a sentence about work, and not when a product word follows it.
func TestAmbiguousTopicsNeedWorkCue(t *testing.T) {
	e := compileTest(t, strings.Replace(guardPolicy, "%s", "", 1))
	for text, want := range map[string]Verdict{
		"Confidential: the new safety feature ships in Q1, not announced yet": Blocked,
		"Confidential: our new safety feature ships in Q1":                    Blocked, // a product word follows
		"Confidential: pay attention to the roadmap":                          Blocked,
		"The safety memo is confidential and the guards are broken":           Pass,
		"Confidential: our pay is unfair":                                     Pass,
		"Confidential: the union asked about safety":                          Pass, // another topic is the cue
		"Confidential safety numbers. We deserve better":                      Blocked,
	} {
		if res := check(t, e, text); res.Verdict != want {
			t.Errorf("%q: verdict %s, want %s: %+v", text, res.Verdict, want, res.Findings)
		}
	}
	w := compileTest(t, strings.Replace(guardPolicy, "%s", "protected_context: {within: 3}", 1))
	if res := check(t, w, "confidential a b safety"); res.Verdict != Blocked {
		t.Errorf("within 3, no cue: %+v", res)
	}
	if res := check(t, w, "confidential, we b safety"); res.Verdict != Pass {
		t.Errorf("within 3, a cue: %+v", res)
	}
	own := compileTest(t, strings.Replace(guardPolicy, "%s", "protected_context: {ambiguous: [salary], cues: [unfair]}", 1))
	for text, want := range map[string]Verdict{
		"Confidential salary":         Blocked,
		"Confidential salary, unfair": Pass,
		"Confidential safety":         Pass, // no longer ambiguous in this policy
	} {
		if res := check(t, own, text); res.Verdict != want {
			t.Errorf("own lists, %q: verdict %s, want %s", text, res.Verdict, want)
		}
	}
}

// TestProposedDemoPolicyCatchesMarkerH90 runs the evaluation set against
// the demo policy with "feature" and "fonctionnalité" added to its
// documents lexicon (the change proposed for assets/demo/src/policy.yaml):
// the held-out marker-h90 is then blocked, and every other case keeps its
// verdict. With the guard of before, "safety" would have lowered it.
func TestProposedDemoPolicyCatchesMarkerH90(t *testing.T) {
	p := *demoFileEngine(t).Policy
	p.Lexicons = maps.Clone(p.Lexicons)
	p.Lexicons["documents"] = append(slices.Clone(p.Lexicons["documents"]), "feature", "fonctionnalité")
	e, err := Compile(&p)
	if err != nil {
		t.Fatal(err)
	}
	misses := 0
	for _, name := range []string{demoEvalSet, "testdata/eval/holdout.tsv"} {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		cases, err := ReadCases(name, f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		rep, err := e.Evaluate(cases)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range rep.Misses {
			misses++
			if m.ID != "mnpi-h14" {
				t.Errorf("%s: expected %s, got %s", m.ID, m.Expect, m.Got)
			}
		}
	}
	if misses != 1 {
		t.Errorf("%d misses, want only mnpi-h14", misses)
	}
	// The guard's part: with safety unambiguous (the guard of before),
	// the marker is lowered again.
	p.ProtectedContext.Ambiguous = []string{"none"}
	old, err := Compile(&p)
	if err != nil {
		t.Fatal(err)
	}
	if res := check(t, old, "Confidential: the new safety feature ships in Q1, not announced yet"); res.Verdict == Blocked {
		t.Errorf("with safety unambiguous the marker is still blocked: %+v", res.Findings)
	}
	if res := check(t, e, "Confidential: the new safety feature ships in Q1, not announced yet"); res.Verdict != Blocked {
		t.Errorf("marker-h90 not blocked: %+v", res.Findings)
	}
}
