package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/advocate-app/advocate/advocacy/policy"
)

// TestComposeSaysAProtectedPostIsNotBlockedInTheUsersLanguage: a post
// about broken safety guards quotes a memo marked "internal only"; the
// protected-context guard lowers the marker's finding, and Compose heads
// it "Protected" and says why in the user's language, not with the
// policy's English note.
func TestComposeSaysAProtectedPostIsNotBlockedInTheUsersLanguage(t *testing.T) {
	sh, _ := newTestShell(t)
	c := sh.compose
	sh.tabs.SelectIndex(screenCompose)
	c.editor.SetText("The safety memo they marked internal only says the guards are broken. That's not ok.")
	if c.result.Verdict == policy.Blocked {
		t.Fatalf("a protected post is blocked: %+v", c.result.Findings)
	}
	if !slices.ContainsFunc(c.result.Findings, func(f policy.Finding) bool { return f.Protected }) {
		t.Fatalf("the demo policy lowers nothing here: %+v", c.result.Findings)
	}
	shown := strings.Join(visibleTexts(c.checks.findings), " ")
	if !strings.Contains(shown, "Protected: ") || !strings.Contains(shown, "(NLRA Section 7), so this rule only notes it.") {
		t.Fatalf("the protected finding is not said so: %q", shown)
	}
	if strings.Contains(shown, policy.ProtectedNote) {
		t.Fatalf("the policy's note is shown as well: %q", shown)
	}
	useLanguage(t, "fr")
	c.checks.shown = ""
	c.editor.SetText(c.editor.Text + " ")
	if shown := strings.Join(visibleTexts(c.checks.findings), " "); !strings.Contains(shown, "Protégé : ") || !strings.Contains(shown, "est protégé (NLRA, section 7)") {
		t.Fatalf("in French: %q", shown)
	}
}
