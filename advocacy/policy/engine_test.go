package policy

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/advocate-app/advocate/advocacy/bundle"
)

func demoEngine(t testing.TB) *Engine {
	t.Helper()
	b, err := bundle.Demo().Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse("policy.yaml", b.Policy)
	if err != nil {
		t.Fatal(err)
	}
	e, err := Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestDemoPolicyExamples runs every example of the demo policy.
func TestDemoPolicyExamples(t *testing.T) {
	fails, ran, err := demoEngine(t).RunExamples()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fails {
		t.Errorf("line %d: %s", f.Line, f)
	}
	if ran < 30 {
		t.Fatalf("only %d examples ran", ran)
	}
}

var inForce = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

// check runs text through the demo policy as an employee posting on X now.
func check(t *testing.T, e *Engine, text string, opts ...func(*Input)) Result {
	t.Helper()
	in := Input{Text: text, Role: "employee", Network: "x", At: inForce}
	for _, o := range opts {
		o(&in)
	}
	res, err := e.Check(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		if f.Start < 0 || f.End > utf8.RuneCountInString(text) || f.Start > f.End {
			t.Fatalf("finding %s has span %d-%d outside the text", f.Rule, f.Start, f.End)
		}
	}
	return res
}

// found returns the text each finding of rule covers.
func found(text string, res Result, rule string) []string {
	var out []string
	for _, f := range res.Findings {
		if f.Rule == rule {
			out = append(out, string([]rune(text)[f.Start:f.End]))
		}
	}
	return out
}

// wordEngine is the demo policy with one more rule, confidential-word,
// that blocks the word "confidential" on its own (the demo policy blocks it
// only when it qualifies a document), for tests of how words are read.
func wordEngine(t testing.TB) *Engine {
	t.Helper()
	p := *demoEngine(t).Policy
	p.Rules = append(slices.Clone(p.Rules), Rule{ID: "confidential-word", Title: "Confidential", Severity: Block, Terms: []string{"confidential"}})
	e, err := Compile(&p)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestLexiconMatchesWhatNaiveBlocklistsMiss(t *testing.T) {
	e := wordEngine(t)
	cases := map[string]string{
		"Leaked: a c0nfidential memo":     "c0nfidential",
		"a con\u200bfid\u200dential memo": "con\u200bfid\u200dential",
		"two CONFIDENTIALS in one week":   "CONFIDENTIALS",
		"ｃｏｎｆｉｄｅｎｔｉａｌ, in fullwidth":      "ｃｏｎｆｉｄｅｎｔｉａｌ",
		"do-not-distribute deck":          "do-not-distribute",
		"Do not\ndistribute this":         "Do not\ndistribute",
		"shared under N.D.A.":             "under N.D.A",
		"Confidéntial with an accent":     "Confidéntial",
	}
	for text, want := range cases {
		rule := "confidential-word"
		if strings.Contains(want, "istribute") || strings.Contains(want, "N.D.A") {
			rule = "confidential-markers"
		}
		got := found(text, check(t, e, text), rule)
		if len(got) != 1 || got[0] != want {
			t.Errorf("%q: found %q, want %q", text, got, want)
		}
	}
	for _, text := range []string{"Confidentiality notices are boring", "nonconfidential", "Scunthorpe"} {
		if res := check(t, e, text); res.Verdict != Pass {
			t.Errorf("%q: verdict %s, findings %+v", text, res.Verdict, res.Findings)
		}
	}
}

func TestProfanityObfuscations(t *testing.T) {
	e := demoEngine(t)
	for _, text := range []string{"sh!t happens", "$hit happens", "Sh1t happens", "what the fuck", "bullshit"} {
		if got := found(text, check(t, e, text), "profanity"); len(got) != 1 {
			t.Errorf("%q: profanity found %q", text, got)
		}
	}
	for _, text := range []string{"Shitake mushrooms", "Scunthorpe", "Great! Thanks"} {
		if got := found(text, check(t, e, text), "profanity"); len(got) != 0 {
			t.Errorf("%q: profanity found %q", text, got)
		}
	}
}

func TestDetectors(t *testing.T) {
	e := demoEngine(t)
	cases := []struct {
		rule, text string
		want       []string
	}{
		{"pii-payment-card", "card 4111-1111-1111-1111 and 5500 0000 0000 0004", []string{"4111-1111-1111-1111", "5500 0000 0000 0004"}},
		{"pii-payment-card", "order 4111111111111112 and 0000 0000 0000 0000", nil},
		{"pii-national-id", "SSN 078-05-1120", []string{"078-05-1120"}},
		{"pii-national-id", "not issued: 000-12-3456 666-12-3456 912-12-3456 123-00-4567", nil},
		{"pii-iban", "IBAN DE89370400440532013000 please", []string{"DE89370400440532013000"}},
		{"pii-iban", "IBAN DE89370400440532013001", nil},
		{"pii-contact", "call (512) 867-5309 or 512.867.5309", []string{"(512) 867-5309", "512.867.5309"}},
		{"pii-contact", "call me on +1 (415) 555-2671 today", []string{"+1 (415) 555-2671"}},
		{"pii-contact", "on 2026-11-22 at 10:30, room 123-4567", nil},
		{"secrets", "key ghp_" + strings.Repeat("a1B2", 9) + " leaked", []string{"ghp_" + strings.Repeat("a1B2", 9)}},
		{"secrets", "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----", []string{"-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----"}},
		{"secrets", "wifi password: hunter22", []string{"hunter22"}},
		{"secrets", "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", []string{"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"}},
		{"internal-links", "see https://192.168.1.20:8443/x and http://build.corp/ and http://localhost:3000 and https://jira.larkspur.example/ABC-1", []string{"https://192.168.1.20:8443/x", "http://build.corp/", "http://localhost:3000", "https://jira.larkspur.example/ABC-1"}},
		{"internal-links", "see https://larkspur.example/atlas-3 and https://8.8.8.8/", nil},
		{"shorteners", "read https://bit.ly/3xyz or t.co/abc", []string{"https://bit.ly/3xyz", "t.co/abc"}},
	}
	for _, c := range cases {
		got := found(c.text, check(t, e, c.text), c.rule)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s on %q: found %q, want %q", c.rule, c.text, got, c.want)
		}
	}
}

func TestExceptionsAreHonoured(t *testing.T) {
	e := demoEngine(t)
	text := "write to careers@larkspur.example or jane@gmail.com"
	if got := found(text, check(t, e, text), "pii-contact"); !slices.Equal(got, []string{"jane@gmail.com"}) {
		t.Fatalf("found %q", got)
	}
}

func TestDisclosureRuleIsForEmployeesOnly(t *testing.T) {
	e := demoEngine(t)
	text := "Atlas 3 from Larkspur is out"
	res := check(t, e, text)
	if res.Verdict != WarnOnly || len(found(text, res, "ftc-disclosure")) != 1 {
		t.Fatalf("employee: %+v", res)
	}
	if f := res.Findings[0]; f.Fix == "" || !strings.Contains(f.Message, "readers must be told") || f.Start != 0 || f.End != 7 {
		t.Fatalf("finding = %+v", f)
	}
	if res := check(t, e, text+" #LarkspurEmployee"); res.Verdict != Pass {
		t.Fatalf("with a disclosure: %+v", res)
	}
	if res := check(t, e, text, func(in *Input) { in.Role = "alumni" }); res.Verdict != Pass {
		t.Fatalf("alumni: %+v", res)
	}
	link := "Look: https://larkspur.example/atlas-3"
	if got := found(link, check(t, e, link), "ftc-disclosure"); len(got) != 1 {
		t.Fatalf("a link to the company's domain is a mention: %q", got)
	}
}

func TestQuietPeriod(t *testing.T) {
	e := demoEngine(t)
	text := "Larkspur had a great quarter. I work at Larkspur."
	if res := check(t, e, text); res.Verdict != Pass {
		t.Fatalf("before the quiet period: %+v", res)
	}
	during := func(in *Input) { in.At = time.Date(2026, 12, 20, 9, 0, 0, 0, time.UTC) }
	res := check(t, e, text, during)
	if res.Verdict != Blocked || len(found(text, res, "quiet-period")) != 1 {
		t.Fatalf("during the quiet period: %+v", res)
	}
	if res := check(t, e, "Lovely snow today", during); res.Verdict != Pass {
		t.Fatalf("not about the company: %+v", res)
	}
}

func TestLockedTextAndLength(t *testing.T) {
	e := demoEngine(t)
	locked := func(in *Input) { in.Locked = []string{"I work at Larkspur."} }
	if res := check(t, e, "Atlas 3 ships. I work at Larkspur.", locked); res.Verdict != Pass {
		t.Fatalf("locked text kept: %+v", res)
	}
	res := check(t, e, "Atlas 3 ships. I work at Larkspur", locked)
	if len(found("Atlas 3 ships. I work at Larkspur", res, "locked-text")) != 1 || res.Verdict != Blocked {
		t.Fatalf("locked text changed: %+v", res)
	}
	long := strings.Repeat("word ", 60)
	res = check(t, e, long)
	if res.Length.Count != 300 || res.Length.Limit != 280 || res.Verdict != Blocked {
		t.Fatalf("length = %+v, verdict %s", res.Length, res.Verdict)
	}
	if f := res.Findings[0]; f.Rule != "length" || f.Start != 280 || f.End != 300 || !strings.Contains(f.Message, "300 of 280") {
		t.Fatalf("length finding = %+v", f)
	}
	if res := check(t, e, long, func(in *Input) { in.Network = "linkedin" }); res.Verdict != Pass {
		t.Fatalf("on LinkedIn: %+v", res)
	}
}

// TestProtectedTopicsAreNeverBlocked: even a careless rule that lists
// protected words cannot block a post for them.
func TestProtectedTopicsAreNeverBlocked(t *testing.T) {
	p, err := Parse("p.yaml", []byte(`policy: {name: T, version: "1"}
protected_topics: [pay, union, working conditions]
rules:
  - id: careless
    title: Careless rule
    severity: block
    terms: [union, working conditions, strike fund]
`))
	if err != nil {
		t.Fatal(err)
	}
	e, err := Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"Thinking of joining a union", "Our working conditions need fixing"} {
		res := check(t, e, text)
		if res.Verdict != Pass || len(res.Findings) != 1 || !res.Findings[0].Protected || res.Findings[0].Severity != Info {
			t.Errorf("%q: %+v", text, res)
		}
	}
	if res := check(t, e, "Donate to the strike fund"); res.Verdict != Blocked {
		t.Errorf("a term that is not protected: %+v", res)
	}
}

func TestUnknownKeysAndBadRulesAreReported(t *testing.T) {
	_, err := Parse("p.yaml", []byte(`policy: {name: T, version: "1"}
rules:
  - id: a
    title: A
    severity: warn
    termz: [x]
`))
	if err == nil || !strings.Contains(err.Error(), `p.yaml:6: unknown key "termz"`) {
		t.Fatalf("Parse = %v", err)
	}
	for src, want := range map[string]string{
		"pattern: '(unclosed'":            "pattern:",
		"lexicon: nope":                   `no lexicon named "nope"`,
		"detector: telepathy":             `no detector named "telepathy"`,
		"require: {if: sometimes}":        `require.if is "sometimes"`,
		"near: {a: [], b: [], within: 0}": "near.within",
	} {
		p, err := Parse("p.yaml", []byte("policy: {name: T, version: \"1\"}\nrules:\n  - id: a\n    title: A\n    severity: warn\n    "+src+"\n"))
		if err != nil {
			t.Fatalf("%s: Parse: %v", src, err)
		}
		if _, err := Compile(p); err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "line 3") {
			t.Errorf("%s: Compile = %v, want %q", src, err, want)
		}
	}
}

func TestPatternRule(t *testing.T) {
	e, err := Load("p.yaml", []byte(`policy: {name: T, version: "1"}
rules:
  - id: codename
    title: Project code name
    why: Code names are internal.
    source: Security policy
    severity: block
    pattern: '(?i)\bproject\s+falcon\b'
    unless: [falconry]
    examples: {flag: ["Working on Project  Falcon"], pass: ["falconry club"]}
`))
	if err != nil {
		t.Fatal(err)
	}
	text := "Naïve note: PROJECT falcon ships soon"
	if got := found(text, check(t, e, text), "codename"); !slices.Equal(got, []string{"PROJECT falcon"}) {
		t.Fatalf("found %q", got)
	}
	fails, ran, err := e.RunExamples()
	if err != nil || ran != 2 || len(fails) != 0 {
		t.Fatalf("examples: %d ran, %v, %v", ran, fails, err)
	}
}
