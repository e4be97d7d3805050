package policy

import (
	"slices"
	"strings"
	"testing"
)

func compileTest(t *testing.T, src string) *Engine {
	t.Helper()
	e, err := Load("p.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestNegationsReadAsNot: contractions, "not yet", "hasn't been" and the
// French "n'est pas encore" match the plain negated term, and the finding
// covers the words as written.
func TestNegationsReadAsNot(t *testing.T) {
	e := compileTest(t, `policy: {name: T, version: "1"}
rules:
  - id: np
    title: Not public
    severity: block
    terms: [not public, not announced, will not say, pas annoncé, acquisition]
`)
	cases := map[string][]string{
		"It isn't public":                          {"isn't public"},
		"it isn’t public (curly)":                  {"isn’t public"},
		"It's not yet public":                      {"not yet public"},
		"hasn't been announced":                    {"hasn't been announced"},
		"The date won't be announced":              {"won't be announced"},
		"It has not yet been officially announced": {"not yet been officially announced"},
		"I won't say":                              {"won't say"},
		"Ce n'est pas encore annoncé":              {"pas encore annoncé"},
		"l'acquisition de Brightarm":               {"acquisition"},
		"Qu'acquisition ?":                         {"acquisition"},
		"ISN'T PUBLIC":                             {"ISN'T PUBLIC"},
	}
	for text, want := range cases {
		if got := found(text, check(t, e, text), "np"); !slices.Equal(got, want) {
			t.Errorf("%q: found %q, want %q", text, got, want)
		}
	}
	for _, text := range []string{
		"Not yet.",                     // a filler at the end is kept: nothing follows
		"public, not",                  // wrong order
		"It is not a public holiday",   // another word between
		"The winner isn't chosen yet",  // another term
		"don't panic, it's all public", // a negation elsewhere
		"O'Neil's acquisitions",        // an Irish name is not an elision; plural matched
	} {
		got := found(text, check(t, e, text), "np")
		if text == "O'Neil's acquisitions" {
			if !slices.Equal(got, []string{"acquisitions"}) {
				t.Errorf("%q: found %q", text, got)
			}
			continue
		}
		if len(got) > 0 {
			t.Errorf("%q: found %q", text, got)
		}
	}
	// A term written with a contraction matches the long form too.
	e2 := compileTest(t, `policy: {name: T, version: "1"}
rules:
  - id: c
    title: C
    severity: warn
    terms: ["isn't official"]
`)
	if got := found("it is not official", check(t, e2, "it is not official"), "c"); len(got) != 1 {
		t.Errorf("long form: %q", got)
	}
}

const guardPolicy = `policy: {name: T, version: "1"}
protected_topics: [pay, salary, safety, union]
%s
lexicons:
  secrecy: [confidential, secret]
  deal: [merger]
rules:
  - id: conf
    title: Confidential
    severity: block
    terms: [confidential]
  - id: mnpi
    title: MNPI
    severity: block
    near: {a: deal, b: secrecy, within: 6}
  - id: tip
    title: Tip
    severity: block
    never_lowered: true
    terms: [buy shares]
  - id: pii
    title: PII
    severity: block
    detector: email
  - id: pat
    title: Pattern
    severity: warn
    pattern: "(?i)\\bhush\\b"
`

// TestProtectedContextGuard: a word-based finding in a sentence about a
// protected topic is lowered to info with the NLRA note; the same finding
// in another sentence is not; detectors and never_lowered rules keep their
// severity; with within: N the reach is N words.
func TestProtectedContextGuard(t *testing.T) {
	e := compileTest(t, strings.Replace(guardPolicy, "%s", "", 1))
	lowered := []string{
		"Salaries here are kept confidential and that's unfair.",
		"Our pay is secret, and the merger is too",
		"Why is our pay so hush hush?",
		"Confidential, says our union.\u00a0Fine", // the same sentence
		"The safety report was confidential. Let's talk",
	}
	for _, text := range lowered {
		res := check(t, e, text)
		if res.Verdict != Pass || len(res.Findings) == 0 {
			t.Errorf("%q: %+v", text, res)
			continue
		}
		for _, f := range res.Findings {
			if f.Severity != Info || !f.Protected || !strings.Contains(f.Message, "NLRA Section 7") {
				t.Errorf("%q: finding %+v not lowered", text, f)
			}
		}
	}
	kept := map[string]Verdict{
		"Our pay is fine. The deck is confidential.":      Blocked, // another sentence
		"Our pay is fine!\nConfidential roadmap attached": Blocked, // a line break ends it
		"Pay me at jane@gmail.com":                        Blocked, // a detector
		"Buy shares before the pay rise":                  Blocked, // never_lowered
		"See larkspur.example/salary confidential":        Pass,    // a dot inside a name does not end the sentence
	}
	for text, want := range kept {
		if res := check(t, e, text); res.Verdict != want {
			t.Errorf("%q: verdict %s, want %s: %+v", text, res.Verdict, want, res.Findings)
		}
	}
	w := compileTest(t, strings.Replace(guardPolicy, "%s", "protected_context: {within: 3}", 1))
	if res := check(t, w, "confidential a b salary. c"); res.Verdict != Pass {
		t.Errorf("within 3: %+v", res)
	}
	if res := check(t, w, "confidential a b c salary"); res.Verdict != Blocked {
		t.Errorf("4 words away: %+v", res)
	}
}

// TestUnlessReachesPastTheHit: a multi-word exception excuses a finding
// inside it ("confidential computing"), and only that one.
func TestUnlessReachesPastTheHit(t *testing.T) {
	e := compileTest(t, `policy: {name: T, version: "1"}
rules:
  - id: conf
    title: Confidential
    severity: block
    terms: [confidential]
    unless: ["confidential computing", "strictly speaking confidential"]
`)
	for text, want := range map[string]int{
		"Confidential computing is neat":                  0,
		"Strictly speaking confidential, heh":             0,
		"confidential computing, and a confidential deck": 1,
		"computing confidential":                          1,
		"confidential":                                    1,
	} {
		if got := found(text, check(t, e, text), "conf"); len(got) != want {
			t.Errorf("%q: found %q, want %d", text, got, want)
		}
	}
}

func TestLintNamesUnusedExceptions(t *testing.T) {
	src := `policy: {name: T, version: "1"}
rules:
  - id: conf
    title: Confidential
    why: w
    source: s
    severity: block
    terms: [confidential]
    unless: ["confidential computing", "confidential cat"]
    examples:
      flag: ["confidential deck"]
      pass: ["confidential computing"]
`
	var got []string
	for _, p := range Lint([]byte(src)) {
		got = append(got, p.Format("p.yaml"))
	}
	all := strings.Join(got, "\n")
	if !strings.Contains(all, `exception "confidential cat" excuses none`) || strings.Contains(all, `"confidential computing" excuses`) {
		t.Fatalf("lint said:\n%s", all)
	}
}

// TestBusinessContactsAreNotPersonal: toll-free and fictional numbers, the
// company's own numbers and addresses on its domains are not personal
// data; a mobile number and a webmail address are.
func TestBusinessContactsAreNotPersonal(t *testing.T) {
	e := compileTest(t, `policy: {name: T, version: "1"}
company: {domains: [larkspur.example], phones: ["+33 4 72 10 20 30"]}
rules:
  - id: pii
    title: PII
    severity: block
    detector: [email, phone]
`)
	for _, text := range []string{
		"Call 1-800-555-0199", "(888) 555-0123", "+1 877 555 0100", "+1 (833) 555-0142", "844-555-0150",
		"555-555-0123 is fictional", "Lyon office +33 4 72 10 20 30", "or 04 72 10 20 30", "Numéro vert 08 00 12 34 56",
		"press@larkspur.example", "jane.doe@eu.larkspur.example",
		// Not telephone numbers at all: an unassigned area code, Ofcom's
		// drama range; and premium-rate and shared-cost business lines.
		"(555) 123-4567 in films", "UK drama 07700 900461", "+44 7700 900123", "surtaxé 08 92 12 34 56",
		"+1 900 555 1234 premium", "0 810 12 34 56",
	} {
		if got := found(text, check(t, e, text), "pii"); len(got) > 0 {
			t.Errorf("%q: found %q", text, got)
		}
	}
	for text, want := range map[string]string{
		"Call 06 12 34 56 78":          "06 12 34 56 78",
		"Call +33 6 12 34 56 78":       "+33 6 12 34 56 78",
		"Text (512) 867-5309":          "(512) 867-5309",
		"UK mobile 07911 123456 ok":    "07911 123456",
		"+44 7911 123456":              "+44 7911 123456",
		"jane@gmail.com":               "jane@gmail.com",
		"jane@larkspur.example.com":    "jane@larkspur.example.com",
		"Call +1 415 555 0200 instead": "+1 415 555 0200",
	} {
		if got := found(text, check(t, e, text), "pii"); !slices.Equal(got, []string{want}) {
			t.Errorf("%q: found %q, want %q", text, got, want)
		}
	}
}

// TestCredentialShapes: credentials the prefix list does not know are
// found by their shape; technical look-alikes are not; a finding never
// repeats the credential in its message.
func TestCredentialShapes(t *testing.T) {
	e := demoFileEngine(t)
	secrets := map[string]string{
		"SENDGRID_API_KEY=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":                                             "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",
		"AccountName=lksp;AccountKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6QUJD==;EndpointSuffix=core.windows.net": "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6QUJD==",
		"HEROKU_API_KEY=5f3c8a2e-91b4-4d7a-8e6f-2c1b9d0a7e34":                                                                                "5f3c8a2e-91b4-4d7a-8e6f-2c1b9d0a7e34",
		"db: postgres://admin:Wint3r-2026@db.example.com/prod":                                                                               "admin:Wint3r-2026",
		"Authorization: Bearer 8c2f7a1e9b3d5f0a6c4e2b8d1f7a3c9eXk":                                                                           "8c2f7a1e9b3d5f0a6c4e2b8d1f7a3c9eXk",
		"the admin password is Sunshine!2026.":                                                                                               "Sunshine!2026",
		"token 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 ok":                                                                                    "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",
	}
	for text, want := range secrets {
		res := check(t, e, text)
		got := found(text, res, "secrets")
		if !slices.Contains(got, want) {
			t.Errorf("%q: found %q, want %q", text, got, want)
		}
		for _, f := range res.Findings {
			if f.Rule == "secrets" && !f.Sensitive {
				t.Errorf("%q: the finding is not marked sensitive", text)
			}
			if strings.Contains(f.Message, want) || strings.Contains(f.Fix, want) {
				t.Errorf("%q: finding %s repeats the secret: %q", text, f.Rule, f.Message)
			}
		}
	}
	for _, text := range []string{
		"Fixed in commit 9fceb02d0ae598e95dc970b74767f19372d61af8",
		"SHA256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		"Bug 123e4567-e89b-12d3-a456-426614174000 is fixed",
		"state-of-the-art-robotics-2026 is the hashtag",
		"#McDonaldsHappyMeal2026Promo is trending",
		"https://www.youtube.com/watch?v=dQw4w9WgXcQ",
		"https://example.com/docs?utm_source=linkedin&utm_campaign=q4-launch-2026",
		"password: ********",
		"My password is too long to remember",
		"https://user:****@example.com",
		"Title: Internationalization",
		"docs/compliance/2026/Q4-report-final-v3.pdf",
		"version=2.14.0-rc1",
	} {
		if got := found(text, check(t, e, text), "secrets"); len(got) > 0 {
			t.Errorf("%q: found %q", text, got)
		}
	}
}
