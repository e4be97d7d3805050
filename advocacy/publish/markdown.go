package publish

import (
	"bytes"
	"html"
	"net/url"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown parses CommonMark; it is safe for concurrent use.
var markdown = goldmark.New()

// Rendered is an item's Markdown summary as plain text and as safe HTML.
type Rendered struct {
	Text string
	HTML string
}

// Render turns Markdown into plain text and into HTML that is safe to
// show: raw HTML in the source is left out (the words between tags stay),
// pictures become their description, and only http, https and mailto
// links are links; any other link keeps its words and loses its target.
func Render(source string) Rendered {
	src := []byte(source)
	doc := markdown.Parser().Parse(text.NewReader(src))
	r := &renderer{src: src}
	r.blocks(doc)
	return Rendered{Text: strings.TrimSpace(r.text.String()), HTML: strings.TrimSpace(r.html.String())}
}

// renderer writes both forms as it walks the tree.
type renderer struct {
	src        []byte
	text, html strings.Builder
	// depth of lists, for the plain text's indent.
	lists int
}

// block separates blocks in the plain text by a blank line.
func (r *renderer) block() {
	if r.text.Len() > 0 && !strings.HasSuffix(r.text.String(), "\n\n") {
		if strings.HasSuffix(r.text.String(), "\n") {
			r.text.WriteString("\n")
		} else {
			r.text.WriteString("\n\n")
		}
	}
}

func (r *renderer) blocks(parent ast.Node) {
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		r.blockNode(n)
	}
}

func (r *renderer) blockNode(n ast.Node) {
	switch n := n.(type) {
	case *ast.Paragraph:
		r.block()
		r.html.WriteString("<p>")
		r.inlines(n)
		r.html.WriteString("</p>\n")
	case *ast.TextBlock: // a tight list item's text
		r.inlines(n)
	case *ast.Heading:
		r.block()
		tag := "h" + strconv.Itoa(min(max(n.Level, 1), 6))
		r.html.WriteString("<" + tag + ">")
		r.inlines(n)
		r.html.WriteString("</" + tag + ">\n")
	case *ast.ThematicBreak:
		r.block()
		r.html.WriteString("<hr>\n")
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		r.block()
		var code bytes.Buffer
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			code.Write(seg.Value(r.src))
		}
		body := strings.TrimRight(code.String(), "\n")
		r.text.WriteString(body)
		r.html.WriteString("<pre><code>" + html.EscapeString(body) + "</code></pre>\n")
	case *ast.Blockquote:
		r.block()
		r.html.WriteString("<blockquote>\n")
		r.blocks(n)
		r.html.WriteString("</blockquote>\n")
	case *ast.List:
		r.block()
		tag := "ul"
		if n.IsOrdered() {
			tag = "ol"
		}
		open := "<" + tag + ">"
		if n.IsOrdered() && n.Start != 1 {
			open = "<ol start=\"" + strconv.Itoa(n.Start) + "\">"
		}
		r.html.WriteString(open + "\n")
		r.lists++
		number := n.Start
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			if !strings.HasSuffix(r.text.String(), "\n") && r.text.Len() > 0 {
				r.text.WriteString("\n")
			}
			r.text.WriteString(strings.Repeat("  ", r.lists-1))
			if n.IsOrdered() {
				r.text.WriteString(strconv.Itoa(number) + ". ")
				number++
			} else {
				r.text.WriteString("- ")
			}
			r.html.WriteString("<li>")
			for c := item.FirstChild(); c != nil; c = c.NextSibling() {
				if _, para := c.(*ast.Paragraph); para && n.IsTight {
					r.inlines(c)
					continue
				}
				if c != item.FirstChild() {
					r.text.WriteString("\n")
				}
				r.blockNode(c)
			}
			r.html.WriteString("</li>\n")
		}
		r.lists--
		r.html.WriteString("</" + tag + ">\n")
		r.text.WriteString("\n")
	case *ast.HTMLBlock:
		// Raw HTML is never passed through.
	default:
		r.blocks(n)
	}
}

func (r *renderer) inlines(parent ast.Node) {
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		r.inline(n)
	}
}

// words writes text to both forms.
func (r *renderer) words(s string) {
	r.text.WriteString(s)
	r.html.WriteString(html.EscapeString(s))
}

func (r *renderer) inline(n ast.Node) {
	switch n := n.(type) {
	case *ast.Text:
		v := n.Segment.Value(r.src)
		if !n.IsRaw() {
			v = unescape(v)
		}
		r.words(string(v))
		switch {
		case n.HardLineBreak():
			r.text.WriteString("\n")
			r.html.WriteString("<br>\n")
		case n.SoftLineBreak():
			r.text.WriteString(" ")
			r.html.WriteString("\n")
		}
	case *ast.String:
		v := n.Value
		if !n.IsRaw() && !n.IsCode() {
			v = unescape(v)
		}
		r.words(string(v))
	case *ast.CodeSpan:
		r.html.WriteString("<code>")
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				r.words(string(t.Segment.Value(r.src)))
			} else if s, ok := c.(*ast.String); ok {
				r.words(string(s.Value))
			}
		}
		r.html.WriteString("</code>")
	case *ast.Emphasis:
		tag := "em"
		if n.Level >= 2 {
			tag = "strong"
		}
		r.html.WriteString("<" + tag + ">")
		r.inlines(n)
		r.html.WriteString("</" + tag + ">")
	case *ast.Link:
		r.link(string(unescape(n.Destination)), func() { r.inlines(n) }, plainText(n, r.src))
	case *ast.AutoLink:
		dest := string(n.URL(r.src))
		if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(dest), "mailto:") {
			dest = "mailto:" + dest
		}
		label := string(n.Label(r.src))
		r.link(dest, func() { r.words(label) }, label)
	case *ast.Image:
		// A picture in a summary becomes its description.
		r.inlines(n)
	case *ast.RawHTML:
		// Raw HTML is never passed through.
	default:
		r.inlines(n)
	}
}

// link writes a link whose target is safe, or only its words.
func (r *renderer) link(dest string, words func(), label string) {
	target, ok := SafeLink(dest)
	if !ok {
		words()
		return
	}
	r.html.WriteString(`<a href="` + html.EscapeString(target) + `">`)
	r.text.WriteString("")
	mark := r.text.Len()
	words()
	r.html.WriteString("</a>")
	shown := strings.TrimSpace(r.text.String()[mark:])
	bare := strings.TrimPrefix(target, "mailto:")
	if shown != target && shown != bare && label != target {
		r.text.WriteString(" (" + bare + ")")
	}
}

// SafeLink returns the link's address when it is an absolute http, https
// or mailto address, in a form safe to put in an attribute.
func SafeLink(dest string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(dest))
	if err != nil {
		return "", false
	}
	switch u.Scheme {
	case "http", "https":
		if u.Host == "" || u.User != nil {
			return "", false
		}
	case "mailto":
		if u.Opaque == "" {
			return "", false
		}
	default:
		return "", false
	}
	return u.String(), true
}

func unescape(v []byte) []byte {
	return util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
}

// plainText returns a node's words, for comparing a link's words with its
// address.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
		case *ast.String:
			b.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}
