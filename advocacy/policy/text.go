package policy

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// doc is a text prepared for checking: its words, normalised for matching,
// and a way back from byte offsets to the code point offsets findings use.
type doc struct {
	text      string
	ascii     bool
	tokens    []token
	linked    bool
	linkCache []link
	// mention caches the company's first mention, once looked for.
	mention     span
	mentionDone bool
	scratch     *scratch
}

// token is one word of the text. key is the word case-folded, with
// diacritics removed and plurals made singular; leetKey also reads digits
// and symbols as the letters they stand for (h@te, sp4ces), and equals key
// when nothing changed.
type token struct {
	key, leetKey string // stem(lower), stem(leet): what terms match against
	kid, lid     int32  // key and leetKey in the engine's vocabulary, or -1
	start, end   int    // byte offsets in the text
}

func newDoc(text string) *doc {
	d := &doc{text: text, ascii: isASCII(text), scratch: &scratch{}}
	d.tokens = tokenize(text, make([]token, 0, len(text)/4+1))
	return d
}

// bind looks each word up in the vocabulary of the terms.
func (d *doc) bind(v vocab) *doc {
	for i := range d.tokens {
		t := &d.tokens[i]
		t.kid = v.id(t.key, false)
		t.lid = t.kid
		if t.leetKey != t.key {
			t.lid = v.id(t.leetKey, false)
		}
	}
	return d
}

// links returns the web addresses in the text, found once.
func (d *doc) links() []link {
	if !d.linked {
		d.linkCache, d.linked = findLinks(d.text), true
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
	offsets := make([]int, 0, 2*len(fs))
	for _, f := range fs {
		offsets = append(offsets, f.Start, f.End)
	}
	slices.Sort(offsets)
	offsets = slices.Compact(offsets)
	cps := make([]int, len(offsets))
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

// invisible reports characters that show nothing and are used to hide words
// from filters: zero-width spaces and joiners, word joiner, BOM, soft hyphen.
func invisible(r rune) bool {
	switch r {
	case '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u180E':
		return true
	}
	return false
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

func wordRune(r rune) bool {
	if r < utf8.RuneSelf {
		c := byte(r)
		return isAlnum(c)
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

// tokenize splits text into words. A word is a run of letters, digits and
// combining marks, with apostrophes between letters, leet symbols inside it,
// and invisible characters ignored; hyphens, slashes and punctuation
// separate words.
func tokenize(text string, out []token) []token {
	i := 0
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf {
			if !isAlnum(c) && !symbolInWord(text, i) {
				i++
				continue
			}
		} else if r, size := utf8.DecodeRuneInString(text[i:]); !wordRune(r) {
			i += size
			continue
		}
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
		out = append(out, makeToken(text[start:end], start, end))
	}
	return joinInitials(text, out)
}

// joinInitials merges single letters written with dots between them
// (N.D.A., u.s.) into one word, as a reader would read them.
func joinInitials(text string, toks []token) []token {
	single := func(t token) bool {
		if len(t.key) == 1 {
			return isLowerASCII(t.key[0])
		}
		r, n := utf8.DecodeRuneInString(t.key)
		return n == len(t.key) && unicode.IsLetter(r)
	}
	out := toks[:0]
	for i := 0; i < len(toks); {
		j := i
		for j+1 < len(toks) && single(toks[j]) && single(toks[j+1]) &&
			toks[j+1].start == toks[j].end+1 && text[toks[j].end] == '.' {
			j++
		}
		if j == i {
			out = append(out, toks[i])
			i++
			continue
		}
		var word strings.Builder
		for k := i; k <= j; k++ {
			word.WriteString(toks[k].key)
		}
		t := makeToken(word.String(), toks[i].start, toks[j].end)
		out = append(out, t)
		i = j + 1
	}
	return out
}

func makeToken(word string, start, end int) token {
	lower := foldWord(word)
	t := token{key: stem(lower), start: start, end: end}
	t.leetKey = t.key
	if leet := leetSpelling(lower); leet != lower {
		t.leetKey = stem(leet)
	}
	return t
}

// leetSpelling reads digits and symbols in a word as the letters they
// stand for, when the word has at least one letter; otherwise it returns
// the word unchanged.
func leetSpelling(w string) string {
	hasLetter, hasLeet := false, false
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf || isLowerASCII(c) || isUpper(c) {
			hasLetter = true
		} else if _, ok := leetLetter(rune(c)); ok {
			hasLeet = true
		}
	}
	if !hasLetter || !hasLeet {
		return w
	}
	return strings.Map(func(r rune) rune {
		if l, ok := leetLetter(r); ok {
			return l
		}
		return r
	}, w)
}

// foldWord lower-cases a word, drops invisible characters, apostrophes and
// diacritics, and folds compatibility forms (fullwidth letters, ligatures).
func foldWord(w string) string {
	if isASCII(w) {
		w = asciiLower(w)
		if strings.IndexByte(w, '\'') < 0 {
			return w
		}
		return strings.ReplaceAll(w, "'", "")
	}
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range w {
		if r < rune(len(latinFold)) {
			if f := latinFold[r]; f != 0 {
				b.WriteRune(f)
			}
			continue
		}
		for _, d := range norm.NFKD.String(string(r)) {
			if !invisible(d) && !unicode.Is(unicode.Mn, d) && d != '’' {
				b.WriteRune(unicode.ToLower(d))
			}
		}
	}
	return b.String()
}

// latinFold maps each Latin character to its lower-case base letter
// (É to e), or 0 for those a word drops (apostrophes, combining marks,
// invisible characters); it saves a Unicode decomposition per character.
var latinFold = func() [0x250]rune {
	var t [0x250]rune
	for r := rune(0); r < rune(len(t)); r++ {
		for _, d := range norm.NFKD.String(string(r)) {
			if !invisible(d) && !unicode.Is(unicode.Mn, d) && d != '\'' {
				t[r] = unicode.ToLower(d)
				break
			}
		}
	}
	return t
}()

// stem reduces an English plural to its singular, for matching only:
// policies, policy; boxes, box; hours, hour. Short words are left alone.
func stem(w string) string {
	n := len(w)
	switch {
	case n <= 3:
		return w
	case strings.HasSuffix(w, "ies") && n > 4:
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "ches"),
		strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "zes"):
		return w[:n-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "s"):
		return w[:n-1]
	}
	return w
}
