package policy

import (
	"context"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/network"
)

// FuzzCheck: any text, on any network, checks without a panic, and every
// finding's span lies within the text, in code points, start before end.
func FuzzCheck(f *testing.F) {
	e := demoEngine(f)
	for _, r := range e.Policy.Rules {
		for _, text := range append(r.Examples.Flag, r.Examples.Pass...) {
			f.Add(text, uint8(0))
		}
	}
	f.Add("h@te\u200b sp4ces 4111 1111 1111 1111 http://10.0.0.1 \xff\xfe", uint8(1))
	f.Add("-----BEGIN PRIVATE KEY-----", uint8(2))
	f.Add("N.D.A. e.g. i.e. https://x.y/(a)) 👨‍👩‍👧‍👦🏴󠁧󠁢󠁥󠁮󠁧󠁿", uint8(3))
	f.Fuzz(func(t *testing.T, text string, n uint8) {
		id := network.All[int(n)%len(network.All)]
		res, err := e.Check(Input{Text: text, Role: "employee", Network: id, At: time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC), Locked: []string{"I work at Larkspur."}})
		if err != nil {
			t.Fatal(err)
		}
		count := utf8.RuneCountInString(text)
		for _, fd := range res.Findings {
			if fd.Start < 0 || fd.End > count || fd.Start > fd.End {
				t.Fatalf("%s: span %d-%d in a text of %d code points", fd.Rule, fd.Start, fd.End, count)
			}
		}
		if res.Length.Count < 0 {
			t.Fatalf("length %d", res.Length.Count)
		}
	})
}

// FuzzPolicy: any policy file parses, lints and compiles without a panic.
func FuzzPolicy(f *testing.F) {
	b, err := bundle.Demo().Load(context.Background())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b.Policy)
	f.Add([]byte("rules: [{id: a, severity: block, pattern: '(', near: {within: -1}}]"))
	f.Add([]byte("policy: {name: a, version: 1}\nlexicons: {x: [[]]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		Lint(data)
		p, err := Parse("f.yaml", data)
		if err != nil {
			return
		}
		if e, err := Compile(p); err == nil {
			e.RunExamples()
		}
	})
}
