package policy

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// doc is a text prepared for checking: its words, normalised for matching,
// and a way back from byte offsets to the code point offsets findings use.
type doc struct {
	text   string
	ascii  bool
	tokens []token
	// present has bit i set when word i of the vocabulary is in the text.
	present []uint64
	// head and next chain the occurrences of each present word: head[id]
	// is a node 2*i (word i's key is id) or 2*i+1 (its leet key is), and
	// next[node] the next node of the same word, or -1.
	head, next []int32
	linked     bool
	linkCache  []link
	// mention caches the company's first mention, once looked for.
	mention     span
	mentionDone bool
	// guardDone is set once the protected-context guard has read the text.
	guardDone bool
	scratch   *scratch
}

// token is one word of the text, as term sets see it: the numbers in the
// engine's vocabulary of its key (the word case-folded, diacritics and
// invisible characters removed, look-alike letters read as Latin, plurals
// made singular) and of its leet key (the key with digits and symbols also
// read as the letters they stand for: h@te, sp4ces), and where it lies.
// A token holds no pointers, so a text of many words costs the garbage
// collector nothing to scan.
type token struct {
	kid, lid int32 // key and leet key in the vocabulary, or -1; lid is kid when the same
	// letter is the key when it is a single letter (an initial, which
	// joinInitials may join to the next ones), or 0.
	letter rune
	// neg marks a negation (not, pas) and filler a word a negation may be
	// followed by before the word it negates (yet, been, encore).
	neg, filler bool
	// contracted marks the "not" of a contraction ("n't" of "isn't"); the
	// word before it is the rest of the contraction.
	contracted bool
	start, end int // byte offsets in the text
}

// links returns the web addresses in the text, found once.
func (d *doc) links() []link {
	switch {
	case d.linked:
	case d.scratch == nil: // a doc only measured (Count)
		d.linkCache, d.linked = findLinks(d.text), true
	default:
		d.linkCache, d.linked = appendLinks(d.scratch.links[:0], d.text), true
		d.scratch.links = d.linkCache[:0]
	}
	return d.linkCache
}

// asciiLower lowers ASCII letters only, so byte offsets stay the same.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if isUpper(s[i]) {
			var b strings.Builder
			b.Grow(len(s))
			b.WriteString(s[:i])
			for j := i; j < len(s); j++ {
				c := s[j]
				if isUpper(c) {
					c += 'a' - 'A'
				}
				b.WriteByte(c)
			}
			return b.String()
		}
	}
	return s
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// cp converts a byte offset to a code point offset.
func (d *doc) cp(b int) int {
	if d.ascii {
		return b
	}
	return utf8.RuneCountInString(d.text[:b])
}

// toCodePoints rewrites findings' byte offsets as code point offsets in
// one pass over the text.
func (d *doc) toCodePoints(fs []Finding) {
	if d.ascii || len(fs) == 0 {
		return
	}
	offsets := d.scratch.offsets[:0]
	for _, f := range fs {
		offsets = append(offsets, f.Start, f.End)
	}
	slices.Sort(offsets)
	offsets = slices.Compact(offsets)
	cps := slices.Grow(d.scratch.cps[:0], len(offsets))[:len(offsets)]
	d.scratch.offsets, d.scratch.cps = offsets[:0], cps[:0]
	n, k := 0, 0
	for i := range d.text {
		for k < len(offsets) && offsets[k] <= i {
			cps[k] = n
			k++
		}
		n++
	}
	for ; k < len(offsets); k++ {
		cps[k] = n
	}
	conv := func(b int) int {
		i, _ := slices.BinarySearch(offsets, b)
		return cps[i]
	}
	for i := range fs {
		fs[i].Start, fs[i].End = conv(fs[i].Start), conv(fs[i].End)
	}
}

// leetLetter maps symbols and digits used in place of letters.
func leetLetter(r rune) (rune, bool) {
	switch r {
	case '@', '4':
		return 'a', true
	case '3':
		return 'e', true
	case '1', '!', '|':
		return 'i', true
	case '0':
		return 'o', true
	case '$', '5':
		return 's', true
	case '7', '+':
		return 't', true
	case '8':
		return 'b', true
	}
	return 0, false
}

// wordRune reports a character words are made of: a letter, a digit or a
// non-spacing mark.
func wordRune(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return isAlnum(byte(r))
	case r < 0x10000:
		return wordBMP.has(r)
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// symbolInWord reports a leet symbol that stands inside or at the start of a
// word: followed by a letter or digit (skipping invisible characters).
func symbolInWord(text string, i int) bool {
	switch text[i] {
	case '@', '!', '|', '$', '+':
	default:
		return false
	}
	r, size := utf8.DecodeRuneInString(text[i:])
	if _, ok := leetLetter(r); !ok {
		return false
	}
	for j := i + size; j < len(text); {
		next, n := utf8.DecodeRuneInString(text[j:])
		if invisible(next) {
			j += n
			continue
		}
		return unicode.IsLetter(next) || unicode.IsDigit(next)
	}
	return false
}

// tokenizer splits texts into words and numbers them in a vocabulary:
// looking them up for a text to check, adding them for the terms of a
// policy. Its buffers are reused from word to word.
type tokenizer struct {
	words  vocab
	filter *wordFilter // rules out most words not in words, when set
	add    bool        // add new words (terms) instead of looking them up (texts)
	lower  []byte
	leet   []byte
	word   []byte
}

// tokenize splits text into words, appending them to out. A word is a run
// of letters, digits and combining marks, with apostrophes between
// letters, leet symbols inside it, and invisible characters (control and
// format characters) ignored; hyphens, slashes, punctuation and white
// space separate words.
func (z *tokenizer) tokenize(text string, out []token) []token {
	first := len(out)
	out = slices.Grow(out, len(text)/8) // a word and a space per 8 bytes, about
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			if !isAlnum(c) && !symbolInWord(text, i) {
				i++
				continue
			}
		} else if r, size := utf8.DecodeRuneInString(text[i:]); !wordRune(r) || invisible(r) {
			i += size
			continue
		}
		// What follows the word is not a word start; invisible characters
		// after it are passed over like any.
		start, end := i, plainWordEnd(text, i)
		plain := end >= 0 // ASCII letters and digits: no apostrophe, nothing to fold
		if !plain {
			end = wordEnd(text, i)
		}
		if len(out)+2 > cap(out) { // double, where append would grow a long slice by a quarter
			out = slices.Grow(out, len(out)+2)
		}
		i = end
		word := text[start:end]
		if plain {
			out = append(out, token{})
			z.lower = foldPlain(z.lower[:0], word)
			z.fill(&out[len(out)-1], start, end, hasLetterAndDigit(word))
			continue
		}
		if n := elision(word); n > 0 { // l'acquisition, n'est: the word after the apostrophe
			start += n
			word = text[start:end]
		}
		if base, n := contraction(word); n > 0 { // isn't: "is" then "not"
			not := z.token("not", end-n, end)
			not.contracted = true
			out = append(out, z.token(base, start, end-n), not)
			continue
		}
		out = append(out, z.token(word, start, end))
	}
	return dropFillers(z.joinInitials(text, out, first), first)
}

// elision returns the length of a French elided article or pronoun that
// starts word (l', d', qu', n' …, with a straight or curly apostrophe),
// when a word of two letters or more follows it; 0 otherwise.
func elision(word string) int {
	if len(word) < 3 || (word[1] != '\'' && word[2] != '\'' && word[1] != 0xE2 && word[2] != 0xE2) {
		return 0 // no apostrophe where an elision has it
	}
	n := 0
	switch {
	case len(word) > 3 && (word[0]|0x20 == 'q') && (word[1]|0x20 == 'u'):
		n = 2
	case len(word) > 2 && strings.IndexByte("lLdDjJmMnNsStTcC", word[0]) >= 0:
		n = 1
	default:
		return 0
	}
	switch {
	case word[n] == '\'':
		n++
	case strings.HasPrefix(word[n:], "’"):
		n += len("’")
	default:
		return 0
	}
	if len(word)-n < 2 {
		return 0
	}
	return n
}

// contraction reads an English negative contraction: for "isn't" it
// returns "is" and the length of "n't" (or "n’t"); for "won't", "will";
// 0 for any other word.
func contraction(word string) (string, int) {
	n := 0
	switch {
	case len(word) > 4 && strings.EqualFold(word[len(word)-3:], "n't"):
		n = 3
	case len(word) > 6 && strings.HasSuffix(word, "’t") && (word[len(word)-5]|0x20) == 'n':
		n = 1 + len("’t")
	default:
		return "", 0
	}
	base := word[:len(word)-n]
	switch strings.ToLower(base) {
	case "wo":
		base = "will"
	case "ca":
		base = "can"
	case "sha":
		base = "shall"
	case "ai":
		base = "is"
	}
	return base, n
}

// negation reports a negation (not, pas) and a negation filler: a word
// read through between a negation and the word it negates, so that "not
// yet announced", "hasn't been announced", "won't be made public", "pas
// encore annoncé" all read as "not announced", "not public", "pas
// annoncé". w is a folded word.
func negation(w []byte) (neg, filler bool) {
	switch string(w) {
	case "not", "pas":
		return true, false
	case "yet", "been", "be", "being", "ever", "even", "really", "officially", "publicly",
		"formally", "made", "encore", "ete", "officiellement", "publiquement":
		return false, true
	}
	return false, false
}

// dropFillers removes negation fillers that follow a negation and come
// before another word; toks[from:] are a text's words.
func dropFillers(toks []token, from int) []token {
	out := toks[:from]
	for i := from; i < len(toks); i++ {
		out = append(out, toks[i])
		if !toks[i].neg {
			continue
		}
		j := i + 1
		for j+1 < len(toks) && toks[j].filler {
			j++
		}
		i = j - 1
	}
	return out
}

// plainWordEnd is wordEnd for the common word: ASCII letters and digits
// up to a space or punctuation that can only end a word (not an
// apostrophe, a leet symbol or an invisible character); -1 for any other,
// which wordEnd reads.
func plainWordEnd(text string, i int) int {
	j := i
	for j < len(text) && isAlnum(text[j]) {
		j++
	}
	if j == len(text) {
		return j
	}
	switch text[j] {
	case ' ', '\n', '\r', '\t', ',', '.', ';', ':', '?', '"', '(', ')', '/', '-', '#', '&', '*', '[', ']':
		return j
	}
	return -1
}

// wordEnd returns the end of the word starting at i: after its last
// character that is not invisible.
func wordEnd(text string, i int) int {
	start, end := i, i
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf {
			// The common case: an ASCII letter or digit.
			if isAlnum(c) || symbolInWord(text, i) ||
				(c == '\'' && i > start && i+1 < len(text) && unicode.IsLetter(rune(text[i+1]))) {
				i++
				end = i
				continue
			}
			if controlByte(c) { // NUL and the like, read as nothing
				i++
				continue
			}
			break
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !wordRune(r) && !invisible(r) &&
			!(r == '’' && i > start && i+size < len(text) && unicode.IsLetter(rune(text[i+size]))) {
			break
		}
		i += size
		if !invisible(r) {
			end = i
		}
	}
	return end
}

// joinInitials merges single letters written with dots between them
// (N.D.A., u.s.) into one word, as a reader would read them; toks[from:]
// are the words of text.
func (z *tokenizer) joinInitials(text string, toks []token, from int) []token {
	out := toks[:from]
	for i := from; i < len(toks); {
		j := i
		for j+1 < len(toks) && toks[j].letter != 0 && toks[j+1].letter != 0 &&
			toks[j+1].start == toks[j].end+1 && text[toks[j].end] == '.' {
			j++
		}
		if j == i {
			out = append(out, toks[i])
			i++
			continue
		}
		z.word = z.word[:0]
		for k := i; k <= j; k++ {
			z.word = utf8.AppendRune(z.word, toks[k].letter)
		}
		out = append(out, z.token(string(z.word), toks[i].start, toks[j].end))
		i = j + 1
	}
	return out
}

// token makes the token of a word at [start, end) of the text.
func (z *tokenizer) token(word string, start, end int) token {
	var t token
	var mayLeet bool
	z.lower, mayLeet = foldWord(z.lower[:0], word)
	z.fill(&t, start, end, mayLeet)
	return t
}

// foldPlain is foldWord for a word of ASCII letters and digits only:
// lower case is one bit of each byte (a digit has it already).
func foldPlain(b []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		b = append(b, w[i]|0x20)
	}
	return b
}

// hasLetterAndDigit reports whether a word of ASCII letters and digits
// holds both, and so may be a leet spelling.
func hasLetterAndDigit(w string) bool {
	letter, digit := false, false
	for i := 0; i < len(w); i++ {
		if w[i] <= '9' {
			digit = true
		} else {
			letter = true
		}
	}
	return letter && digit
}

// fill makes *t, which is zero, the token at [start, end) of the text of
// the word z.lower holds folded (foldWord), in place: a text's words are
// many. mayLeet is what foldWord said of it.
func (z *tokenizer) fill(t *token, start, end int, mayLeet bool) {
	t.start, t.end = start, end
	changed := false
	if !z.add && mayLeet { // terms are matched by key; a text's words by either
		z.leet, changed = leetSpelling(z.leet[:0], z.lower)
	}
	t.neg, t.filler = negation(z.lower)
	key := stem(z.lower)
	t.kid = z.id(key)
	if len(key) <= utf8.UTFMax { // a single letter?
		if r, n := utf8.DecodeRune(key); n == len(key) && (r < utf8.RuneSelf && isLowerASCII(byte(r)) || r >= utf8.RuneSelf && unicode.IsLetter(r)) {
			t.letter = r
		}
	}
	t.lid = t.kid
	if changed {
		t.lid = z.id(stem(z.leet))
	}
}

// id numbers a word in the vocabulary.
func (z *tokenizer) id(word []byte) int32 {
	if z.filter != nil && !z.filter.maybe(word) {
		return -1
	}
	if n, ok := z.words[string(word)]; ok { // no copy of word
		return n
	}
	if !z.add {
		return -1
	}
	return z.words.id(string(word), true)
}

// leetSpelling appends to b the word w with digits and symbols read as the
// letters they stand for, and reports whether that changed anything: only
// in a word with at least one letter.
func leetSpelling(b, w []byte) ([]byte, bool) {
	hasLetter, hasLeet := false, false
	for _, c := range w {
		if c >= utf8.RuneSelf || isLowerASCII(c) || isUpper(c) {
			hasLetter = true
		} else if _, ok := leetLetter(rune(c)); ok {
			hasLeet = true
		}
	}
	if !hasLetter || !hasLeet {
		return b, false
	}
	for _, c := range w {
		if l, ok := leetLetter(rune(c)); ok {
			c = byte(l)
		}
		b = append(b, c)
	}
	return b, true
}

// foldWord appends to b the word w lower-cased, without invisible
// characters, apostrophes and diacritics, with compatibility forms folded
// (fullwidth and mathematical letters, ligatures) and look-alike letters
// of other scripts (Cyrillic о, Greek ο, dotless ı) read as the Latin
// letters they imitate.
//
// It also reports whether the word may have a leet spelling: whether it
// holds a letter and a digit or symbol (leetSpelling), or a character
// beyond ASCII.
func foldWord(b []byte, w string) ([]byte, bool) {
	letter, other := false, false
	for i := 0; i < len(w); {
		c := w[i]
		if c < utf8.RuneSelf {
			switch {
			case isUpper(c):
				b = append(b, c+'a'-'A')
				letter = true
			case isLowerASCII(c):
				b = append(b, c)
				letter = true
			case c != '\'' && !controlByte(c):
				b = append(b, c)
				other = true
			}
			i++
			continue
		}
		letter, other = true, true
		r, size := utf8.DecodeRuneInString(w[i:])
		b = foldRune(b, r)
		i += size
	}
	return b, letter && other
}

// stem reduces an English plural to its singular, for matching only:
// policies, policy; boxes, box; hours, hour. Short words are left alone.
// It may change w in place.
func stem(w []byte) []byte {
	n := len(w)
	switch {
	case n <= 3:
		return w
	case hasSuffix(w, "ies") && n > 4:
		w[n-3] = 'y'
		return w[:n-2]
	case hasSuffix(w, "sses"), hasSuffix(w, "shes"), hasSuffix(w, "ches"),
		hasSuffix(w, "xes"), hasSuffix(w, "zes"):
		return w[:n-2]
	case hasSuffix(w, "ss"), hasSuffix(w, "us"), hasSuffix(w, "is"):
		return w
	case hasSuffix(w, "s"):
		return w[:n-1]
	}
	return w
}

func hasSuffix(w []byte, suffix string) bool {
	return len(w) >= len(suffix) && string(w[len(w)-len(suffix):]) == suffix
}
