package policy

// phraseSet matches a list of terms (words or phrases) against a text's
// words: whole words only, case-folded, diacritics ignored, plurals and
// leet spellings matched. Terms are indexed by their first word, so a check
// costs a map look-up or two per word of the text, however many terms the
// set holds.
type phraseSet struct {
	byFirst map[string][]phrase
	size    int
}

// phrase is a term as a sequence of stemmed words.
type phrase struct {
	words []string
	term  string
}

// match is a term found in a text, as word indexes [first, last].
type match struct {
	first, last int
	term        string
}

func newPhraseSet(terms []string) *phraseSet {
	s := &phraseSet{byFirst: map[string][]phrase{}}
	for _, term := range terms {
		s.add(term)
	}
	return s
}

func (s *phraseSet) add(term string) {
	toks := tokenize(term, nil)
	if len(toks) == 0 {
		return
	}
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = stem(t.lower)
	}
	s.byFirst[words[0]] = append(s.byFirst[words[0]], phrase{words: words, term: term})
	s.size++
}

func (s *phraseSet) empty() bool { return s == nil || s.size == 0 }

// wordMatches reports whether the text's word t can stand for the term word w.
func wordMatches(t token, w string) bool {
	return t.key == w || t.leetKey == w
}

// find returns every term occurrence in tokens, longest first at each word.
func (s *phraseSet) find(tokens []token) []match {
	if s.empty() {
		return nil
	}
	var out []match
	for i, t := range tokens {
		best := -1
		bestTerm := ""
		for _, key := range [2]string{t.key, t.leetKey} {
			for _, p := range s.byFirst[key] {
				if last := i + len(p.words) - 1; last > best && last < len(tokens) && p.matchesAt(tokens, i) {
					best, bestTerm = last, p.term
				}
			}
			if t.leetKey == t.key {
				break
			}
		}
		if best >= 0 {
			out = append(out, match{first: i, last: best, term: bestTerm})
		}
	}
	return out
}

func (p phrase) matchesAt(tokens []token, i int) bool {
	for k := 1; k < len(p.words); k++ {
		if !wordMatches(tokens[i+k], p.words[k]) {
			return false
		}
	}
	return true
}

// contains reports whether any term of the set occurs in tokens.
func (s *phraseSet) contains(tokens []token) bool { return len(s.find(tokens)) > 0 }
