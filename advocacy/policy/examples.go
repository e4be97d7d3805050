package policy

import (
	"fmt"
	"time"

	"github.com/advocate-app/advocate/advocacy/network"
)

// ExampleFailure is an example that did not behave as its rule says.
type ExampleFailure struct {
	Rule string
	Line int
	// Want is "flag" or "pass".
	Want string
	Text string
	// Got says what happened instead.
	Got string
}

func (f ExampleFailure) String() string {
	return fmt.Sprintf("rule %s: %q should %s but %s", f.Rule, f.Text, f.Want, f.Got)
}

// exampleInput is the post an example stands for: the first role and
// network the rule applies to (employee and LinkedIn otherwise), at the
// start of the first quiet period it is limited to, or when the policy
// took effect.
func (e *Engine) exampleInput(r Rule, text string) Input {
	in := Input{Text: text, Role: "employee", Network: network.LinkedIn, At: e.Policy.About.Effective}
	if len(r.Applies.Roles) > 0 {
		in.Role = r.Applies.Roles[0]
	}
	if len(r.Applies.Networks) > 0 {
		in.Network = r.Applies.Networks[0]
	}
	for _, q := range e.Policy.QuietPeriods {
		if len(r.Applies.During) > 0 && q.ID == r.Applies.During[0] {
			in.At = q.From
		}
	}
	if in.At.IsZero() {
		in.At = time.Now()
	}
	return in
}

// RunExamples checks every rule against its own examples: each flag
// example must draw a finding from that rule, each pass example none. The
// pass examples of protected rules are checked against the whole policy:
// none may be blocked.
func (e *Engine) RunExamples() ([]ExampleFailure, int, error) {
	var fails []ExampleFailure
	ran := 0
	for _, r := range e.rules {
		for _, want := range []string{"flag", "pass"} {
			texts := r.Examples.Flag
			if want == "pass" {
				texts = r.Examples.Pass
			}
			for _, text := range texts {
				ran++
				res, err := e.Check(e.exampleInput(r.Rule, text))
				if err != nil {
					return nil, ran, err
				}
				if got, ok := judge(r.Rule, want, res); !ok {
					fails = append(fails, ExampleFailure{Rule: r.ID, Line: r.Line, Want: want, Text: text, Got: got})
				}
			}
		}
	}
	return fails, ran, nil
}

func judge(r Rule, want string, res Result) (string, bool) {
	if r.Protected {
		for _, f := range res.Findings {
			if f.Severity == Block {
				return fmt.Sprintf("rule %s blocks it, and it is protected speech", f.Rule), false
			}
		}
		return "", true
	}
	var mine []Finding
	for _, f := range res.Findings {
		if f.Rule == r.ID {
			mine = append(mine, f)
		}
	}
	switch {
	case want == "flag" && len(mine) == 0:
		return "the rule found nothing", false
	case want == "pass" && len(mine) > 0:
		return fmt.Sprintf("the rule flagged code points %d-%d", mine[0].Start, mine[0].End), false
	}
	return "", true
}
