package policy

import "testing"

// TestWordFilterKeepsEveryTermWord: no word of the vocabulary is ruled
// out, and most words of an ordinary text that no term holds are.
func TestWordFilterKeepsEveryTermWord(t *testing.T) {
	e, _ := benchEngine(t)
	for w := range e.words {
		if !e.filter.maybe([]byte(w)) {
			t.Fatalf("the filter rules out %q, a word of a term", w)
		}
	}
	z := tokenizer{words: vocab{}, add: true}
	toks := z.tokenize(benchPost(3000), nil)
	out, ruled := 0, 0
	for w := range z.words {
		if _, ok := e.words[w]; ok {
			continue
		}
		out++
		if !e.filter.maybe([]byte(w)) {
			ruled++
		}
	}
	if len(toks) == 0 || out == 0 || ruled*2 < out {
		t.Fatalf("of %d words of the text in no term, the filter rules out %d", out, ruled)
	}
	t.Logf("%d words in the vocabulary; of %d words of the text in no term, %d ruled out", len(e.words), out, ruled)
}
