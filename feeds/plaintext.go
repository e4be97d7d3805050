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

// PlainText turns feed HTML (or text) into plain text: tags dropped, entities
// decoded, scripts and styles removed, blank runs folded, paragraphs kept as
// single line breaks.
func PlainText(s string) string {
	if !strings.ContainsAny(s, "<&") {
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

// foldSpace folds runs of spaces into one and runs of blank lines into a
// single line break, and drops control characters.
func foldSpace(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var lines []string
	for _, line := range strings.Split(s, "\n") {
		line = strings.Join(strings.FieldsFunc(line, func(r rune) bool {
			return unicode.IsSpace(r) || unicode.IsControl(r)
		}), " ")
		if line != "" {
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "\n")
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
