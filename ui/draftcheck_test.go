package ui

import (
	"testing"

	"github.com/advocate-app/advocate/advocacy/policy"
)

func TestCheckDraftOnSeveralNetworksKeepsEachFindingOnce(t *testing.T) {
	sh, _ := newTestShell(t)
	in := policy.Input{Text: "Atlas 3 is the best robot in the world, ask me: ada@example.com", Role: "employee", At: testNow}
	dc, err := checkDraft(sh.s.engine, in, []string{"x", "linkedin", "mastodon"})
	if err != nil {
		t.Fatal(err)
	}
	one, _ := sh.s.engine.Check(policy.Input{Text: in.Text, Role: in.Role, At: in.At, Network: "x"})
	if len(one.Findings) < 2 || len(dc.results) != 3 || len(dc.combined.Findings) != len(one.Findings) || dc.combined.Verdict != one.Verdict {
		t.Fatalf("combined %d findings (%s), one network %d (%s)", len(dc.combined.Findings), dc.combined.Verdict, len(one.Findings), one.Verdict)
	}
	for i := 1; i < len(dc.combined.Findings); i++ {
		if dc.combined.Findings[i].Start < dc.combined.Findings[i-1].Start {
			t.Fatalf("findings out of text order: %+v", dc.combined.Findings)
		}
	}
	if worse(policy.WarnOnly, policy.Pass) != policy.WarnOnly || worse(policy.WarnOnly, policy.Blocked) != policy.Blocked {
		t.Fatal("worse does not keep the stricter verdict")
	}
}
