package policy

import (
	"context"
	"strings"
	"testing"

	"github.com/advocate-app/advocate/advocacy/bundle"
)

func TestDemoPolicyParses(t *testing.T) {
	b, err := bundle.Demo().Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(b.Manifest.Policy, b.Policy)
	if err != nil {
		t.Fatal(err)
	}
	if p.About.Version != "2026.11.1" || p.About.Effective.IsZero() {
		t.Fatalf("info = %+v", p.About)
	}
	counts := p.Count()
	if counts[Block] < 5 || counts[Warn] < 3 || counts[Info] < 1 {
		t.Fatalf("severity counts = %v", counts)
	}
	for _, r := range p.Rules {
		if r.Why == "" || r.Source == "" || r.Line == 0 {
			t.Errorf("rule %s lacks why, source or line: %+v", r.ID, r)
		}
	}
	if len(p.Lexicons["secrecy"]) == 0 || len(p.QuietPeriods) != 1 || len(p.Disclosures) == 0 {
		t.Fatal("lexicons, quiet periods or disclosures not read")
	}
}

func TestBrokenPolicyNamesTheLine(t *testing.T) {
	cases := map[string]struct{ yaml, want string }{
		"syntax": {"policy:\n  name: A\n  version: [1\n", "policy.yaml:2: did not find expected"},
		"duplicate id": {`policy: {name: A, version: "1"}
rules:
  - id: a
    title: A
    severity: warn
  - id: a
    title: B
    severity: warn
`, `policy.yaml:6: rule id "a" is already used at line 3`},
		"bad severity": {`policy: {name: A, version: "1"}
rules:
  - id: a
    title: A
    severity: fatal
`, `policy.yaml:3: rule "a" has severity "fatal"`},
		"no header": {"rules: []\n", "policy.name and policy.version are required"},
		"wrong shape": {`policy: {name: A, version: "1"}
rules:
  - id: a
    title: A
    severity: warn
    examples: nope
`, "policy.yaml:6: cannot unmarshal"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Parse("policy.yaml", []byte(c.yaml))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Parse = %v, want %q", err, c.want)
			}
		})
	}
}
