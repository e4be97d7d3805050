package policy

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// syllables build a deterministic lexicon of made-up words, none of which
// occurs in ordinary English text.
var syllables = []string{"ka", "lo", "mi", "ru", "ze", "po", "ta", "vi", "ne", "qu", "bo", "si", "da", "fe", "gu", "hy"}

func generatedLexicon(n int) []string {
	out := make([]string, 0, n)
	for i := 0; len(out) < n; i++ {
		a, b, c := syllables[i%16], syllables[(i/16)%16], syllables[(i/256)%16]
		word := a + b + c + "x"
		if i%7 == 0 {
			word += " " + syllables[(i/3)%16] + "dor" // some two-word phrases
		}
		out = append(out, word)
	}
	return out
}

// benchPost is a realistic post of about n code points: a caption with a
// link, a disclosure, a few flagged words and some Unicode.
func benchPost(n int) string {
	parts := []string{
		"Atlas 3 is shipping today and I could not be prouder of the team in Lyon. ",
		"Read more at https://larkspur.example/atlas-3 — it picks 40% more items an hour. ",
		"Café conversations with customers shaped every part of it 🚀. ",
		"Questions? Write to careers@larkspur.example. I work at Larkspur. ",
		"This is the best in the world, honestly, and the safest robot ever. ",
	}
	var b strings.Builder
	for i := 0; b.Len() < n*2; i++ {
		b.WriteString(parts[i%len(parts)])
	}
	r := []rune(b.String())
	return string(r[:n])
}

func benchEngine(b testing.TB) (*Engine, []string) {
	e := demoEngine(b)
	terms := generatedLexicon(5000)
	p := *e.Policy
	p.Lexicons = map[string][]string{"generated": terms}
	for k, v := range e.Policy.Lexicons {
		p.Lexicons[k] = v
	}
	p.Rules = append(slices.Clone(p.Rules), Rule{ID: "generated", Title: "Generated", Severity: Warn, Lexicon: StringList{"generated"}})
	big, err := Compile(&p)
	if err != nil {
		b.Fatal(err)
	}
	return big, terms
}

// BenchmarkCheck is the engine with every rule of the demo policy and a
// 5,000-term lexicon. It reports the median and the 99th percentile of
// single checks, by the clock and in CPU time (benchPosts).
func BenchmarkCheck(b *testing.B) {
	e, _ := benchEngine(b)
	for _, n := range []int{280, 3000} {
		text := benchPost(n)
		b.Run(fmt.Sprintf("chars=%d", n), func(b *testing.B) { benchPosts(b, e, []string{text}) })
	}
}

// BenchmarkCheckNaive is the blocklist approach the web platforms take:
// one case-insensitive regular expression per lexicon term.
func BenchmarkCheckNaive(b *testing.B) {
	_, terms := benchEngine(b)
	res := make([]*regexp.Regexp, len(terms))
	for i, t := range terms {
		res[i] = regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(t) + `\b`)
	}
	for _, n := range []int{280, 3000} {
		text := benchPost(n)
		b.Run(fmt.Sprintf("chars=%d", n), func(b *testing.B) {
			for b.Loop() {
				hits := 0
				for _, re := range res {
					hits += len(re.FindAllStringIndex(text, -1))
				}
				if hits != 0 {
					b.Fatalf("%d hits", hits)
				}
			}
		})
	}
}

// TestGeneratedLexiconMatches makes sure the benchmark's lexicon is really
// searched: its terms are found when present.
func TestGeneratedLexiconMatches(t *testing.T) {
	e := demoEngine(t)
	terms := generatedLexicon(5000)
	p := *e.Policy
	p.Lexicons = map[string][]string{"generated": terms}
	p.Rules = []Rule{{ID: "generated", Title: "Generated", Severity: Warn, Lexicon: StringList{"generated"}}}
	big, err := Compile(&p)
	if err != nil {
		t.Fatal(err)
	}
	text := benchPost(280) + " " + terms[4321] + " " + strings.ToUpper(terms[7])
	res, err := big.Check(Input{Text: text, Role: "employee", Network: "linkedin"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 2 {
		t.Fatalf("findings = %+v", res.Findings)
	}
}
