package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/policy"
)

// firstLabel is the text of the first label in o, depth first.
func firstLabel(o fyne.CanvasObject) string {
	switch w := o.(type) {
	case *widget.Label:
		return w.Text
	case *fyne.Container:
		for _, child := range w.Objects {
			if text := firstLabel(child); text != "" {
				return text
			}
		}
	}
	return ""
}

func TestFindingsAreListedMostSeriousFirst(t *testing.T) {
	sh, _ := newTestShell(t)
	c := sh.compose
	// Two warnings (a superlative, a shortened link), then a card number
	// at the end, which blocks.
	c.load(draft{network: "linkedin", text: "Atlas 3 is the best in the world, see bit.ly/atlas3 — pay with 4111 1111 1111 1111"})
	res := c.result
	if res.Verdict != policy.Blocked || len(res.Findings) < 3 {
		t.Fatalf("verdict %s, %d findings", res.Verdict, len(res.Findings))
	}
	shown := bySeverity(res.Findings)
	if shown[0].Severity != policy.Block {
		t.Fatalf("first shown %s (%s)", shown[0].Rule, shown[0].Severity)
	}
	for i := 1; i < len(shown); i++ {
		a, b := shown[i-1], shown[i]
		if severityRank[a.Severity] > severityRank[b.Severity] || (a.Severity == b.Severity && a.Start > b.Start) {
			t.Fatalf("order %d: %s@%d before %s@%d", i, a.Rule, a.Start, b.Rule, b.Start)
		}
	}
	cards := c.checks.findings.Objects
	if len(cards) != len(res.Findings) {
		t.Fatalf("%d cards for %d findings", len(cards), len(res.Findings))
	}
	if got := firstLabel(cards[0]); !strings.HasPrefix(got, severityTitle(policy.Block)+":") {
		t.Fatalf("the first card reads %q", got)
	}
}

func TestAnEmptyDraftClaimsNoCheck(t *testing.T) {
	sh, _ := newTestShell(t)
	c := sh.compose
	c.load(draft{network: "x", text: "Hello"})
	c.editor.SetText("   ")
	if got := c.checks.verdict.Text; got == "No problems found." || c.checks.icon.Visible() {
		t.Fatalf("an empty draft shows %q (icon shown: %v)", got, c.checks.icon.Visible())
	}
}
