package feeds

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

// blockTags end a line of text when they open or close.
var blockTags = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "ul": true, "ol": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"blockquote": true, "pre": true, "tr": true, "table": true, "section": true, "article": true,
}

// skipTags hold no text a reader should see.
var skipTags = map[string]bool{"script": true, "style": true, "head": true, "noscript": true, "template": true, "iframe": true, "object": true, "svg": true}

// maxMarkupPasses bounds how many layers of escaped markup PlainText
// peels off before it defuses what is left.
const maxMarkupPasses = 4

// PlainText turns feed HTML (or text) into plain text: tags dropped, entities
// decoded, scripts and styles removed, blank runs folded, paragraphs kept as
// single line breaks, bidi controls dropped. The result holds no markup:
// escaped markup that decoding brings out ("&amp;lt;script&amp;gt;" in a
// feed) is stripped in turn, and whatever a few layers leave is defused.
func PlainText(s string) string {
	for range maxMarkupPasses {
		s = plainPass(s)
		if !hasMarkup(s) {
			return s
		}
	}
	return defuseMarkup(s)
}

// plainPass strips one layer of HTML: tags dropped and entities decoded.
func plainPass(s string) string {
	if !strings.Contains(s, "<") {
		if strings.Contains(s, "&") {
			s = html.UnescapeString(s)
		}
		return foldSpace(s)
	}
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return foldSpace(b.String())
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			if skipTags[string(name)] {
				skip++
			}
			if blockTags[string(name)] {
				b.WriteByte('\n')
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if skipTags[string(name)] && skip > 0 {
				skip--
			}
			if blockTags[string(name)] {
				b.WriteByte('\n')
			}
		}
	}
}

// markupAt reports whether s[i] is a '<' that an HTML parser would read as
// the start of a tag, an end tag, a comment or a processing instruction.
func markupAt(s string, i int) bool {
	if s[i] != '<' || i+1 >= len(s) {
		return false
	}
	c := s[i+1]
	return c == '/' || c == '!' || c == '?' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

// hasMarkup reports whether s holds anything an HTML parser reads as markup.
func hasMarkup(s string) bool {
	for i := range len(s) {
		if markupAt(s, i) {
			return true
		}
	}
	return false
}

// defuseMarkup replaces each '<' that opens markup with a look-alike that
// does not, for text escaped more deeply than PlainText peels.
func defuseMarkup(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if markupAt(s, i) {
			b.WriteString("\u2039") // ‹
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// isBidiControl reports whether r is a bidirectional embedding, override or
// isolate control, which can make text read in an order other than its own
// (an "exe.pdf" shown as "fdp.exe").
func isBidiControl(r rune) bool {
	return ('\u202A' <= r && r <= '\u202E') || ('\u2066' <= r && r <= '\u2069')
}

// foldSpace folds runs of spaces into one and runs of blank lines into a
// single line break, drops control and bidi control characters, and
// replaces invalid UTF-8.
func foldSpace(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	space, newline := false, false
	for _, r := range s {
		switch {
		case r == '\n':
			newline = true
		case isBidiControl(r):
		case unicode.IsSpace(r) || unicode.IsControl(r):
			space = true
		default:
			if b.Len() > 0 {
				if newline {
					b.WriteByte('\n')
				} else if space {
					b.WriteByte(' ')
				}
			}
			space, newline = false, false
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
