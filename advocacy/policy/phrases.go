package policy

import "slices"

// vocab numbers every word that occurs in some term of a policy, so that a
// text's words are looked up once per check, and term sets index by number.
type vocab map[string]int32

// id returns the number of word, adding it when add is set; -1 when the
// word is in no term.
func (v vocab) id(word string, add bool) int32 {
	if n, ok := v[word]; ok {
		return n
	}
	if !add {
		return -1
	}
	n := int32(len(v))
	v[word] = n
	return n
}

// phraseSet matches a list of terms (words or phrases) against a text's
// words: whole words only, case-folded, diacritics ignored, plurals and
// leet spellings matched. Terms are indexed by their first word's number,
// so a check costs one slice look-up per word of the text, however many
// terms the set holds.
type phraseSet struct {
	words   vocab
	byFirst [][]phrase
	firsts  []int32 // the words terms start with
	size    int
	longest int // words in the longest term
}

// phrase is a term as a sequence of stemmed word numbers.
type phrase struct {
	words []int32
	term  string
}

// match is a term found in a text, as word indexes [first, last].
type match struct {
	first, last int
	term        string
}

func newPhraseSet(words vocab, terms []string) *phraseSet {
	s := &phraseSet{words: words}
	for _, term := range terms {
		s.add(term)
	}
	return s
}

func (s *phraseSet) add(term string) {
	z := tokenizer{words: s.words, add: true}
	toks := z.tokenize(term, nil)
	if len(toks) == 0 {
		return
	}
	ids := make([]int32, len(toks))
	for i, t := range toks {
		ids[i] = t.kid
	}
	for int(ids[0]) >= len(s.byFirst) {
		s.byFirst = append(s.byFirst, nil)
	}
	if len(s.byFirst[ids[0]]) == 0 {
		s.firsts = append(s.firsts, ids[0])
	}
	s.byFirst[ids[0]] = append(s.byFirst[ids[0]], phrase{words: ids, term: term})
	s.size++
	s.longest = max(s.longest, len(ids))
}

func (s *phraseSet) empty() bool { return s == nil || s.size == 0 }

func (s *phraseSet) startingWith(id int32) []phrase {
	if id < 0 || int(id) >= len(s.byFirst) {
		return nil
	}
	return s.byFirst[id]
}

// find appends to out every term occurrence in tokens (whose ids are bound
// to the set's vocabulary), the longest at each word, without overlaps.
func (s *phraseSet) find(tokens []token, out []match) []match {
	if s.empty() {
		return out
	}
	next := 0 // words already inside a match are not the start of another
	for i := range tokens {
		if i < next {
			continue
		}
		if last, term := s.longestAt(tokens, i); last >= 0 {
			out = append(out, match{first: i, last: last, term: term})
			next = last + 1
		}
	}
	return out
}

// longestAt returns the last word and the term of the longest term
// starting at word i, or -1.
func (s *phraseSet) longestAt(tokens []token, i int) (int, string) {
	t := tokens[i]
	best, bestTerm := -1, ""
	if t.kid < 0 && t.lid < 0 {
		return best, bestTerm
	}
	for _, p := range s.startingWith(t.kid) {
		if last := i + len(p.words) - 1; last > best && last < len(tokens) && p.matchesAt(tokens, i) {
			best, bestTerm = last, p.term
		}
	}
	if t.lid != t.kid {
		for _, p := range s.startingWith(t.lid) {
			if last := i + len(p.words) - 1; last > best && last < len(tokens) && p.matchesAt(tokens, i) {
				best, bestTerm = last, p.term
			}
		}
	}
	return best, bestTerm
}

// findDoc is find over the whole text of d. A set with fewer first words
// than the text has words visits only where those words occur (d.head,
// d.next), and is skipped when none does; a bigger set reads every word.
func (s *phraseSet) findDoc(d *doc, out []match) []match {
	if s.empty() {
		return out
	}
	if d.present == nil || len(s.firsts) > len(d.tokens) {
		return s.find(d.tokens, out)
	}
	where := d.scratch.where[:0]
	for _, id := range s.firsts {
		if int(id>>6) >= len(d.present) || d.present[id>>6]&(1<<(id&63)) == 0 {
			continue
		}
		for node := d.head[id]; node >= 0; node = d.next[node] {
			where = append(where, node>>1)
		}
	}
	if !slices.IsSorted(where) { // one word's occurrences come in order
		slices.Sort(where)
	}
	where = slices.Compact(where) // a word may start terms by its key and its leet key
	next := 0
	for _, w := range where {
		if i := int(w); i >= next {
			if last, term := s.longestAt(d.tokens, i); last >= 0 {
				out = append(out, match{first: i, last: last, term: term})
				next = last + 1
			}
		}
	}
	d.scratch.where = where[:0]
	return out
}

func (p phrase) matchesAt(tokens []token, i int) bool {
	for k := 1; k < len(p.words); k++ {
		t := tokens[i+k]
		if t.kid != p.words[k] && t.lid != p.words[k] {
			return false
		}
	}
	return true
}

// contains reports whether any term of the set occurs in tokens; buf is
// scratch space, returned for reuse.
func (s *phraseSet) contains(tokens []token, buf []match) (bool, []match) {
	if s.empty() {
		return false, buf
	}
	ms := s.find(tokens, buf[:0])
	return len(ms) > 0, ms[:0]
}
