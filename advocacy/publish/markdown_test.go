package publish

import (
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	for _, tc := range []struct {
		name, in   string
		text, html string
	}{
		{"paragraphs", "One *two* **three**.\n\nFour", "One two three.\n\nFour", "<p>One <em>two</em> <strong>three</strong>.</p>\n<p>Four</p>"},
		{"soft break", "one\ntwo", "one two", "<p>one\ntwo</p>"},
		{"link", "See [the launch](https://x.example/a?b=1&c=2).", "See the launch (https://x.example/a?b=1&c=2).",
			`<p>See <a href="https://x.example/a?b=1&amp;c=2">the launch</a>.</p>`},
		{"link whose words are its address", "[https://x.example/](https://x.example/)", "https://x.example/", `<p><a href="https://x.example/">https://x.example/</a></p>`},
		{"mailto", "Write to <press@x.example>.", "Write to press@x.example.", `<p>Write to <a href="mailto:press@x.example">press@x.example</a>.</p>`},
		{"javascript link loses its target", "[click](javascript:alert(1))", "click", "<p>click</p>"},
		{"entity-encoded javascript", "[click](javascript&#58;alert(1))", "click", "<p>click</p>"},
		{"upper-case scheme", "[click](JAVASCRIPT:alert(1))", "click", "<p>click</p>"},
		{"data link", "[x](data:text/html;base64,PHNjcmlwdD4=)", "x", "<p>x</p>"},
		{"relative link", "[x](/admin)", "x", "<p>x</p>"},
		{"link with a password", "[x](https://user:pw@x.example/)", "x", "<p>x</p>"},
		{"raw html block", "<script>alert(1)</script>\n\nafter", "after", "<p>after</p>"},
		{"raw inline html keeps its words", "a <b onclick=\"x()\">bold</b> word", "a bold word", "<p>a bold word</p>"},
		{"html comment", "a <!-- secret --> b", "a  b", "<p>a  b</p>"},
		{"picture becomes its description", "![a robot](https://x.example/r.png)", "a robot", "<p>a robot</p>"},
		{"escapes", `\*not emphasis\* & <tag> 5 < 6`, "*not emphasis* &  5 < 6", "<p>*not emphasis* &amp;  5 &lt; 6</p>"},
		{"code", "Run `rm -rf <dir>`", "Run rm -rf <dir>", "<p>Run <code>rm -rf &lt;dir&gt;</code></p>"},
		{"list", "Roles:\n\n- one\n- two", "Roles:\n\n- one\n- two", "<p>Roles:</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>"},
		{"ordered list", "3. c\n4. d", "3. c\n4. d", "<ol start=\"3\">\n<li>c</li>\n<li>d</li>\n</ol>"},
		{"heading", "# Title\nbody", "Title\n\nbody", "<h1>Title</h1>\n<p>body</p>"},
		{"quote in an address", `[x](<https://x.example/"onmouseover="a>)`, "x (https://x.example/%22onmouseover=%22a)", `<p><a href="https://x.example/%22onmouseover=%22a">x</a></p>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Render(tc.in)
			if got.Text != tc.text {
				t.Errorf("text = %q, want %q", got.Text, tc.text)
			}
			if got.HTML != tc.html {
				t.Errorf("html = %q, want %q", got.HTML, tc.html)
			}
			for _, bad := range []string{"<script", "javascript:", "onclick", "onmouseover=\"", "<!--", "data:"} {
				if strings.Contains(strings.ToLower(got.HTML), bad) {
					t.Errorf("html carries %q: %s", bad, got.HTML)
				}
			}
		})
	}
}

func TestEscapeMarkdownRoundTrips(t *testing.T) {
	for _, in := range []string{
		"Our third-generation robot picks 40% more items an hour.",
		"*Stars* and _underscores_ and [brackets](not a link) and <b>tags</b> & more",
		"# not a heading",
		"- not a list",
		"1. not a list either",
		"2026) a year",
		"Line one\nline two",
		"Para one\n\nPara two",
		"a \\ backslash and `code`",
		"!important",
	} {
		if got := Render(EscapeMarkdown(in)).Text; got != in {
			t.Errorf("%q → %q → %q", in, EscapeMarkdown(in), got)
		}
	}
}

func FuzzRender(f *testing.F) {
	for _, s := range []string{"[a](javascript:x)", "<script>x</script>", "**a**", "![a](b)", "<a href=x>y</a>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h := strings.ToLower(Render(s).HTML)
		for _, bad := range []string{"<script", "<iframe", "<img", "<a href=\"javascript", "<!--"} {
			if strings.Contains(h, bad) {
				t.Fatalf("%q renders %q", s, h)
			}
		}
	})
}
