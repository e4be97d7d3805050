package policy

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// hostileSize is the size of each hostile text: a check must stay linear
// in it.
const hostileSize = 1 << 20

// hostileShape is a text built to make a scanner work hard: prefix, then
// unit repeated up to the size, then suffix.
type hostileShape struct {
	name, prefix, unit, suffix string
}

// hostileShapes are the shapes the security review found quadratic, and
// the others of the same kind found while fixing them.
var hostileShapes = []hostileShape{
	{name: "dots", unit: "a."},
	{name: "emails", unit: "jane.doe@gmail.com "},
	{name: "links", unit: "see https://larkspur.example/a/b?c=d, www.example.com/x t.co/abc (http://x.example/(y)) "},
	{name: "phones", unit: "+33 6 12 34 56 78, (512) 867-5309 or 512.867.5309; "},
	{name: "ibans", unit: "DE89 3704 0044 0532 0130 00 GB82WEST12345698765432 "},
	{name: "combining", prefix: "a", unit: "\u0301\u0302\u0308\u0327"},
	{name: "longword", unit: "Confidential"},
	{name: "whitespace", unit: " \t\n\r\n\u00a0\u2003\u3000"},
	// Found while fixing the above.
	{name: "hyphens", unit: "a-", suffix: "a.com"},
	{name: "schemes", unit: "http:///"},
	{name: "parens", prefix: "http://x.example/", unit: ")"},
	{name: "keyblocks", unit: "-----BEGIN "},
	{name: "passwords", unit: "pwd="},
	{name: "p-run", unit: "p"},
	{name: "near", unit: "acquisition a b c d e f g h i j secret a b c d e f g h i j "},
	{name: "invisibles", unit: "con\u200bfi\u00addential\x00 "},
	{name: "cyrillic", unit: "Привет, мир! Всё хорошо. "},
	// The scanners issue 14 added: credentials by shape, negations.
	{name: "assignments", unit: "key=aB3dE5fG7hJ9kL1m:"},
	{name: "token-run", unit: "aB3_dE5-fG7.hJ9/"},
	{name: "equals", unit: "="},
	{name: "colons", unit: "a:"},
	{name: "contractions", unit: "isn't l'a n'est pas encore yet been "},
	{name: "link-credentials", unit: "http://u:p"},
	{name: "password-is", unit: "password is Ab1! "},
	{name: "bearer", unit: "Bearer "},
	{name: "protected", unit: "pay confidential merger secret "},
	// A long ordinary text, for comparison.
	{name: "posts", unit: benchPost(2000)},
}

// text builds the shape's text of about n bytes, cut at a code point.
func (h hostileShape) text(n int) string {
	var b strings.Builder
	b.Grow(n + len(h.unit))
	b.WriteString(h.prefix)
	for b.Len()+len(h.unit)+len(h.suffix) <= n {
		b.WriteString(h.unit)
	}
	s := b.String()
	for len(s)+len(h.suffix) > n || !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s + h.suffix
}

// BenchmarkCheckHostile checks 1 MiB of each hostile shape with the demo
// policy and a 5,000-term lexicon, on X, during the quiet period (every
// rule in force), next to a normal 280-character post. Besides the clock it
// reports the process's CPU time per check (cpu-ns/op, where the system
// tells it), which a busy machine disturbs less; it includes the garbage
// collector's work.
func BenchmarkCheckHostile(b *testing.B) {
	e, _ := benchEngine(b)
	at := time.Date(2026, 12, 20, 9, 0, 0, 0, time.UTC)
	run := func(name, text string) {
		b.Run(name, func(b *testing.B) {
			in := Input{Text: text, Role: "employee", Network: "x", At: at, Locked: []string{"I work at Larkspur."}}
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				if _, err := e.Check(in); err != nil {
					b.Fatal(err)
				}
			}
			if cpu > 0 {
				b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
			}
		})
	}
	run("normal-post", benchPost(280))
	for _, h := range hostileShapes {
		run(h.name, h.text(hostileSize))
	}
}
