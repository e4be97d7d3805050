package policy

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
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
	words       vocab
	filter      *wordFilter // built once the rules are compiled
	rules       []*compiled
	company     *phraseSet
	disclosures *phraseSet
	protected   *phraseSet
	workCues    *phraseSet // cues that a sentence is about work
	productWord *phraseSet // words that make an ambiguous topic a product's
	ambiguous   []string   // protected topics that need a cue
	lexicons    map[string]*phraseSet
	domains     []string // the company's domains, lower case
	intranet    []string // the policy's intranet hosts, lower case
	phones      []string // the company's published numbers, as phoneDigits
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
	msg    string // the message findings carry
}

// Compile builds the matchers of every rule. It fails on what would make a
// rule unable to work: an unknown lexicon, detector or condition, a bad
// regular expression.
func Compile(p *Policy) (*Engine, error) {
	e := newEngine(p)
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
	e.filter = newWordFilter(e.words)
	return e, nil
}

// Rule returns the rule with the given id.
func (e *Engine) Rule(id string) (Rule, bool) {
	for _, r := range e.rules {
		if r.ID == id {
			return r.Rule, true
		}
	}
	return Rule{}, false
}

// newEngine builds the term sets the rules share; rules come after.
func newEngine(p *Policy) *Engine {
	e := &Engine{Policy: p, words: vocab{}, lexicons: map[string]*phraseSet{},
		domains: lowerAll(p.Company.Domains), intranet: lowerAll(p.Company.IntranetHosts)}
	for _, n := range p.Company.Phones {
		e.phones = append(e.phones, phoneDigits(n))
	}
	e.company = newPhraseSet(e.words, append(slices.Clone(p.Company.Names), p.Company.Products...))
	e.disclosures = newPhraseSet(e.words, p.Disclosures)
	e.protected = newPhraseSet(e.words, p.ProtectedTopics)
	e.ambiguous = p.ProtectedContext.Ambiguous
	cues := p.ProtectedContext.Cues
	if len(e.ambiguous) == 0 {
		e.ambiguous = defaultAmbiguousTopics
	}
	if len(cues) == 0 {
		cues = defaultWorkCues
	}
	e.workCues = newPhraseSet(e.words, cues)
	e.productWord = newPhraseSet(e.words, productWords)
	for name, terms := range p.Lexicons {
		e.lexicons[name] = newPhraseSet(e.words, terms)
	}
	return e
}

// scratch is the working space of a check, recycled between checks so that
// a check allocates little beyond its findings.
type scratch struct {
	words   tokenizer
	tokens  []token
	matches []match
	spare   []match // for a look-up while matches is in use
	present []uint64
	head    []int32 // doc.head
	next    []int32 // doc.next
	where   []int32 // the words a term set's search starts at
	hits    []hit
	found   []ruleHit
	merged  map[ruleSeverity]int // mergeOverlaps
	links   []link               // doc.links
	offsets []int                // doc.toCodePoints
	cps     []int
	guard   guard
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// doc prepares a text for this engine's term sets. Its working space comes
// from a pool; release gives it back.
func (e *Engine) doc(text string) *doc {
	sc := scratchPool.Get().(*scratch)
	d := &doc{text: text, ascii: isASCII(text), scratch: sc}
	sc.words.words, sc.words.filter, sc.words.add = e.words, e.filter, false
	d.tokens = sc.words.tokenize(text, sc.tokens[:0])
	d.indexWords(len(e.words))
	return d
}

// indexWords records which words of the vocabulary (of size n) the text
// holds, so that a term set none of whose first words occurs is not
// searched at all, and where each occurs: a chain through the text's
// words from each word's first occurrence, so that a term set with few
// first words visits only their occurrences (phraseSet.findDoc).
func (d *doc) indexWords(n int) {
	sc := d.scratch
	words := (n + 63) / 64
	sc.present = slices.Grow(sc.present[:0], words)[:words]
	clear(sc.present)
	sc.head = slices.Grow(sc.head[:0], n)[:n] // valid where present is set
	nodes := 2 * len(d.tokens)
	sc.next = slices.Grow(sc.next[:0], nodes)[:nodes]
	link := func(id int32, node int32) {
		if sc.present[id>>6]&(1<<(id&63)) == 0 {
			sc.present[id>>6] |= 1 << (id & 63)
			sc.next[node] = -1
		} else {
			sc.next[node] = sc.head[id]
		}
		sc.head[id] = node
	}
	for i := len(d.tokens) - 1; i >= 0; i-- {
		t := d.tokens[i]
		if t.lid >= 0 && t.lid != t.kid {
			link(t.lid, int32(2*i+1))
		}
		if t.kid >= 0 {
			link(t.kid, int32(2*i))
		}
	}
	d.present, d.head, d.next = sc.present, sc.head, sc.next
}

// release returns the doc's working space to the pool; d must not be used
// after.
func (d *doc) release() {
	sc := d.scratch
	sc.tokens = d.tokens[:0]
	sc.words.words, sc.words.filter = nil, nil
	if sc.huge() { // a huge text's space: not worth keeping
		*sc = scratch{}
	}
	if cap(sc.words.lower) > maxPooledWord {
		sc.words = tokenizer{}
	}
	d.tokens = nil
	scratchPool.Put(sc)
	d.scratch = nil
}

// huge reports working space grown by a huge text: more words, hits,
// matches, links or offsets than maxPooledTokens.
func (sc *scratch) huge() bool {
	return max(cap(sc.tokens), cap(sc.next)/2, cap(sc.where), cap(sc.hits), cap(sc.found),
		cap(sc.matches), cap(sc.spare), cap(sc.links), cap(sc.offsets)/2, cap(sc.cps)/2,
		cap(sc.guard.sentence), cap(sc.guard.count)) > maxPooledTokens
}

// maxPooledTokens bounds the word space a pooled scratch keeps, so that an
// odd huge text does not pin megabytes between checks.
const (
	maxPooledTokens = 1 << 14
	maxPooledWord   = 1 << 12 // bytes
)

func (e *Engine) lexicon(names []string) (*phraseSet, error) {
	var terms []string
	for _, name := range names {
		if _, ok := e.lexicons[name]; !ok {
			return nil, fmt.Errorf("no lexicon named %q", name)
		}
		terms = append(terms, e.Policy.Lexicons[name]...)
	}
	return newPhraseSet(e.words, terms), nil
}

func (e *Engine) compile(r Rule) (*compiled, error) {
	c := &compiled{Rule: r, unless: newPhraseSet(e.words, r.Unless), msg: r.Message}
	if c.msg == "" {
		c.msg = r.Title + ": " + r.Why
	}
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
