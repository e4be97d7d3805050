package policy

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// doc is a text prepared for checking: its words, normalised for matching,
// and a way back from byte offsets to the code point offsets findings use.
type doc struct {
	text   string
	ascii  bool
	runeAt []int32 // byte offset -> code point offset, for non-ASCII text
	tokens []token
}

// token is one word of the text. lower is the word case-folded with
// diacritics removed; leet also reads digits and symbols as the letters they
// stand for (h@te, sp4ces), and equals lower when nothing changed.
type token struct {
	lower, leet  string
	key, leetKey string // stem(lower), stem(leet): what terms match against
	start, end   int    // byte offsets in the text
}

func newDoc(text string) *doc {
	d := &doc{text: text, ascii: isASCII(text)}
	if !d.ascii {
		d.runeAt = make([]int32, len(text)+1)
		n := int32(0)
		for i := range text {
			d.runeAt[i] = n
			n++
		}
		d.runeAt[len(text)] = n
		for i := 1; i < len(text); i++ {
			if !utf8.RuneStart(text[i]) {
				d.runeAt[i] = d.runeAt[i-1]
			}
		}
	}
	d.tokens = tokenize(text, nil)
	return d
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
	return int(d.runeAt[b])
}

// runeCount is the text's length in code points.
func (d *doc) runeCount() int { return d.cp(len(d.text)) }

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
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// symbolInWord reports a leet symbol that stands inside or at the start of a
// word: followed by a letter or digit (skipping invisible characters).
func symbolInWord(text string, i int) bool {
	r, size := utf8.DecodeRuneInString(text[i:])
	if _, ok := leetLetter(r); !ok || unicode.IsDigit(r) {
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
		r, size := utf8.DecodeRuneInString(text[i:])
		if !wordRune(r) && !symbolInWord(text, i) {
			i += size
			continue
		}
		start := i
		end := i
		for i < len(text) {
			r, size = utf8.DecodeRuneInString(text[i:])
			switch {
			case wordRune(r), invisible(r), symbolInWord(text, i):
			case (r == '\'' || r == '’') && i > start && i+size < len(text) && unicode.IsLetter(rune(text[i+size])):
			default:
				goto done
			}
			i += size
			if !invisible(r) {
				end = i
			}
		}
	done:
		out = append(out, makeToken(text[start:end], start, end))
	}
	return joinInitials(text, out)
}

// joinInitials merges single letters written with dots between them
// (N.D.A., u.s.) into one word, as a reader would read them.
func joinInitials(text string, toks []token) []token {
	single := func(t token) bool { return utf8.RuneCountInString(t.lower) == 1 && unicode.IsLetter([]rune(t.lower)[0]) }
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
			word.WriteString(toks[k].lower)
		}
		t := makeToken(word.String(), toks[i].start, toks[j].end)
		out = append(out, t)
		i = j + 1
	}
	return out
}

func makeToken(word string, start, end int) token {
	lower := foldWord(word)
	leet := lower
	hasLetter := false
	for _, r := range lower {
		if unicode.IsLetter(r) {
			hasLetter = true
			break
		}
	}
	if hasLetter && strings.ContainsFunc(lower, func(r rune) bool { _, ok := leetLetter(r); return ok }) {
		leet = strings.Map(func(r rune) rune {
			if l, ok := leetLetter(r); ok {
				return l
			}
			return r
		}, lower)
	}
	t := token{lower: lower, leet: leet, key: stem(lower), start: start, end: end}
	t.leetKey = t.key
	if leet != lower {
		t.leetKey = stem(leet)
	}
	return t
}

// foldWord lower-cases a word, drops invisible characters, apostrophes and
// diacritics, and folds compatibility forms (fullwidth letters, ligatures).
func foldWord(w string) string {
	if isASCII(w) {
		if !strings.ContainsAny(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZ'") {
			return w
		}
		return strings.ReplaceAll(strings.ToLower(w), "'", "")
	}
	var b strings.Builder
	for _, r := range norm.NFKD.String(w) {
		if invisible(r) || unicode.Is(unicode.Mn, r) || r == '\'' || r == '’' {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

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
