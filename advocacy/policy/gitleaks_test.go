package policy

import (
	"math"
	"os"
	"regexp"
	"regexp/syntax"
	"strings"
	"testing"
	"unicode"

	"github.com/BurntSushi/toml"
)

// gitleaksFile is gitleaks' default rule set (MIT), read from the shared
// conformance folder when it is there; it is never copied into the project.
const gitleaksFile = "../../../shared/conformance/gitleaks/gitleaks.toml"

type gitleaksRule struct {
	ID          string   `toml:"id"`
	Regex       string   `toml:"regex"`
	Path        string   `toml:"path"`
	Entropy     float64  `toml:"entropy"`
	Keywords    []string `toml:"keywords"`
	SecretGroup int      `toml:"secretGroup"`
}

func loadGitleaks(t *testing.T) []gitleaksRule {
	t.Helper()
	data, err := os.ReadFile(gitleaksFile)
	if err != nil {
		t.Skipf("gitleaks rules not here (%v)", err)
	}
	var cfg struct {
		Rules []gitleaksRule `toml:"rules"`
	}
	if err := toml.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	return cfg.Rules
}

// secretGen writes a string that a regular expression matches: each
// repeated character class as a run of varied characters (a secret's high
// entropy), or, with flat set, as one character repeated (a look-alike a
// scanner must not take for a secret).
type secretGen struct {
	flat bool
	seed int
	// spaced writes a space for a word boundary that follows a word
	// character ("kind: secret" then "data:"), so that the next word is one.
	spaced bool
	// mixed picks a class's characters from a pseudo-random sequence
	// rather than a fixed stride, for rules whose entropy threshold the
	// stride does not reach.
	mixed bool
	state uint32
	b     strings.Builder
}

func (g *secretGen) gen(re *syntax.Regexp) {
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			if re.Flags&syntax.FoldCase != 0 {
				r = unicode.ToLower(r)
			}
			g.b.WriteRune(r)
		}
	case syntax.OpCharClass:
		g.class(re.Rune, 1)
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		g.b.WriteByte('x')
	case syntax.OpWordBoundary:
		if str := g.b.String(); g.spaced && str != "" && isWordByte(str[len(str)-1]) {
			g.b.WriteByte(' ')
		}
	case syntax.OpCapture:
		g.gen(re.Sub[0])
	case syntax.OpConcat:
		for _, s := range re.Sub {
			g.gen(s)
		}
	case syntax.OpAlternate:
		g.gen(re.Sub[0])
	case syntax.OpStar, syntax.OpQuest:
	case syntax.OpPlus:
		g.repeat(re.Sub[0], 1, -1)
	case syntax.OpRepeat:
		g.repeat(re.Sub[0], re.Min, re.Max)
	}
}

// repeat writes sub between lo and hi times (hi -1: no bound): none when
// it may be left out, else at least lo and up to 24 characters.
func (g *secretGen) repeat(sub *syntax.Regexp, lo, hi int) {
	if lo == 0 {
		return
	}
	n := lo
	if hi != lo {
		n = max(lo, 24)
		if hi > 0 {
			n = min(n, hi)
		}
	}
	switch sub.Op {
	case syntax.OpCharClass:
		if whitespaceClass(sub.Rune) {
			n = lo // one space, not a paragraph of them
		}
		g.class(sub.Rune, n)
		return
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL: // a value: letters and digits
		g.class([]rune{'0', '9', 'A', 'Z', 'a', 'z'}, n)
		return
	}
	for range n {
		g.gen(sub)
	}
}

// class writes n characters of a class given as rune ranges: a space when
// it is one separator that may be a space, else printable ASCII.
func (g *secretGen) class(ranges []rune, n int) {
	var chars []rune
	space := false
	for i := 0; i+1 < len(ranges); i += 2 {
		for r := ranges[i]; r <= ranges[i+1] && r < 0x7f; r++ {
			switch {
			case r == ' ':
				space = true
			case r > ' ':
				chars = append(chars, r)
			}
		}
	}
	if n == 1 && (space || len(chars) == 0) {
		g.b.WriteByte(' ')
		return
	}
	// Prefer letters and digits over punctuation in values.
	var alnum []rune
	for _, r := range chars {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			alnum = append(alnum, r)
		}
	}
	if len(alnum) > 0 && len(alnum) < len(chars) && n > 1 {
		chars = append(alnum, chars...) // mostly letters and digits
	}
	if len(chars) == 0 {
		chars = []rune{'a'}
	}
	for k := range n {
		switch {
		case g.flat:
			g.b.WriteRune(chars[0])
		case g.mixed:
			g.state = g.state*1664525 + 1013904223
			g.b.WriteRune(chars[int(g.state>>8)%len(chars)])
		default:
			g.b.WriteRune(chars[(g.seed+k*7+k*k/3)%len(chars)])
		}
	}
}

// whitespaceClass reports a class of white space only (\s, [ \t]).
func whitespaceClass(ranges []rune) bool {
	for i := 0; i+1 < len(ranges); i += 2 {
		for r := ranges[i]; r <= ranges[i+1]; r++ {
			if !unicode.IsSpace(r) {
				return false
			}
		}
	}
	return len(ranges) > 0
}

func isWordByte(c byte) bool { return isAlnum(c) || c == '_' }

// generate returns a true positive and a look-alike for a rule: the true
// positive matches the rule's pattern and its secret reaches the rule's
// entropy threshold (what gitleaks itself would report); ok is false when
// the generator cannot write one.
func generate(t *testing.T, r gitleaksRule) (tp, lookalike string, ok bool) {
	re, err := syntax.Parse(r.Regex, syntax.Perl)
	if err != nil {
		t.Fatalf("%s: %v", r.ID, err)
	}
	full := regexp.MustCompile(r.Regex)
	spaced := false
	for attempt := range 40 {
		g := secretGen{seed: attempt % 5, spaced: attempt%2 == 1, mixed: attempt >= 10, state: uint32(attempt)}
		g.gen(re)
		s := g.b.String()
		if m := full.FindStringSubmatch(s); m != nil && entropy(s) > 0 && entropy(ruleSecret(r, m)) >= r.Entropy {
			tp, spaced = s, g.spaced
			break
		}
	}
	flat := secretGen{flat: true, spaced: spaced}
	flat.gen(re)
	lookalike = flat.b.String()
	if lookalike == tp && len(r.Keywords) > 0 {
		// A pattern without a variable part (a fixed token prefix): the
		// look-alike is its keyword written as a word in prose.
		lookalike = strings.TrimRight(r.Keywords[0], "-_") + " docs"
	}
	return tp, lookalike, tp != ""
}

// ruleSecret is the part of a match gitleaks measures: the rule's secret
// group, else the first group that matched, else the whole match.
func ruleSecret(r gitleaksRule, m []string) string {
	if r.SecretGroup > 0 && r.SecretGroup < len(m) {
		return m[r.SecretGroup]
	}
	for _, g := range m[1:] {
		if g != "" {
			return g
		}
	}
	return m[0]
}

func entropy(s string) float64 {
	counts := map[rune]int{}
	n := 0
	for _, r := range s {
		counts[r]++
		n++
	}
	h := 0.0
	for _, c := range counts {
		p := float64(c) / float64(n)
		h -= p * math.Log2(p)
	}
	return h
}

// TestGitleaksRules checks the secret detector against every rule of
// gitleaks' default set: a generated credential of each rule's shape, in a
// sentence, is found; the same shape with its random part flattened to one
// repeated character (no entropy) is not. Every rule that describes text
// must have both, and any rule missed or look-alike flagged fails the
// test. Rules that name a file (path) are applied to the text alone: a
// post has no file name, and a config file pasted into one leaks as much.
// A rule with a file name and no pattern (pkcs12-file) has nothing to find
// in a post and is the only one left out.
func TestGitleaksRules(t *testing.T) {
	rules := loadGitleaks(t)
	if len(rules) != gitleaksRules {
		t.Errorf("the rule set has %d rules, this test was written for %d", len(rules), gitleaksRules)
	}
	caught, quiet, total := 0, 0, 0
	var skipped []string
	for _, r := range rules {
		if r.Regex == "" {
			if r.Path == "" {
				t.Errorf("%s: neither a pattern nor a path", r.ID)
			}
			skipped = append(skipped, r.ID)
			continue
		}
		total++
		tp, look, ok := generate(t, r)
		if !ok {
			t.Errorf("%s: no example generated", r.ID)
			continue
		}
		if secretIn("Debugging this, " + tp + " thanks") {
			caught++
		} else {
			t.Errorf("%s: missed %s", r.ID, tp)
		}
		if look == tp {
			t.Errorf("%s: no look-alike distinct from %s", r.ID, tp)
			continue
		}
		if !secretIn("Debugging this, " + look + " thanks") {
			quiet++
		} else {
			t.Errorf("%s: look-alike flagged %s", r.ID, look)
		}
	}
	t.Logf("gitleaks: %d rules, %d describe text: %d examples caught, %d look-alikes left alone; without a pattern: %v", len(rules), total, caught, quiet, skipped)
	if len(skipped) != 1 {
		t.Errorf("rules without a pattern: %v", skipped)
	}
}

// gitleaksRules is the number of rules in the shared copy of the set.
const gitleaksRules = 222

func secretIn(text string) bool { return len(findSecrets(text)) > 0 }
