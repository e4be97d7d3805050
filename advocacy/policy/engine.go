package policy

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Detectors the policy can name, with what each finds.
var Detectors = map[string]string{
	"payment_card":   "payment card numbers that pass the Luhn check",
	"us_ssn":         "US Social Security numbers",
	"iban":           "IBANs that pass the mod-97 check",
	"email":          "e-mail addresses",
	"phone":          "telephone numbers",
	"secret":         "access keys, tokens, private keys and passwords",
	"internal_link":  "links to private addresses, internal names and the policy's intranet hosts",
	"shortener":      "links through link shorteners",
	"network_length": "posts longer than the network allows",
	"locked_text":    "approved locked text that was changed or removed",
}

// Conditions a require block may test.
var conditions = []string{"company_mention", "always"}

// Engine is a compiled policy, ready to check posts. It is safe for
// concurrent use.
type Engine struct {
	Policy      *Policy
	rules       []*compiled
	company     *phraseSet
	disclosures *phraseSet
	protected   *phraseSet
	lexicons    map[string]*phraseSet
}

// compiled is a rule with its matchers built.
type compiled struct {
	Rule
	terms  *phraseSet
	re     *regexp.Regexp
	nearA  *phraseSet
	nearB  *phraseSet
	anyOf  *phraseSet
	unless *phraseSet
}

// Compile builds the matchers of every rule. It fails on what would make a
// rule unable to work: an unknown lexicon, detector or condition, a bad
// regular expression.
func Compile(p *Policy) (*Engine, error) {
	e := &Engine{
		Policy:      p,
		company:     newPhraseSet(append(slices.Clone(p.Company.Names), p.Company.Products...)),
		disclosures: newPhraseSet(p.Disclosures),
		protected:   newPhraseSet(p.ProtectedTopics),
		lexicons:    map[string]*phraseSet{},
	}
	for name, terms := range p.Lexicons {
		e.lexicons[name] = newPhraseSet(terms)
	}
	var problems []string
	for _, r := range p.Rules {
		c, err := e.compile(r)
		if err != nil {
			problems = append(problems, fmt.Sprintf("line %d: rule %q: %v", r.Line, r.ID, err))
			continue
		}
		e.rules = append(e.rules, c)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("policy: %s", strings.Join(problems, "; "))
	}
	return e, nil
}

func (e *Engine) lexicon(names []string) (*phraseSet, error) {
	var terms []string
	for _, name := range names {
		if _, ok := e.lexicons[name]; !ok {
			return nil, fmt.Errorf("no lexicon named %q", name)
		}
		terms = append(terms, e.Policy.Lexicons[name]...)
	}
	return newPhraseSet(terms), nil
}

func (e *Engine) compile(r Rule) (*compiled, error) {
	c := &compiled{Rule: r, unless: newPhraseSet(r.Unless)}
	var err error
	if len(r.Lexicon) > 0 || len(r.Terms) > 0 {
		if c.terms, err = e.lexicon(r.Lexicon); err != nil {
			return nil, err
		}
		for _, t := range r.Terms {
			c.terms.add(t)
		}
	}
	if r.Pattern != "" {
		if c.re, err = regexp.Compile(r.Pattern); err != nil {
			return nil, fmt.Errorf("pattern: %v", err)
		}
	}
	if r.Near != nil {
		if c.nearA, err = e.lexicon(r.Near.A); err != nil {
			return nil, fmt.Errorf("near.a: %v", err)
		}
		if c.nearB, err = e.lexicon(r.Near.B); err != nil {
			return nil, fmt.Errorf("near.b: %v", err)
		}
		if r.Near.Within <= 0 {
			return nil, fmt.Errorf("near.within must be a positive number of words")
		}
	}
	if q := r.Require; q != nil {
		if !slices.Contains(conditions, q.If) {
			return nil, fmt.Errorf("require.if is %q; use %s", q.If, strings.Join(conditions, " or "))
		}
		switch {
		case q.None:
		case q.AnyOf == "disclosures":
			c.anyOf = e.disclosures
		case q.AnyOf != "":
			if c.anyOf, err = e.lexicon([]string{q.AnyOf}); err != nil {
				return nil, fmt.Errorf("require.any_of: %v", err)
			}
		default:
			return nil, fmt.Errorf("require needs any_of or none")
		}
	}
	for _, d := range r.Detector {
		if _, ok := Detectors[d]; !ok {
			return nil, fmt.Errorf("no detector named %q", d)
		}
	}
	for _, id := range r.Applies.During {
		if !slices.ContainsFunc(e.Policy.QuietPeriods, func(q QuietPeriod) bool { return q.ID == id }) {
			return nil, fmt.Errorf("applies.during names %q, which is not a quiet period", id)
		}
	}
	return c, nil
}

// appliesTo reports whether the rule is in force for this post.
func (c *compiled) appliesTo(e *Engine, in Input) bool {
	a := c.Applies
	if len(a.Roles) > 0 && !slices.Contains(a.Roles, in.Role) {
		return false
	}
	if len(a.Networks) > 0 && !slices.Contains(a.Networks, in.Network) {
		return false
	}
	if len(a.During) > 0 {
		return slices.ContainsFunc(e.Policy.QuietPeriods, func(q QuietPeriod) bool {
			return slices.Contains(a.During, q.ID) && !in.At.Before(q.From) && in.At.Before(q.To)
		})
	}
	return true
}

// inQuietPeriod names the quiet period at t, if any.
func (e *Engine) inQuietPeriod(t time.Time) (QuietPeriod, bool) {
	for _, q := range e.Policy.QuietPeriods {
		if !t.Before(q.From) && t.Before(q.To) {
			return q, true
		}
	}
	return QuietPeriod{}, false
}
