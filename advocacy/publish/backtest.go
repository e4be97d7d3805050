package publish

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/policy"
)

// Audit-trail record kinds that carry a post (see advocacy/share).
const (
	kindCheck   = "check"
	kindQueued  = "share.queued"
	kindBrowser = "share.browser"
)

// maxTrailLine caps one record of an audit-trail export.
const maxTrailLine = 16 << 20

// ErrNotTrail: a line of the file is not an audit-trail record.
var ErrNotTrail = errors.New("not an audit-trail export")

// TrailPost is a post found in an audit-trail export: what was shared,
// where, by whom (role) and when, with the verdict recorded then.
type TrailPost struct {
	File    string         `json:"file"`
	Line    int            `json:"line"`
	Share   int64          `json:"share,omitempty"`
	At      time.Time      `json:"at"`
	Network network.ID     `json:"network"`
	Role    string         `json:"role"`
	Text    string         `json:"text"`
	Verdict policy.Verdict `json:"verdict"`
	Rules   []string       `json:"-"` // "rule:severity", as recorded
}

type trailCheckData struct {
	Network network.ID `json:"network"`
	Role    string     `json:"role"`
	Verdict string     `json:"verdict"`
	Rules   []string   `json:"rules"`
}

type trailRecord struct {
	At   string `json:"at"`
	Kind string `json:"kind"`
	Data struct {
		Share     int64           `json:"share"`
		Network   network.ID      `json:"network"`
		Text      string          `json:"text"`
		Scheduled string          `json:"scheduled"`
		Check     *trailCheckData `json:"check"`
	} `json:"data"`
}

// ReadTrail reads the posts of an audit-trail export in JSON lines
// (advocatectl audit export --format jsonl, or the archive's records): each
// queued share with the check that allowed it, and each share through a
// network's web page. It returns the posts and how many shares it could
// not pair with a check.
func ReadTrail(r io.Reader, file string) ([]TrailPost, int, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxTrailLine)
	checks := map[int64]*trailCheckData{}
	var posts []TrailPost
	unpaired, line := 0, 0
	for sc.Scan() {
		line++
		raw := sc.Bytes()
		if len(strings.TrimSpace(string(raw))) == 0 {
			continue
		}
		if !strings.Contains(string(raw), `"kind":"`+kindCheck) && !strings.Contains(string(raw), `"kind":"share.`) {
			// Quick skip of the records that are not posts.
			if json.Valid(raw) {
				continue
			}
		}
		var rec trailRecord
		if err := json.Unmarshal(raw, &rec); err != nil {
			return nil, 0, fmt.Errorf("%s:%d: %w: %v", file, line, ErrNotTrail, err)
		}
		d := rec.Data
		switch rec.Kind {
		case kindCheck:
			if d.Check != nil && d.Share != 0 {
				checks[d.Share] = d.Check
			}
			continue
		case kindQueued, kindBrowser:
		default:
			continue
		}
		c := d.Check
		if rec.Kind == kindQueued {
			c = checks[d.Share]
			delete(checks, d.Share)
		}
		if c == nil || c.Role == "" {
			unpaired++
			continue
		}
		at, err := time.Parse(time.RFC3339Nano, rec.At)
		if s, serr := time.Parse(time.RFC3339Nano, d.Scheduled); serr == nil && d.Scheduled != "" {
			at, err = s, nil
		}
		if err != nil {
			return nil, 0, fmt.Errorf("%s:%d: %w: the time %q", file, line, ErrNotTrail, rec.At)
		}
		id := d.Network
		if id == "" {
			id = c.Network
		}
		posts = append(posts, TrailPost{File: file, Line: line, Share: d.Share, At: at.UTC(), Network: id, Role: c.Role,
			Text: d.Text, Verdict: policy.Verdict(c.Verdict), Rules: c.Rules})
	}
	if err := sc.Err(); err != nil {
		return nil, 0, fmt.Errorf("%s:%d: %w", file, line+1, err)
	}
	return posts, unpaired, nil
}

// VerdictChange is a post whose verdict the new policy changes.
type VerdictChange struct {
	TrailPost
	Old policy.Verdict `json:"old"`
	New policy.Verdict `json:"new"`
	// Added are the rules that now act on the post (warn or block, as
	// "rule:severity") and did not before; Removed, those that no longer
	// do. A rule whose severity changed is in both.
	Added   []string `json:"added"`
	Removed []string `json:"removed"`
}

// Backtest is the outcome of re-checking posts with a new policy.
type Backtest struct {
	Posts       int             `json:"posts"`
	Changed     []VerdictChange `json:"changed"`
	Transitions map[string]int  `json:"transitions"`
	// Baseline says what the new verdicts are compared with: the policy
	// given, or the verdicts recorded in the trail.
	Baseline string `json:"baseline"`
}

// RunBacktest re-checks every post with the new policy, at the time it
// was posted, and compares the verdict with the baseline policy's, or
// with the verdict recorded when there is no baseline.
func RunBacktest(posts []TrailPost, next, baseline *policy.Engine) (Backtest, error) {
	out := Backtest{Posts: len(posts), Changed: []VerdictChange{}, Transitions: map[string]int{}, Baseline: "recorded verdicts"}
	if baseline != nil {
		out.Baseline = "policy " + baseline.Policy.About.Version
	}
	workers := max(1, min(runtime.GOMAXPROCS(0), len(posts)/1000+1))
	results := make([][]VerdictChange, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	chunk := (len(posts) + workers - 1) / workers
	for w := range workers {
		lo, hi := w*chunk, min(len(posts), (w+1)*chunk)
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				c, changed, err := recheck(posts[i], next, baseline)
				if err != nil {
					errs[w] = fmt.Errorf("%s:%d: %w", posts[i].File, posts[i].Line, err)
					return
				}
				if changed {
					results[w] = append(results[w], c)
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return out, err
	}
	for _, r := range results {
		out.Changed = append(out.Changed, r...)
	}
	for _, c := range out.Changed {
		out.Transitions[string(c.Old)+"→"+string(c.New)]++
	}
	return out, nil
}

// acting returns the rules of a check's findings that warn or block, as
// "rule:severity" (the form the trail records them in).
func acting(res policy.Result) []string {
	var out []string
	for _, f := range res.Findings {
		key := f.Rule + ":" + string(f.Severity)
		if f.Severity != policy.Info && !slices.Contains(out, key) {
			out = append(out, key)
		}
	}
	return out
}

func recheck(p TrailPost, next, baseline *policy.Engine) (VerdictChange, bool, error) {
	in := policy.Input{Text: p.Text, Role: p.Role, Network: p.Network, At: p.At}
	res, err := next.Check(in)
	if err != nil {
		return VerdictChange{}, false, err
	}
	old, oldRules := p.Verdict, []string{}
	if baseline != nil {
		was, err := baseline.Check(in)
		if err != nil {
			return VerdictChange{}, false, err
		}
		old, oldRules = was.Verdict, acting(was)
	} else {
		for _, r := range p.Rules {
			if _, sev, _ := strings.Cut(r, ":"); sev != string(policy.Info) && !slices.Contains(oldRules, r) {
				oldRules = append(oldRules, r)
			}
		}
	}
	if old == res.Verdict {
		return VerdictChange{}, false, nil
	}
	now := acting(res)
	return VerdictChange{TrailPost: p, Old: old, New: res.Verdict, Added: setDiff(now, oldRules), Removed: setDiff(oldRules, now)}, true, nil
}

// WriteText writes the changes for a person to read.
func (b Backtest) WriteText(w io.Writer) {
	for _, c := range b.Changed {
		who := fmt.Sprintf("%s, %s, %s", c.Network, c.Role, stamp(c.At))
		if c.Share != 0 {
			who = fmt.Sprintf("share %d (%s)", c.Share, who)
		}
		var why []string
		for _, r := range c.Added {
			why = append(why, "+"+r)
		}
		for _, r := range c.Removed {
			why = append(why, "-"+r)
		}
		fmt.Fprintf(w, "%s:%d: %s: %s → %s %s\n    %q\n", c.File, c.Line, who, c.Old, c.New, strings.Join(why, " "), clip(c.Text, 160))
	}
	keys := make([]string, 0, len(b.Transitions))
	for k := range b.Transitions {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, b.Transitions[k]))
	}
	summary := "no verdict changes"
	if len(parts) > 0 {
		summary = fmt.Sprintf("%d verdicts change: %s", len(b.Changed), strings.Join(parts, ", "))
	}
	fmt.Fprintf(w, "%d posts re-checked against %s: %s\n", b.Posts, b.Baseline, summary)
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
