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
	b    strings.Builder
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
	if sub.Op == syntax.OpCharClass {
		g.class(sub.Rune, n)
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
		if g.flat {
			g.b.WriteRune(chars[0])
			continue
		}
		g.b.WriteRune(chars[(g.seed+k*7+k*k/3)%len(chars)])
	}
}

// generate returns a true positive and a look-alike for a rule's pattern;
// ok is false when the generator cannot write one it matches.
func generate(t *testing.T, pattern string) (tp, lookalike string, ok bool) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		t.Fatalf("%s: %v", pattern, err)
	}
	full := regexp.MustCompile(pattern)
	for seed := range 5 {
		g := secretGen{seed: seed}
		g.gen(re)
		if s := g.b.String(); full.MatchString(s) && entropy(s) > 0 {
			tp = s
			break
		}
	}
	flat := secretGen{flat: true}
	flat.gen(re)
	return tp, flat.b.String(), tp != ""
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
// repeated character (no entropy) is not. It reports the coverage and
// fails below the floor this version reaches.
func TestGitleaksRules(t *testing.T) {
	rules := loadGitleaks(t)
	caught, quiet, total, lookTotal := 0, 0, 0, 0
	var missed, noisy []string
	for _, r := range rules {
		if r.Regex == "" { // a file-name rule (such as .p12 files): nothing to find in a post
			continue
		}
		total++
		tp, look, ok := generate(t, r.Regex)
		if !ok {
			missed = append(missed, r.ID+" (no example generated)")
			continue
		}
		if secretIn("Debugging this, " + tp + " thanks") {
			caught++
		} else {
			missed = append(missed, r.ID+": "+tp)
		}
		if look != tp {
			lookTotal++
			if !secretIn("Debugging this, " + look + " thanks") {
				quiet++
			} else {
				noisy = append(noisy, r.ID+": "+look)
			}
		}
	}
	t.Logf("gitleaks: %d of %d rules' examples caught; %d of %d look-alikes left alone", caught, total, quiet, lookTotal)
	for _, m := range missed {
		t.Logf("missed %s", m)
	}
	for _, m := range noisy {
		t.Logf("look-alike flagged %s", m)
	}
	if caught < gitleaksFloor || lookTotal-quiet > gitleaksNoise {
		t.Errorf("coverage fell: %d caught (floor %d), %d look-alikes flagged (at most %d)", caught, gitleaksFloor, lookTotal-quiet, gitleaksNoise)
	}
}

// The coverage this version reaches; raise them as the detector improves.
const (
	gitleaksFloor = 212
	gitleaksNoise = 0
)

func secretIn(text string) bool { return len(findSecrets(text)) > 0 }
