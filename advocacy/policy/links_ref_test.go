package policy

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// refFindLinks is findLinks as it was before it was made linear: simple,
// and quadratic on runs such as "a.a.a.…". The tests check that findLinks
// finds exactly what it finds. It finds http(s) addresses with their scheme, and addresses
// without one that start with www. or end in a known top-level domain.
// A host with a label longer than 63 characters (after IDNA encoding) is no
// address, as networks judge it.
func refFindLinks(s string) []link {
	var out []link
	for i := 0; i < len(s); {
		c := s[i]
		if (c == 'h' || c == 'H') && !wordBefore(s, i) {
			if l, ok := refSchemeLink(s, i); ok {
				out = append(out, l)
				i = l.end
				continue
			}
		}
		if isAlnum(c) && !wordBefore(s, i) {
			// A word: it can be an address only if it has a dot.
			j, dotted := i, false
			for j < len(s) && hostChar(s[j]) {
				dotted = dotted || s[j] == '.'
				j++
			}
			if dotted && (i == 0 || (s[i-1] != '@' && s[i-1] != '.' && s[i-1] != '/')) {
				if l, ok := refBareLink(s, i); ok {
					out = append(out, l)
					i = l.end
					continue
				}
			}
			if !dotted {
				i = j
				continue
			}
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return out
}

func refSchemeLink(s string, i int) (link, bool) {
	rest := s[i:]
	var after int
	switch {
	case len(rest) >= 8 && strings.EqualFold(rest[:8], "https://"):
		after = i + 8
	case len(rest) >= 7 && strings.EqualFold(rest[:7], "http://"):
		after = i + 7
	default:
		return link{}, false
	}
	end := after
	for end < len(s) {
		r, size := utf8.DecodeRuneInString(s[end:])
		if r < utf8.RuneSelf && !urlChar(byte(r)) || r >= utf8.RuneSelf && !letterOrDigit(r) {
			break
		}
		end += size
	}
	end = refTrimURL(s, after, end)
	host := hostOf(s[after:end])
	if !validHost(host) {
		return link{}, false
	}
	return link{start: i, end: end, host: asciiLower(host)}, true
}

func refBareLink(s string, i int) (link, bool) {
	j := i
	for j < len(s) && hostChar(s[j]) {
		j++
	}
	host := strings.TrimRight(s[i:j], ".-")
	j = i + len(host)
	dot := strings.LastIndexByte(host, '.')
	if dot <= 0 {
		return link{}, false
	}
	lower := asciiLower(host)
	if !strings.HasPrefix(lower, "www.") && !topLevel[lower[dot+1:]] {
		return link{}, false
	}
	if !validHost(host) || strings.Contains(host, "..") {
		return link{}, false
	}
	end := j
	if end < len(s) && (s[end] == '/' || s[end] == ':' || s[end] == '?' || s[end] == '#') {
		for end < len(s) && urlChar(s[end]) {
			end++
		}
		end = refTrimURL(s, j, end)
	} else if wordAfter(s, end) || (end < len(s) && s[end] == '@') {
		return link{}, false
	}
	return link{start: i, end: end, host: lower}, true
}

// refTrimURL drops trailing punctuation that ends a sentence rather than the
// address, and a closing parenthesis with no opening one.
func refTrimURL(s string, from, end int) int {
	for end > from {
		c := s[end-1]
		if strings.IndexByte(".,;:!?'\"", c) >= 0 {
			end--
			continue
		}
		if c == ')' && strings.Count(s[from:end], "(") < strings.Count(s[from:end], ")") {
			end--
			continue
		}
		break
	}
	return end
}

// linkPieces are the pieces random texts for the link finders are made of:
// what addresses are made of, and what ends or breaks them.
var linkPieces = []string{
	"a", "b", "h", "w", "x", "1", "9", ".", ".", "-", "/", "//", ":", "?", "#", "@", "(", ")", ")", ",", "!", "'", " ", "\n",
	"http://", "https://", "HTTP://", "www.", "WWW.", "com", "co", "Uk", "ly", "example", "localhost", "t.co", "bit.ly/",
	"é", "ü", "漢", "—", "\u200b", "[", "]", "::1", "10.0.0.1", "%", "_", "=", "\xff",
	strings.Repeat("a", 62), strings.Repeat("b", 64), strings.Repeat("é", 40),
}

// randomLinkText joins n random pieces.
func randomLinkText(rng *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(linkPieces[rng.IntN(len(linkPieces))])
	}
	return b.String()
}

// TestFindLinksMatchesReference: the linear link finder finds exactly the
// links the simple one does, on texts made to hit the edge cases.
func TestFindLinksMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 30000 {
		text := randomLinkText(rng, 1+i%40)
		if got, want := findLinks(text), refFindLinks(text); !slices.Equal(got, want) {
			t.Fatalf("%q:\n got  %+v\n want %+v", text, got, want)
		}
	}
}

// FuzzFindLinks compares the link finders on any text.
func FuzzFindLinks(f *testing.F) {
	f.Add("see https://x.example/(a)) and www.b.co, a.a.a. a-a-a.com http:///http://x.y?")
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := findLinks(text), refFindLinks(text); !slices.Equal(got, want) {
			t.Fatalf("%q:\n got  %+v\n want %+v", text, got, want)
		}
	})
}
