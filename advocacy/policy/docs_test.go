package policy

import (
	"os"
	"regexp"
	"testing"
)

// TestComplianceGuideExamples runs every policy shown in the compliance
// staff guide: each parses, lints without errors and passes its examples.
func TestComplianceGuideExamples(t *testing.T) {
	guide, err := os.ReadFile("../../docs/compliance.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllSubmatch(guide, -1)
	if len(blocks) < 5 {
		t.Fatalf("only %d policies in the guide", len(blocks))
	}
	for i, b := range blocks {
		src := b[1]
		for _, p := range Lint(src) {
			if p.Error {
				t.Errorf("policy %d: %s", i+1, p.Format("guide"))
			}
		}
		e, err := Load("guide", src)
		if err != nil {
			t.Errorf("policy %d: %v", i+1, err)
			continue
		}
		fails, ran, err := e.RunExamples()
		if err != nil || ran == 0 {
			t.Errorf("policy %d: %d examples, %v", i+1, ran, err)
		}
		for _, f := range fails {
			t.Errorf("policy %d line %d: %s", i+1, f.Line, f)
		}
	}
}
