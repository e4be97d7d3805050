// Package policy reads a company's social media policy: a YAML file of rules,
// each with a reason, a source, a severity and examples.
package policy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/advocate-app/advocate/advocacy/network"
	"gopkg.in/yaml.v3"
)

// Severity is how strongly a rule acts on a post.
type Severity string

// Severities, from the mildest.
const (
	Info  Severity = "info"
	Warn  Severity = "warn"
	Block Severity = "block"
)

func (s Severity) valid() bool { return s == Info || s == Warn || s == Block }

// Policy is a parsed policy file.
type Policy struct {
	About           About    `yaml:"policy"`
	Company         Company  `yaml:"company"`
	Disclosures     []string `yaml:"disclosures"`
	ProtectedTopics []string `yaml:"protected_topics"`
	// ProtectedContext sets how far around a finding a protected topic
	// lowers it: the sentence (the default) or a number of words.
	ProtectedContext ProtectedContext    `yaml:"protected_context"`
	QuietPeriods     []QuietPeriod       `yaml:"quiet_periods"`
	Lexicons         map[string][]string `yaml:"lexicons"`
	Rules            []Rule              `yaml:"-"`
}

// About names the policy and its version.
type About struct {
	Name      string    `yaml:"name"`
	Version   string    `yaml:"version"`
	Effective time.Time `yaml:"effective"`
	Owner     string    `yaml:"owner"`
}

// Company says what makes a post about the company.
type Company struct {
	Names         []string `yaml:"names"`
	Products      []string `yaml:"products"`
	Domains       []string `yaml:"domains"`
	IntranetHosts []string `yaml:"intranet_hosts"`
	// Phones are the company's published numbers (switchboard, press,
	// sales); they are not personal data.
	Phones []string `yaml:"phones"`
}

// ProtectedContext is the reach of the protected-context guard: a lexical
// finding (lexicon, terms, near, pattern) with a protected topic in the
// same sentence, or within Within words when Within is set, is lowered to
// info and never blocks.
type ProtectedContext struct {
	Within int `yaml:"within"`
	// Ambiguous are the protected topics that are also everyday or
	// product words (safety, hours, shift …): they count only in a
	// sentence with one of Cues (or another protected topic), and not
	// when a product word follows them. Empty: the built-in lists
	// (guard_cues.go), in English and French.
	Ambiguous []string `yaml:"ambiguous"`
	// Cues are the words that place a sentence at work or make it a
	// complaint or a call to act together (we, colleagues, unfair …).
	Cues []string `yaml:"cues"`
}

// QuietPeriod is a window in which some rules apply, such as before results.
type QuietPeriod struct {
	ID    string    `yaml:"id"`
	Title string    `yaml:"title"`
	From  time.Time `yaml:"from"`
	To    time.Time `yaml:"to"`
}

// Rule is one rule of the policy. What it matches is given by one of
// Lexicon/Terms, Pattern, Near, Require or Detector; Protected rules match
// nothing and carry examples of protected speech that no rule may block.
type Rule struct {
	ID        string     `yaml:"id"`
	Title     string     `yaml:"title"`
	Why       string     `yaml:"why"`
	Source    string     `yaml:"source"`
	Severity  Severity   `yaml:"severity"`
	Message   string     `yaml:"message"`
	Fix       string     `yaml:"fix"`
	Applies   Applies    `yaml:"applies"`
	Lexicon   StringList `yaml:"lexicon"`
	Terms     []string   `yaml:"terms"`
	Pattern   string     `yaml:"pattern"`
	Near      *Near      `yaml:"near"`
	Require   *Require   `yaml:"require"`
	Detector  StringList `yaml:"detector"`
	Unless    []string   `yaml:"unless"`
	Protected bool       `yaml:"protected"`
	// NeverLowered keeps the rule's findings at their severity even in a
	// protected context: for what no discussion of working conditions
	// needs, such as trading on inside information or publishing
	// credentials.
	NeverLowered bool     `yaml:"never_lowered"`
	Examples     Examples `yaml:"examples"`
	// Line is where the rule starts in the policy file.
	Line int `yaml:"-"`
}

// Applies limits a rule to roles, networks and quiet periods (by id); an
// empty list means no limit.
type Applies struct {
	Roles    []string     `yaml:"roles"`
	Networks []network.ID `yaml:"networks"`
	During   []string     `yaml:"during"`
}

// Near matches a term of the lexicons A within Within words of a term of
// the lexicons B, in either order.
type Near struct {
	A      StringList `yaml:"a"`
	B      StringList `yaml:"b"`
	Within int        `yaml:"within"`
}

// Require is a condition: when If holds ("company_mention" or "always"),
// the post must contain a phrase from AnyOf ("disclosures" or a lexicon
// name), or, with None, must not be posted at all.
type Require struct {
	If    string `yaml:"if"`
	AnyOf string `yaml:"any_of"`
	None  bool   `yaml:"none"`
}

// StringList is a YAML scalar or sequence of strings.
type StringList []string

// UnmarshalYAML accepts one string or a list of strings.
func (l *StringList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*l = StringList{n.Value}
		return nil
	}
	var list []string
	if err := n.Decode(&list); err != nil {
		return err
	}
	*l = list
	return nil
}

// Examples are texts a rule must flag and texts it must let pass.
type Examples struct {
	Flag []string `yaml:"flag"`
	Pass []string `yaml:"pass"`
}

// document is the policy file's shape.
type document struct {
	Policy `yaml:",inline"`
	Rules  []yaml.Node `yaml:"rules"`
}

// Problem is something wrong with a policy file, at a line (0 when the
// file as a whole is at fault).
type Problem struct {
	Line int
	// Error is set for problems that stop the policy from loading or
	// working; the others are advice.
	Error   bool
	Message string
}

// Format gives the problem as "file:line: message".
func (p Problem) Format(name string) string {
	if p.Line == 0 {
		return fmt.Sprintf("%s: %s", name, p.Message)
	}
	return fmt.Sprintf("%s:%d: %s", name, p.Line, p.Message)
}

// yamlLine pulls the line number out of a YAML library error.
var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): `)

func yamlProblem(err error) Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return Problem{Line: line, Error: true, Message: strings.TrimPrefix(err.Error(), m[0])}
	}
	if strings.HasPrefix(msg, "unmarshal errors:") {
		msg = strings.TrimSpace(strings.TrimPrefix(msg, "unmarshal errors:"))
		if m := yamlLine.FindStringSubmatch(strings.TrimSpace(msg)); m != nil {
			line, _ := strconv.Atoi(m[1])
			return Problem{Line: line, Error: true, Message: strings.TrimPrefix(strings.TrimSpace(msg), m[0])}
		}
	}
	return Problem{Error: true, Message: msg}
}

// Parse reads a policy file. name is used in error messages, which give the
// line of each problem.
func Parse(name string, data []byte) (*Policy, error) {
	p, _, problems := parse(data)
	var errs []error
	for _, pr := range problems {
		if pr.Error {
			errs = append(errs, fmt.Errorf("policy: %s", pr.Format(name)))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return p, nil
}

// parse reads a policy file, returning what it could read, the file's YAML
// tree, and every problem found on the way.
func parse(data []byte) (*Policy, *yaml.Node, []Problem) {
	root, problem := readYAML(data)
	if problem != nil {
		return nil, nil, []Problem{*problem}
	}
	if problem := checkAliases(root); problem != nil {
		return nil, nil, []Problem{*problem}
	}
	var doc document
	var problems []Problem
	for _, key := range unknownKeys(root, reflect.TypeOf(doc)) {
		problems = append(problems, Problem{Line: key.Line, Error: true, Message: fmt.Sprintf("unknown key %q", key.Value)})
	}
	if err := root.Decode(&doc); err != nil {
		return nil, root, append(problems, yamlProblem(err))
	}
	p := doc.Policy
	if strings.TrimSpace(p.About.Name) == "" || strings.TrimSpace(p.About.Version) == "" {
		problems = append(problems, Problem{Error: true, Message: "policy.name and policy.version are required"})
	}
	seen := map[string]int{}
	for _, node := range doc.Rules {
		var r Rule
		if err := node.Decode(&r); err != nil {
			pr := yamlProblem(err)
			if pr.Line == 0 {
				pr.Line = node.Line
			}
			problems = append(problems, pr)
			continue
		}
		r.Line = node.Line
		bad := func(format string, args ...any) {
			problems = append(problems, Problem{Line: r.Line, Error: true, Message: fmt.Sprintf(format, args...)})
		}
		switch {
		case r.ID == "":
			bad("rule has no id")
		case seen[r.ID] != 0:
			bad("rule id %q is already used at line %d", r.ID, seen[r.ID])
		case !r.Severity.valid():
			bad("rule %q has severity %q; use block, warn or info", r.ID, r.Severity)
		case strings.TrimSpace(r.Title) == "":
			bad("rule %q has no title", r.ID)
		}
		if seen[r.ID] == 0 {
			seen[r.ID] = r.Line
		}
		p.Rules = append(p.Rules, r)
	}
	return &p, root, problems
}

// readYAML reads the policy file's YAML tree. A file holds one document:
// a second one (after "---") would be ignored by the decoder, its rules
// with it, so it is refused. An empty document after the first is
// harmless and allowed.
func readYAML(data []byte) (*yaml.Node, *Problem) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil && !errors.Is(err, io.EOF) {
		pr := yamlProblem(err)
		return nil, &pr
	}
	for {
		var next yaml.Node
		err := dec.Decode(&next)
		switch {
		case errors.Is(err, io.EOF):
			return &root, nil
		case err != nil:
			pr := yamlProblem(err)
			return nil, &pr
		case !emptyDocument(&next):
			return nil, &Problem{Line: next.Line, Error: true,
				Message: `a second YAML document starts here ("---"); a policy is one document: remove the "---" and merge the two`}
		}
	}
}

// emptyDocument reports a document with nothing in it, such as what a
// trailing "---" starts.
func emptyDocument(n *yaml.Node) bool {
	if len(n.Content) == 0 {
		return true
	}
	c := n.Content[0]
	return len(n.Content) == 1 && c.Kind == yaml.ScalarNode && c.Tag == "!!null" && c.Value == "" && c.Anchor == ""
}

// maxAliasValues is how many values aliases (*name) may add to a policy
// in all, by repeating what an anchor (&name) marks.
const maxAliasValues = 10_000

// checkAliases budgets the whole file's aliases before anything is decoded:
// each alias is decoded as a copy of its anchor's value, aliases inside
// that value included, so a few lines can stand for billions of values
// ("billion laughs"). What every alias adds is counted, once per anchor,
// against one budget for the file; the alias that goes over is named, as is
// an alias inside its own anchor.
func checkAliases(root *yaml.Node) *Problem {
	c := aliasCounter{sizes: map[*yaml.Node]int{}}
	return c.walk(root)
}

// aliasCounter counts what aliases add to a YAML tree.
type aliasCounter struct {
	sizes map[*yaml.Node]int // values each anchored node decodes to; -1 while counting it
	added int
}

// walk goes through the nodes as written, counting each alias's expansion.
func (c *aliasCounter) walk(n *yaml.Node) *Problem {
	if n.Kind == yaml.AliasNode {
		size, pr := c.size(n)
		if pr != nil {
			return pr
		}
		if c.added += size; c.added > maxAliasValues {
			return &Problem{Line: n.Line, Error: true, Message: fmt.Sprintf(
				"alias *%s: aliases repeat more than %d values from anchors in this file; write the values out, or share terms through lexicons", n.Value, maxAliasValues)}
		}
		return nil
	}
	for _, child := range n.Content {
		if pr := c.walk(child); pr != nil {
			return pr
		}
	}
	return nil
}

// size returns how many values n decodes to, aliases expanded, or
// maxAliasValues+1 for any number past the budget, found without
// expanding anything: the size of each anchored node is counted once and
// remembered.
func (c *aliasCounter) size(n *yaml.Node) (int, *Problem) {
	if n.Kind == yaml.AliasNode {
		if known, ok := c.sizes[n.Alias]; ok {
			if known < 0 {
				return 0, &Problem{Line: n.Line, Error: true, Message: fmt.Sprintf("alias *%s is inside the value of its own anchor", n.Value)}
			}
			return known, nil
		}
		n = n.Alias
	}
	if n.Anchor != "" {
		c.sizes[n] = -1 // counting it
	}
	total := 1
	for _, child := range n.Content {
		size, pr := c.size(child)
		if pr != nil {
			return 0, pr
		}
		if total += size; total > maxAliasValues {
			total = maxAliasValues + 1
			break
		}
	}
	if n.Anchor != "" {
		c.sizes[n] = total
	}
	return total, nil
}

// Count returns how many rules have each severity.
func (p *Policy) Count() map[Severity]int {
	out := map[Severity]int{}
	for _, r := range p.Rules {
		out[r.Severity]++
	}
	return out
}

// Load parses and compiles a policy file: the one call the app and the
// command-line tool need. Errors name the file and line.
func Load(name string, data []byte) (*Engine, error) {
	p, err := Parse(name, data)
	if err != nil {
		return nil, err
	}
	return Compile(p)
}
