package policy

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/advocate-app/advocate/advocacy/network"
)

// An evaluation set is a file of labelled posts, one a line, with
// tab-separated columns:
//
//	id  role  network  at  expected  text  [reason]
//
// id names the case; its part before the first "-" is its category
// (mnpi-012 is in "mnpi"). role is employee or alumni, network one of x,
// linkedin, mastodon, bluesky; at is an RFC 3339 time or empty (the
// policy's effective time). expected is block, warn, pass or notblock (pass
// or warn: protected speech, which may be flagged but never blocked). The
// text may write a line break as \n and a tab as \t. Empty lines, lines
// starting with # and the header line (id<TAB>role<TAB>…) are skipped.

// Case is one labelled post of an evaluation set.
type Case struct {
	ID, Category string
	Role         string
	Network      network.ID
	At           time.Time // zero: the policy's effective time
	Expect       string    // block, warn, pass or notblock
	Text         string
	Reason       string
	Line         int
}

// ReadCases reads an evaluation set; name is used in errors, which give
// the line.
func ReadCases(name string, r io.Reader) ([]Case, error) {
	var out []Case
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	seen := map[string]int{}
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "id\trole\t") {
			continue
		}
		bad := func(format string, args ...any) error {
			return fmt.Errorf("%s:%d: %s", name, n, fmt.Sprintf(format, args...))
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 6 || len(cols) > 7 {
			return nil, bad("%d columns; want id, role, network, at, expected, text and an optional reason, separated by tabs", len(cols))
		}
		c := Case{ID: cols[0], Role: cols[1], Expect: cols[4], Text: unescape(cols[5]), Line: n}
		if len(cols) == 7 {
			c.Reason = cols[6]
		}
		if c.ID == "" {
			return nil, bad("the case has no id")
		}
		if at, dup := seen[c.ID]; dup {
			return nil, bad("id %q is already used at line %d", c.ID, at)
		}
		seen[c.ID] = n
		c.Category, _, _ = strings.Cut(c.ID, "-")
		if c.Role != "employee" && c.Role != "alumni" {
			return nil, bad("role %q; use employee or alumni", c.Role)
		}
		id, err := network.Parse(cols[2])
		if err != nil {
			return nil, bad("%v", err)
		}
		c.Network = id
		if cols[3] != "" {
			if c.At, err = time.Parse(time.RFC3339, cols[3]); err != nil {
				return nil, bad("at %q is not an RFC 3339 time such as 2026-12-20T09:00:00Z", cols[3])
			}
		}
		switch c.Expect {
		case "block", "warn", "pass", "notblock":
		default:
			return nil, bad("expected %q; use block, warn, pass or notblock", c.Expect)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return out, nil
}

func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	return strings.NewReplacer(`\n`, "\n", `\t`, "\t", `\\`, `\`).Replace(s)
}

// Outcome is what the policy made of a case.
type Outcome struct {
	Case
	Got   Verdict
	Rules []string // the rules that found something, worst first
	OK    bool
}

// Stats counts a category's cases: positives are the cases expected to be
// blocked or warned; a true positive is one flagged at least as strictly as
// expected, a false positive a case expected to pass (or not to be
// blocked) that was flagged (or blocked). Failed counts every case whose
// verdict is not the one expected, a warning that was blocked included.
type Stats struct {
	Category                    string
	Cases, Positives, Failed    int
	TruePos, FalseNeg, FalsePos int
}

// Precision is TruePos / (TruePos + FalsePos), or -1 with nothing flagged.
func (s Stats) Precision() float64 {
	if s.TruePos+s.FalsePos == 0 {
		return -1
	}
	return float64(s.TruePos) / float64(s.TruePos+s.FalsePos)
}

// Recall is TruePos / Positives, or -1 without positives.
func (s Stats) Recall() float64 {
	if s.Positives == 0 {
		return -1
	}
	return float64(s.TruePos) / float64(s.Positives)
}

// Report is an evaluation's outcome: each category's counts, the totals,
// and every case that did not get the verdict expected.
type Report struct {
	Categories []Stats
	Total      Stats
	Misses     []Outcome
}

// Evaluate checks every case with the engine and counts the outcomes.
func (e *Engine) Evaluate(cases []Case) (Report, error) {
	byCat := map[string]*Stats{}
	var rep Report
	rep.Total.Category = "all"
	for _, c := range cases {
		in := Input{Text: c.Text, Role: c.Role, Network: c.Network, At: c.At}
		if in.At.IsZero() {
			in.At = e.Policy.About.Effective
		}
		res, err := e.Check(in)
		if err != nil {
			return Report{}, fmt.Errorf("case %s (line %d): %v", c.ID, c.Line, err)
		}
		o := Outcome{Case: c, Got: res.Verdict}
		for _, sev := range []Severity{Block, Warn} {
			for _, f := range res.Findings {
				if f.Severity == sev && !contains(o.Rules, f.Rule) {
					o.Rules = append(o.Rules, f.Rule)
				}
			}
		}
		st := byCat[c.Category]
		if st == nil {
			st = &Stats{Category: c.Category}
			byCat[c.Category] = st
		}
		o.OK = score(st, c.Expect, res.Verdict)
		score(&rep.Total, c.Expect, res.Verdict)
		if !o.OK {
			rep.Misses = append(rep.Misses, o)
		}
	}
	for _, st := range byCat {
		rep.Categories = append(rep.Categories, *st)
	}
	sort.Slice(rep.Categories, func(i, j int) bool { return rep.Categories[i].Category < rep.Categories[j].Category })
	return rep, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// score counts one case in st and reports whether it got the verdict
// expected.
func score(st *Stats, expect string, got Verdict) bool {
	st.Cases++
	ok := false
	switch expect {
	case "block", "warn":
		st.Positives++
		flagged := got == Blocked || (expect == "warn" && got == WarnOnly)
		if flagged {
			st.TruePos++
		} else {
			st.FalseNeg++
		}
		ok = string(got) == expect
	case "pass":
		ok = got == Pass
		if !ok {
			st.FalsePos++
		}
	case "notblock":
		ok = got != Blocked
		if !ok {
			st.FalsePos++
		}
	}
	if !ok {
		st.Failed++
	}
	return ok
}

// Write prints the misses, then the table of categories and totals.
// Texts are shown with long runs of letters and digits cut short, so that
// a credential in a case is never printed in full.
func (r Report) Write(w io.Writer, name string) {
	for _, m := range r.Misses {
		rules := "no rule"
		if len(m.Rules) > 0 {
			rules = strings.Join(m.Rules, ", ")
		}
		fmt.Fprintf(w, "%s:%d: %s: expected %s, got %s (%s): %s\n", name, m.Line, m.ID, m.Expect, m.Got, rules, Redact(m.Text, 80))
		if m.Reason != "" {
			fmt.Fprintf(w, "    why: %s\n", m.Reason)
		}
	}
	if len(r.Misses) > 0 {
		fmt.Fprintln(w)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "category\tcases\tto flag\tflagged\tmissed\tfalse alarms\tprecision\trecall\tfailed\t")
	row := func(s Stats) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%d\t\n", s.Category, s.Cases, s.Positives, s.TruePos, s.FalseNeg, s.FalsePos, percent(s.Precision()), percent(s.Recall()), s.Failed)
	}
	for _, s := range r.Categories {
		row(s)
	}
	row(r.Total)
	tw.Flush()
	fmt.Fprintf(w, "%d cases, %d as expected, %d not\n", r.Total.Cases, r.Total.Cases-r.Total.Failed, r.Total.Failed)
}

func percent(f float64) string {
	if f < 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*f)
}

// Redact shortens text to about max code points, and every run of 12 or
// more letters, digits and token characters (a key, a card number) to its
// first four characters and an ellipsis, so that a credential is never
// repeated in full.
func Redact(text string, max int) string {
	tokenByte := func(c byte) bool {
		return isAlnum(c) || c == '_' || c == '-' || c == '+' || c == '/' || c == '='
	}
	var b strings.Builder
	for i := 0; i < len(text); {
		j := i
		for j < len(text) && tokenByte(text[j]) {
			j++
		}
		switch {
		case j-i >= 12:
			b.WriteString(text[i:i+4] + "…")
			i = j
			continue
		case j > i:
			b.WriteString(text[i:j])
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == '\n' || r == '\t' {
			r = ' '
		}
		b.WriteRune(r)
		i += size
	}
	out := b.String()
	if utf8.RuneCountInString(out) > max {
		rs := []rune(out)
		out = string(rs[:max]) + "…"
	}
	return out
}
