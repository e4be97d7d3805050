package policy

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/advocate-app/advocate/advocacy/network"
)

// Input is a post to check, and the circumstances it would be posted in.
type Input struct {
	Text    string
	Role    string // "employee" or "alumni"
	Network network.ID
	// At is when it would be posted; zero means now.
	At time.Time
	// Locked is approved text that must appear unchanged.
	Locked []string
}

// Finding is one thing a rule found in a post, at a span of code points
// [Start, End) of the text.
type Finding struct {
	Rule     string   `json:"rule"`
	Title    string   `json:"-"`
	Severity Severity `json:"severity"`
	Start    int      `json:"start"`
	End      int      `json:"end"`
	Message  string   `json:"message"`
	Fix      string   `json:"fix"`
	// Protected is set when the finding was lowered to info because it is
	// in a sentence about a protected topic (NLRA Section 7).
	Protected bool `json:"-"`
	// Sensitive is set when the span holds a credential or a card, bank or
	// national id number: show where it is, never the span's text, in
	// logs, audit records and messages.
	Sensitive bool `json:"-"`
}

// Verdict is the outcome of a check: the worst severity found, with info
// counting as a pass.
type Verdict string

// Verdicts.
const (
	Pass     Verdict = "pass"
	WarnOnly Verdict = "warn"
	Blocked  Verdict = "block"
)

// Result is everything a check found.
type Result struct {
	Verdict  Verdict   `json:"verdict"`
	Findings []Finding `json:"findings"`
	Length   Length    `json:"length"`
}

// Check runs every rule that applies to in and returns the findings, in
// text order, the verdict and the post's length on its network.
func (e *Engine) Check(in Input) (Result, error) {
	if in.At.IsZero() {
		in.At = time.Now()
	}
	d := e.doc(in.Text)
	defer d.release()
	res := Result{Verdict: Pass, Findings: []Finding{}}
	var err error
	if res.Length, err = d.length(in.Network); err != nil {
		return res, err
	}
	// Gather every hit first, in pooled scratch space, so the findings are
	// allocated once.
	found := d.scratch.found[:0]
	for _, r := range e.rules {
		if !r.appliesTo(e, in) {
			continue
		}
		hits := r.find(e, d, in, res.Length, d.scratch.hits[:0])
		for _, h := range hits {
			if r.unless.empty() || d.excuse(r.unless, h) == "" {
				found = append(found, ruleHit{rule: r, hit: h})
			}
		}
		d.scratch.hits = hits[:0]
	}
	d.scratch.found = found[:0]
	if len(found) > 0 {
		res.Findings = make([]Finding, len(found))
	}
	// The protected-context guard first, then the findings in text order,
	// the worse first at one place: the hits are sorted, not the findings
	// they become.
	for i := range found {
		rh := &found[i]
		rh.severity = rh.rule.Severity
		if rh.hit.lexical && rh.severity != Info && !rh.rule.NeverLowered && e.protectedContext(d, rh.hit) {
			rh.severity, rh.protected = Info, true
		}
	}
	slices.SortStableFunc(found, func(a, b ruleHit) int {
		if a.hit.start != b.hit.start {
			return a.hit.start - b.hit.start
		}
		return rank(b.severity) - rank(a.severity)
	})
	for i, rh := range found {
		r, h := rh.rule, rh.hit
		f := Finding{
			Rule: r.ID, Title: r.Title, Severity: rh.severity, Protected: rh.protected,
			Start: h.start, End: h.end, // bytes until toCodePoints
			Message: r.message(h.describe()), Fix: r.Fix, Sensitive: h.sensitive,
		}
		if f.Protected {
			f.Message += " " + ProtectedNote
		}
		res.Findings[i] = f
	}
	d.toCodePoints(res.Findings)
	if d.scratch.merged == nil {
		d.scratch.merged = map[ruleSeverity]int{}
	}
	res.Findings = mergeOverlaps(res.Findings, d.scratch.merged)
	for _, f := range res.Findings {
		switch {
		case f.Severity == Block:
			res.Verdict = Blocked
		case f.Severity == Warn && res.Verdict == Pass:
			res.Verdict = WarnOnly
		}
	}
	return res, nil
}

// mergeOverlaps folds each finding into the last one of the same rule and
// severity when their spans overlap, so that one passage is reported once
// ("acquisition … not announced" and "not announced … deal" are one
// finding); the merged span covers both. fs is sorted by start. Findings
// of credentials and numbers stay as they are: each names its own value.
// last is scratch space, cleared first.
func mergeOverlaps(fs []Finding, last map[ruleSeverity]int) []Finding {
	if len(fs) < 2 {
		return fs
	}
	clear(last) // rule and severity → index in out
	out := fs[:0]
	for _, f := range fs {
		key := ruleSeverity{f.Rule, f.Severity}
		if i, ok := last[key]; ok && !f.Sensitive && !out[i].Sensitive && f.Start < out[i].End {
			out[i].End = max(out[i].End, f.End)
			continue
		}
		last[key] = len(out)
		out = append(out, f)
	}
	return out
}

// ruleSeverity is a rule and a severity its findings have.
type ruleSeverity struct {
	rule     string
	severity Severity
}

func rank(s Severity) int {
	switch s {
	case Block:
		return 2
	case Warn:
		return 1
	}
	return 0
}

func (c *compiled) message(detail string) string {
	if detail != "" {
		return c.msg + " (" + detail + ")"
	}
	return c.msg
}

// has reports whether a term of set occurs in the text, using the doc's
// scratch space.
func (d *doc) has(set *phraseSet) bool {
	ms := set.findDoc(d, d.scratch.spare[:0])
	d.scratch.spare = ms[:0]
	return len(ms) > 0
}

// excuse returns the exception (unless phrase) that overlaps the hit's
// words, or "". An exception may reach past the hit: "confidential
// computing" excuses the "confidential" a marker lexicon finds. Only the
// words within the longest exception's length of the hit are read.
func (d *doc) excuse(set *phraseSet, h hit) string {
	toks := d.hitTokens(h)
	if len(toks) == 0 {
		return ""
	}
	first, _ := slices.BinarySearchFunc(d.tokens, toks[0].start, func(t token, s int) int { return cmp.Compare(t.start, s) })
	last := first + len(toks) - 1
	lo, hi := max(0, first-set.longest+1), min(len(d.tokens), last+set.longest)
	ms := set.find(d.tokens[lo:hi], d.scratch.matches[:0])
	d.scratch.matches = ms[:0]
	for _, m := range ms {
		if lo+m.first <= last && lo+m.last >= first {
			return m.term
		}
	}
	return ""
}

// ruleHit is a hit with the rule that found it.
type ruleHit struct {
	rule *compiled
	hit  hit
	// severity is the rule's, or info when the guard lowered the hit
	// (protected).
	severity  Severity
	protected bool
}

// hit is a byte span a rule found, whether lexical (words matched, which
// may be a protected topic), and any detail for the message.
type hit struct {
	start, end int
	lexical    bool
	sensitive  bool // a credential or an account number: never to be repeated
	detail     string
	// near are the two terms a near rule found near each other; the
	// detail names them when the hit becomes a finding.
	near [2]string
	// words are the indexes [start, end) of the words matched, when the
	// rule matched words; end is 0 otherwise.
	words span
}

// describe returns the detail for the hit's message.
func (h hit) describe() string {
	if h.near[0] != "" {
		return fmt.Sprintf("%q near %q", h.near[0], h.near[1])
	}
	return h.detail
}

// hitTokens returns the words a hit covers.
func (d *doc) hitTokens(h hit) []token {
	if h.words.end > 0 {
		return d.tokens[h.words.start:h.words.end]
	}
	return d.tokensIn(h.start, h.end)
}

// tokensIn returns the words lying within [start, end), found by binary
// search: a check with a hit per word stays linear.
func (d *doc) tokensIn(start, end int) []token {
	i, _ := slices.BinarySearchFunc(d.tokens, start, func(t token, start int) int {
		return cmp.Compare(t.end, start+1) // the first word ending after start
	})
	j, _ := slices.BinarySearchFunc(d.tokens[i:], end, func(t token, end int) int {
		return cmp.Compare(t.start, end) // the first word starting at end or after
	})
	return d.tokens[i : i+j]
}

// ProtectedNote ends the message of a finding lowered by the
// protected-context guard.
const ProtectedNote = "Not blocked: discussing pay, hours, staffing, unions, safety or working conditions is protected (NLRA Section 7)."

// protectedContext reports a lexical hit with a protected topic in its
// sentence, or within the policy's protected_context.within words of it.
// The words' sentences and the protected topics are found once per check,
// so a text with a hit in every word stays linear.
func (e *Engine) protectedContext(d *doc, h hit) bool {
	if e.protected.empty() {
		return false
	}
	toks := d.hitTokens(h)
	if len(toks) == 0 {
		return false
	}
	if !d.guardDone {
		d.buildGuard(e)
	}
	first := h.words.start
	last := h.words.end - 1
	if h.words.end == 0 { // a pattern hit: find its words' indexes
		first, _ = slices.BinarySearchFunc(d.tokens, toks[0].start, func(t token, s int) int { return cmp.Compare(t.start, s) })
		last = first + len(toks) - 1
	}
	g := &d.scratch.guard
	if w := e.Policy.ProtectedContext.Within; w > 0 {
		lo, hi := max(0, first-w), min(len(d.tokens), last+w+1)
		return g.count[hi] > g.count[lo]
	}
	for s := g.sentence[first]; s <= g.sentence[last]; s++ {
		if g.sentHas[s] {
			return true
		}
	}
	return false
}

// guard is what the protected-context guard knows of a text: for each word
// its sentence, which sentences hold a protected topic, and how many
// protected topics start before each word.
type guard struct {
	sentence []int32
	sentHas  []bool
	sentCue  []bool // the sentence is about work (guard_cues.go)
	count    []int32
}

// productAfter reports a product word right after word i ("safety
// feature").
func (e *Engine) productAfter(d *doc, i int) bool {
	if i+1 >= len(d.tokens) {
		return false
	}
	ok, buf := e.productWord.contains(d.tokens[i+1:i+2], d.scratch.spare[:0])
	d.scratch.spare = buf
	return ok
}

// buildGuard finds the text's sentences and protected topics.
func (d *doc) buildGuard(e *Engine) {
	g := &d.scratch.guard
	n := len(d.tokens)
	g.sentence = slices.Grow(g.sentence[:0], n)[:n]
	g.count = slices.Grow(g.count[:0], n+1)[:n+1]
	g.sentHas = g.sentHas[:0]
	s := int32(0)
	for i, t := range d.tokens {
		if i > 0 && sentenceBreak(d.text[d.tokens[i-1].end:t.start]) {
			s++
		}
		g.sentence[i] = s
		g.count[i] = 0
	}
	g.count[n] = 0
	g.sentHas = slices.Grow(g.sentHas, int(s)+1)[:s+1]
	clear(g.sentHas)
	// A sentence is about work when it holds a cue or a protected topic
	// that is not ambiguous; an ambiguous topic counts only there.
	g.sentCue = slices.Grow(g.sentCue[:0], int(s)+1)[:s+1]
	clear(g.sentCue)
	cues := e.workCues.findDoc(d, d.scratch.matches[:0])
	for _, m := range cues {
		g.sentCue[g.sentence[m.first]] = true
	}
	ms := e.protected.findDoc(d, cues[:0])
	for _, m := range ms {
		if !ambiguousTopic(m.term, e.ambiguous) {
			g.sentCue[g.sentence[m.first]] = true
		}
	}
	for _, m := range ms {
		if ambiguousTopic(m.term, e.ambiguous) && (!g.sentCue[g.sentence[m.first]] || e.productAfter(d, m.last)) {
			continue
		}
		g.count[m.first+1]++
		g.sentHas[g.sentence[m.first]] = true
		g.sentHas[g.sentence[m.last]] = true
	}
	d.scratch.matches = ms[:0]
	for i := 1; i <= n; i++ {
		g.count[i] += g.count[i-1]
	}
	d.guardDone = true
}

// sentenceBreak reports whether the text between two words ends a
// sentence: a line break, or a full stop, question or exclamation mark or
// semicolon followed by a space (not the dot of a domain name or a number).
func sentenceBreak(gap string) bool {
	for i := 0; i < len(gap); i++ {
		switch gap[i] {
		case '\n':
			return true
		case '.', '!', '?', ';':
			if i+1 < len(gap) && (gap[i+1] == ' ' || gap[i+1] == '\t' || gap[i+1] == '\r' || gap[i+1] == '\n' || gap[i+1] >= 0x80) {
				return true
			}
		}
	}
	return false
}

// onlyProtected reports a lexical hit whose words are all protected topics.
func (e *Engine) onlyProtected(d *doc, h hit) bool {
	toks := d.hitTokens(h)
	if len(toks) == 0 || e.protected.empty() {
		return false
	}
	// The matches come in order without overlaps: the words are covered
	// when each match starts where the one before ended.
	ms := e.protected.find(toks, d.scratch.matches[:0])
	d.scratch.matches = ms[:0]
	next := 0
	for _, m := range ms {
		if m.first > next {
			return false
		}
		next = m.last + 1
	}
	return next == len(toks)
}

// find appends to out what the rule's matcher finds in the text.
func (c *compiled) find(e *Engine, d *doc, in Input, length Length, out []hit) []hit {
	if c.terms != nil {
		ms := c.terms.findDoc(d, d.scratch.matches[:0])
		for _, m := range ms {
			first := m.first
			if d.tokens[first].contracted && first > 0 {
				first-- // the whole contraction
			}
			out = append(out, hit{start: d.tokens[first].start, end: d.tokens[m.last].end, lexical: true,
				words: span{first, m.last + 1}})
		}
		d.scratch.matches = ms[:0]
	}
	if c.re != nil {
		for _, loc := range c.re.FindAllStringIndex(d.text, -1) {
			if loc[1] > loc[0] {
				out = append(out, hit{start: loc[0], end: loc[1], lexical: true})
			}
		}
	}
	if c.Near != nil {
		out = c.findNear(d, out)
	}
	if c.Require != nil {
		out = append(out, c.findRequire(e, d)...)
	}
	for _, name := range c.Detector {
		out = detect(name, e, d, in, length, out)
	}
	return out
}

// findNear finds a term of A within Near.Within words of a term of B: for
// each term of A, the first term of B near it that it does not overlap.
// The hits are appended to out.
func (c *compiled) findNear(d *doc, out []hit) []hit {
	as := c.nearA.findDoc(d, d.scratch.matches[:0])
	d.scratch.matches = as[:0]
	if len(as) == 0 {
		return out
	}
	bs := c.nearB.findDoc(d, d.scratch.spare[:0])
	d.scratch.spare = bs[:0]
	for _, a := range as {
		if b, ok := nearest(bs, a, c.Near.Within); ok {
			first, last := min(a.first, b.first), max(a.last, b.last)
			if d.tokens[first].contracted && first > 0 {
				first--
			}
			out = append(out, hit{start: d.tokens[first].start, end: d.tokens[last].end, lexical: true,
				near: [2]string{a.term, b.term}, words: span{first, last + 1}})
		}
	}
	return out
}

// nearest returns the first match of bs (in text order, without overlaps)
// within `within` words of a and not overlapping it. Only the matches in
// that window are looked at, found by binary search, so that a text full
// of both kinds of term is not checked pair by pair.
func nearest(bs []match, a match, within int) (match, bool) {
	k, _ := slices.BinarySearchFunc(bs, a.first-within, func(b match, from int) int {
		return cmp.Compare(b.last, from) // the first match ending at from or after
	})
	for ; k < len(bs) && bs[k].first-a.last <= within; k++ {
		if b := bs[k]; max(b.first-a.last, a.first-b.last) > 0 {
			return b, true
		}
	}
	return match{}, false
}

// findRequire checks a condition: when the post mentions the company (or
// always), a required phrase must be there; with none, the mention itself
// is the finding.
func (c *compiled) findRequire(e *Engine, d *doc) []hit {
	q := c.Require
	mention, ok := span{0, len(d.text)}, true
	if q.If == "company_mention" {
		mention, ok = e.companyMention(d)
	}
	if !ok || (c.anyOf != nil && d.has(c.anyOf)) {
		return nil
	}
	return []hit{{start: mention.start, end: mention.end}}
}

// companyMention finds the first mention of the company: one of its names
// or products, or a link to one of its domains.
func (e *Engine) companyMention(d *doc) (span, bool) {
	if d.mentionDone {
		return d.mention, d.mention.start >= 0
	}
	best := span{-1, -1}
	ms := e.company.findDoc(d, d.scratch.matches[:0])
	if len(ms) > 0 {
		best = span{d.tokens[ms[0].first].start, d.tokens[ms[0].last].end}
	}
	d.scratch.matches = ms[:0]
	if len(e.domains) > 0 {
		for _, l := range d.links() {
			if hostIn(l.host, e.domains) && (best.start < 0 || l.start < best.start) {
				best = span{l.start, l.end}
				break
			}
		}
	}
	d.mention, d.mentionDone = best, true
	return best, best.start >= 0
}

// detect appends to out what a built-in detector finds.
func detect(name string, e *Engine, d *doc, in Input, length Length, out []hit) []hit {
	var spans []span
	switch name {
	case "payment_card":
		spans = findCards(d.text)
	case "us_ssn":
		spans = findSSNs(d.text)
	case "iban":
		spans = findIBANs(d.text)
	case "email":
		for _, s := range findEmails(d.text) {
			if !companyEmail(d.text[s.start:s.end], e.domains) {
				spans = append(spans, s)
			}
		}
	case "phone":
		for _, s := range findPhones(d.text) {
			if personalPhone(d.text[s.start:s.end], e.phones) {
				spans = append(spans, s)
			}
		}
	case "secret":
		spans = findSecretsIn(d.text, d.links())
	case "internal_link", "shortener":
		for _, l := range d.links() {
			if (name == "internal_link" && internalHost(l.host, e.intranet)) ||
				(name == "shortener" && hostIn(l.host, shorteners)) {
				spans = append(spans, span{l.start, l.end})
			}
		}
	case "network_length":
		if !length.Valid() {
			start := len(d.text)
			if length.Over >= 0 {
				start = d.byteAt(length.Over)
			}
			detail := fmt.Sprintf("%d of %d characters on %s", length.Count, length.Limit, length.Network.Title())
			if length.Count <= length.Limit {
				detail = fmt.Sprintf("%d of %d bytes on %s", length.Bytes, length.MaxBytes, length.Network.Title())
				start = 0
			}
			return append(out, hit{start: start, end: len(d.text), detail: detail})
		}
	case "locked_text":
		for _, locked := range in.Locked {
			if locked != "" && !strings.Contains(d.text, locked) {
				out = append(out, hit{start: 0, end: len(d.text), detail: fmt.Sprintf("%q must appear as approved", locked)})
			}
		}
		return out
	}
	sensitive := name == "secret" || name == "payment_card" || name == "iban" || name == "us_ssn"
	for _, s := range spans {
		out = append(out, hit{start: s.start, end: s.end, sensitive: sensitive})
	}
	return out
}

// byteAt converts a code point offset to a byte offset.
func (d *doc) byteAt(cp int) int {
	if d.ascii {
		return min(cp, len(d.text))
	}
	n := 0
	for i := range d.text {
		if n == cp {
			return i
		}
		n++
	}
	return len(d.text)
}

// Worse returns the stricter of two verdicts.
func Worse(a, b Verdict) Verdict {
	if verdictRank(b) > verdictRank(a) {
		return b
	}
	return a
}

func verdictRank(v Verdict) int {
	switch v {
	case Blocked:
		return 2
	case WarnOnly:
		return 1
	}
	return 0
}
