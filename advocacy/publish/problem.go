// Package publish is the organisation's publishing desk: it reads a
// bundle's sources (bundle.yaml, the policy, one Markdown file with YAML
// front matter per approved item, pictures and news), checks every caption
// against the policy, and writes the bundle the app loads (manifest, a
// JSON Feed per audience, policy, pictures, news), signed. It also diffs
// two bundles, back-tests a policy on audit-trail exports and previews what
// each audience sees. It imports no Fyne.
package publish

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Kind says what a problem does to a build.
type Kind int

// Kinds of problem, from the mildest.
const (
	// Warning is listed; the build goes on (advocatectl exits 3 with
	// --strict).
	Warning Kind = iota + 1
	// Invalid is a source that cannot be built: an unknown key, a bad
	// time, a missing picture, an unknown audience.
	Invalid
	// Blocked is a caption the policy blocks.
	Blocked
)

func (k Kind) String() string {
	switch k {
	case Warning:
		return "warning"
	case Invalid:
		return "error"
	case Blocked:
		return "block"
	}
	return "problem"
}

// Problem is one thing found in the sources, at a file (slash-separated,
// relative to the source folder) and line (0 when the file as a whole is
// at fault).
type Problem struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Kind    Kind   `json:"-"`
	Rule    string `json:"rule,omitempty"` // the policy rule, for a policy finding
	Message string `json:"message"`
}

// String gives the problem as "file:line: kind: message".
func (p Problem) String() string {
	where := p.File
	if p.Line > 0 {
		where = fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s: %s: %s", where, p.Kind, p.Message)
}

// Problems are every problem a build found, in file and line order.
type Problems []Problem

// Worst returns the worst kind among the problems, or 0 for none.
func (ps Problems) Worst() Kind {
	var worst Kind
	for _, p := range ps {
		worst = max(worst, p.Kind)
	}
	return worst
}

// Count returns how many problems are of kind k.
func (ps Problems) Count(k Kind) int {
	n := 0
	for _, p := range ps {
		if p.Kind == k {
			n++
		}
	}
	return n
}

func (ps Problems) sort() {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
}

// Errors returned by Build, which callers classify with errors.Is. The
// error is a *BuildError listing the problems.
var (
	// ErrInvalid: some source cannot be built.
	ErrInvalid = errors.New("publish: the sources are not valid")
	// ErrBlocked: the policy blocks a caption.
	ErrBlocked = errors.New("publish: the policy blocks a caption")
)

// BuildError is a build that failed, with every problem found (warnings
// included).
type BuildError struct {
	Problems Problems
}

func (e *BuildError) Error() string {
	var errs []string
	for _, p := range e.Problems {
		if p.Kind >= Invalid {
			errs = append(errs, p.String())
		}
	}
	return fmt.Sprintf("publish: %d problems: %s", len(errs), strings.Join(errs, "; "))
}

// Unwrap makes the error match ErrInvalid when any source is invalid, and
// ErrBlocked when the policy blocks a caption.
func (e *BuildError) Unwrap() []error {
	var out []error
	if e.Problems.Count(Invalid) > 0 {
		out = append(out, ErrInvalid)
	}
	if e.Problems.Count(Blocked) > 0 {
		out = append(out, ErrBlocked)
	}
	return out
}

// collector gathers problems as the sources are read.
type collector struct {
	problems Problems
}

func (c *collector) add(kind Kind, file string, line int, format string, args ...any) {
	c.problems = append(c.problems, Problem{File: file, Line: line, Kind: kind, Message: fmt.Sprintf(format, args...)})
}

func (c *collector) invalid(file string, line int, format string, args ...any) {
	c.add(Invalid, file, line, format, args...)
}

func (c *collector) warn(file string, line int, format string, args ...any) {
	c.add(Warning, file, line, format, args...)
}

func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }
