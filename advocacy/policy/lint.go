package policy

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Lint reads a policy file and reports every problem with its line: what
// stops it loading (syntax, unknown keys, duplicate ids, bad regular
// expressions, unknown lexicons or detectors, empty lexicons, rules that
// match nothing or have no examples) as errors, and advice (unused
// lexicons, protected words in blocking rules, missing reasons) as
// warnings. Problems come in line order.
func Lint(data []byte) []Problem {
	p, root, problems := parse(data)
	if p == nil {
		return problems
	}
	lexLines := lexiconLines(root)
	e := newEngine(p)
	for name := range p.Lexicons {
		if e.lexicons[name].empty() {
			problems = append(problems, Problem{Line: lexLines[name], Error: true, Message: fmt.Sprintf("lexicon %q is empty", name)})
		}
	}
	used := map[string]bool{}
	for _, r := range p.Rules {
		problems = append(problems, e.lintRule(r, used)...)
	}
	for name := range p.Lexicons {
		if !used[name] {
			problems = append(problems, Problem{Line: lexLines[name], Message: fmt.Sprintf("lexicon %q is not used by any rule", name)})
		}
	}
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Line < problems[j].Line })
	return problems
}

func (e *Engine) lintRule(r Rule, used map[string]bool) []Problem {
	var out []Problem
	add := func(isErr bool, format string, args ...any) {
		out = append(out, Problem{Line: r.Line, Error: isErr, Message: fmt.Sprintf("rule %q: ", r.ID) + fmt.Sprintf(format, args...)})
	}
	c, err := e.compile(r)
	if err != nil {
		add(true, "%v", err)
	} else if len(r.Unless) > 0 {
		used := e.usedExceptions(c)
		for _, u := range r.Unless {
			if !used[u] {
				add(false, "exception %q excuses none of the rule's examples; add a pass example it excuses, or remove it", u)
			}
		}
	}
	names := slices.Clone([]string(r.Lexicon))
	if r.Near != nil {
		names = append(append(names, r.Near.A...), r.Near.B...)
	}
	if r.Require != nil && r.Require.AnyOf != "" && r.Require.AnyOf != "disclosures" {
		names = append(names, r.Require.AnyOf)
	}
	for _, n := range names {
		used[n] = true
	}
	matchers := len(r.Lexicon) + len(r.Terms) + len(r.Detector)
	if r.Pattern != "" || r.Near != nil || r.Require != nil {
		matchers++
	}
	switch {
	case r.Protected && matchers > 0:
		add(true, "a protected rule lists protected speech; it must not match anything itself")
	case !r.Protected && matchers == 0:
		add(true, "matches nothing: give it a lexicon, terms, pattern, near, require or detector")
	}
	if len(r.Examples.Flag)+len(r.Examples.Pass) == 0 {
		add(true, "has no examples; add texts it must flag and texts it must pass")
	} else if len(r.Examples.Flag) == 0 && !r.Protected && !slices.Contains(r.Detector, "locked_text") && !slices.Contains(r.Detector, "network_length") {
		add(false, "has no examples it must flag")
	}
	if strings.TrimSpace(r.Why) == "" || strings.TrimSpace(r.Source) == "" {
		add(false, "should say why it exists and which policy or regulation it serves (why, source)")
	}
	if r.Severity != Info && (len(r.Lexicon) > 0 || len(r.Terms) > 0) && !e.protected.empty() {
		terms := slices.Clone(r.Terms)
		for _, n := range r.Lexicon {
			terms = append(terms, e.Policy.Lexicons[n]...)
		}
		for _, term := range terms {
			if e.onlyProtected(e.doc(term), hit{start: 0, end: len(term)}) {
				add(false, "term %q is a protected topic; posts that only use it are never blocked (NLRA Section 7)", term)
			}
		}
	}
	return out
}

// usedExceptions returns the exceptions (unless phrases) of a rule that
// excuse some finding of the rule in its own examples.
func (e *Engine) usedExceptions(c *compiled) map[string]bool {
	used := map[string]bool{}
	for _, text := range append(slices.Clone(c.Examples.Flag), c.Examples.Pass...) {
		in := e.exampleInput(c.Rule, text)
		d := e.doc(text)
		length, err := d.length(in.Network)
		if err == nil {
			for _, h := range c.find(e, d, in, length, nil) {
				if u := d.excuse(c.unless, h); u != "" {
					used[u] = true
				}
			}
		}
		d.release()
	}
	return used
}

// lexiconLines finds the line of each lexicon's name in the file.
func lexiconLines(root *yaml.Node) map[string]int {
	out := map[string]int{}
	if root == nil || len(root.Content) == 0 {
		return out
	}
	top := root.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value != "lexicons" {
			continue
		}
		lex := top.Content[i+1]
		for k := 0; k+1 < len(lex.Content); k += 2 {
			out[lex.Content[k].Value] = lex.Content[k].Line
		}
	}
	return out
}
