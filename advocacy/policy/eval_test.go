package policy

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// demoEvalSet is the demo policy's evaluation set, shipped beside the
// demo bundle; the held-out cases are in testdata/eval.
const demoEvalSet = "../../assets/demo/eval.tsv"

// TestEvalSet runs the labelled posts of the demo's evaluation set and of
// testdata/eval against the demo policy: every case must get the verdict
// it is labelled with, which means full recall on the blocking
// categories, no protected speech blocked and no ordinary post warned. The
// table is logged (go test -v).
func TestEvalSet(t *testing.T) {
	e := demoFileEngine(t)
	held, err := filepath.Glob("testdata/eval/*.tsv")
	if err != nil || len(held) == 0 {
		t.Fatalf("no held-out evaluation set: %v", err)
	}
	files := append([]string{demoEvalSet}, held...)
	total := 0
	stale := map[string]bool{}
	for id := range knownMisses {
		stale[id] = true
	}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		cases, err := ReadCases(name, f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		total += len(cases)
		rep, err := e.Evaluate(cases)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		rep.Write(&out, name)
		t.Logf("%s:\n%s", name, out.String())
		for _, m := range rep.Misses {
			if why, ok := knownMisses[m.ID]; ok {
				delete(stale, m.ID)
				t.Logf("known miss %s: %s", m.ID, why)
				continue
			}
			t.Errorf("%s: expected %s, got %s (%s): %s", m.ID, m.Expect, m.Got, strings.Join(m.Rules, ", "), Redact(m.Text, 80))
		}
	}
	for id := range stale {
		t.Errorf("known miss %s is no longer missed: remove it from knownMisses", id)
	}
	if total < 400 {
		t.Errorf("only %d cases", total)
	}
}

// knownMisses are held-out cases the demo policy still gets wrong, kept in
// the set so that the command reports them.
var knownMisses = map[string]string{
	"mnpi-h14": "a person's own revenue said to be not public reads as results news: proximity cannot tell whose revenue it is",
	// Written after the eval by another reader. The guard no longer takes
	// "safety feature" for a working condition (guard_cues.go), but no
	// rule of the demo policy finds "Confidential:" before a product
	// feature: its documents lexicon lacks "feature".
	// TestProposedDemoPolicyCatchesMarkerH90 shows the one-line change
	// that catches it.
	"marker-h90": "the demo policy's documents lexicon has no \"feature\", so \"Confidential: the new safety feature\" is near no document word",
}

func TestReadCasesRefusesBadLines(t *testing.T) {
	for _, bad := range []string{
		"a-1\temployee\tx\t\tblock",                                // too few columns
		"a-1\tmanager\tx\t\tblock\ttext",                           // role
		"a-1\temployee\tmyspace\t\tblock\ttext",                    // network
		"a-1\temployee\tx\tyesterday\tblock\ttext",                 // time
		"a-1\temployee\tx\t\tmaybe\ttext",                          // expectation
		"a-1\temployee\tx\t\tpass\tt\na-1\temployee\tx\t\tpass\tt", // duplicate id
	} {
		if _, err := ReadCases("cases.tsv", strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "cases.tsv:") {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
	cases, err := ReadCases("cases.tsv", strings.NewReader("id\trole\tnetwork\tat\texpected\ttext\treason\n# note\n\nmnpi-1\talumni\tbluesky\t2026-12-20T09:00:00Z\tnotblock\tline\\none\twhy\n"))
	if err != nil || len(cases) != 1 || cases[0].Category != "mnpi" || cases[0].Text != "line\none" || cases[0].Reason != "why" || cases[0].At.IsZero() {
		t.Fatalf("cases = %+v, %v", cases, err)
	}
}

func TestEvaluateCountsPrecisionAndRecall(t *testing.T) {
	e := demoFileEngine(t)
	cases, err := ReadCases("c.tsv", strings.NewReader(strings.Join([]string{
		"m-1\temployee\tx\t\tblock\tBig acquisition coming, not announced yet",     // true positive
		"m-2\temployee\tx\t\tblock\tLovely walk",                                   // false negative
		"m-3\temployee\tx\t\tpass\tOur internal hackathon was fun",                 // true negative
		"m-4\temployee\tx\t\tpass\tInternal only roadmap, have a look",             // false positive
		"m-5\temployee\tx\t\twarn\tSneak peek from a CONFIDENTIAL deck",            // flagged, too strictly
		"p-1\temployee\tx\t\tnotblock\tOur pay is confidential and that is unfair", // protected
	}, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := e.Evaluate(cases)
	if err != nil {
		t.Fatal(err)
	}
	m := rep.Categories[0]
	if m.Category != "m" || m.Cases != 5 || m.Positives != 3 || m.TruePos != 2 || m.FalseNeg != 1 || m.FalsePos != 1 || m.Failed != 3 {
		t.Fatalf("stats = %+v", m)
	}
	if p, r := m.Precision(), m.Recall(); p != 2.0/3 || r != 2.0/3 {
		t.Fatalf("precision %v recall %v", p, r)
	}
	if p := rep.Categories[1]; p.Failed != 0 || p.Recall() != -1 {
		t.Fatalf("protected = %+v", p)
	}
	var out bytes.Buffer
	rep.Write(&out, "c.tsv")
	if !strings.Contains(out.String(), "c.tsv:2: m-2: expected block, got pass") || !strings.Contains(out.String(), "66.7%") {
		t.Fatalf("report:\n%s", out.String())
	}
}

func TestRedactCutsLongRuns(t *testing.T) {
	got := Redact("key ghp_16C7e42F292c6912E7710c838347Ae178B4a ok, card 4111111111111111", 200)
	if strings.Contains(got, "16C7e42F") || strings.Contains(got, "41111111") || !strings.Contains(got, "ghp_…") {
		t.Fatalf("Redact = %q", got)
	}
}
