// Package report turns many desktops' weekly aggregates (what the metrics
// endpoint receives, advocacy/metrics) and audit-trail exports
// (advocatectl audit export) into the programme's report: shares and
// reactions per week per campaign, the network mix, active advocates per
// week, a campaign leaderboard and a four-week projection, as one static
// HTML page with inline SVG charts, as CSV and as JSON.
//
// Privacy: any group of fewer than MinGroup people (desktops) is never
// shown on its own. Small campaigns and networks are folded into one
// "other" group, shown only when that group is large enough; a week with
// fewer active advocates shows no figures. Every audit export's hash
// chain is verified while it is read; an export that fails counts for
// nothing and is listed.
//
// The package has no Fyne in it.
package report

import (
	"cmp"
	"maps"
	"math/bits"
	"slices"
	"time"

	"github.com/advocate-app/advocate/advocacy/engagement"
	"github.com/advocate-app/advocate/advocacy/network"
)

// MinGroup is the fewest people a figure may describe.
const MinGroup = 5

// Other names the group small campaigns or networks are folded into.
const Other = "(other, small groups)"

// NoCampaign names shares made outside any campaign.
const NoCampaign = "(no campaign)"

// Totals add up shares and what they earned. Measured counts the shares
// whose counts a network gave; only those add to the sums.
type Totals struct {
	Shares    int   `json:"shares"`
	Measured  int   `json:"measured"`
	Reactions int64 `json:"reactions"`
	Reposts   int64 `json:"reposts"`
	Replies   int64 `json:"replies"`
}

func (t *Totals) add(o Totals) {
	t.Shares += o.Shares
	t.Measured += o.Measured
	t.Reactions += o.Reactions
	t.Reposts += o.Reposts
	t.Replies += o.Replies
}

// Group is one campaign or network with its totals and how many people
// (desktops) made them.
type Group struct {
	Name      string `json:"name"`
	Advocates int    `json:"advocates"`
	Totals
}

// Week is one week's figures. Suppressed is set when fewer than MinGroup
// people shared that week: the week then shows no figures at all.
type Week struct {
	Start      time.Time `json:"start"`
	Suppressed bool      `json:"suppressed"`
	Advocates  int       `json:"advocates"`
	Totals
	// Campaigns are the week's campaigns with MinGroup people or more,
	// then Other when the small ones together reach MinGroup.
	Campaigns []Group `json:"campaigns"`
}

// Failure is an input that could not be used, and why.
type Failure struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// Sources says what the report was made from.
type Sources struct {
	Files int `json:"files"`
	// Aggregates are the weekly aggregates read (after duplicates), from
	// Installs desktops.
	Aggregates int `json:"aggregates"`
	Installs   int `json:"installs"`
	Duplicates int `json:"duplicates"`
	// Exports are the audit exports whose chain holds, with Records
	// records; Failed lists those whose chain does not (they count for
	// nothing).
	Exports int       `json:"audit_exports"`
	Records int       `json:"audit_records"`
	Failed  []Failure `json:"failed_exports"`
	// Skipped are other files or lines that are neither.
	Skipped []Failure `json:"skipped"`
}

// Projection is the next four weeks' expected shares and reactions
// (Method says how).
type Projection struct {
	Method    string                `json:"method"`
	Shares    []engagement.Forecast `json:"shares"`
	Reactions []engagement.Forecast `json:"reactions"`
}

// Report is the programme's report.
type Report struct {
	Generated time.Time `json:"generated"`
	MinGroup  int       `json:"min_group"`
	Sources   Sources   `json:"sources"`
	// Weeks run from the first week with shares to the last, oldest first.
	Weeks []Week `json:"weeks"`
	// Networks are the network mix over all weeks; Campaigns the
	// leaderboard, most shares first. Both fold small groups into Other.
	Networks  []Group    `json:"networks"`
	Campaigns []Group    `json:"campaigns"`
	Total     Group      `json:"total"`
	Forecast  Projection `json:"projection"`
}

// set is a set of people, by their number: a bit each.
type set struct{ bits []uint64 }

func (s *set) add(id int32) {
	w := int(id >> 6)
	if w >= len(s.bits) {
		s.bits = append(s.bits, make([]uint64, w+1-len(s.bits))...)
	}
	s.bits[w] |= 1 << (uint(id) & 63)
}

// len is how many people are in the set (nil is empty).
func (s *set) len() int {
	if s == nil {
		return 0
	}
	n := 0
	for _, w := range s.bits {
		n += bits.OnesCount64(w)
	}
	return n
}

func union(sets ...*set) *set {
	out := &set{}
	for _, s := range sets {
		if s == nil {
			continue
		}
		if len(s.bits) > len(out.bits) {
			out.bits = append(out.bits, make([]uint64, len(s.bits)-len(out.bits))...)
		}
		for i, w := range s.bits {
			out.bits[i] |= w
		}
	}
	return out
}

// share is what one row of input adds: a week (Monday, days since the
// epoch), campaign and network, by one person.
type share struct {
	week     int32
	campaign string
	net      network.ID
	who      int32
	Totals
}

type cellKey struct {
	week     int32
	campaign string
	net      network.ID
}

type weekCampaign struct {
	week     int32
	campaign string
}

// collector adds inputs up.
type collector struct {
	people map[string]int32
	cells  map[cellKey]*Totals
	byWC   map[weekCampaign]*set
	byWeek map[int32]*set
	byCamp map[string]*set
	byNet  map[network.ID]*set
}

func newCollector() *collector {
	return &collector{people: map[string]int32{}, cells: map[cellKey]*Totals{}, byWC: map[weekCampaign]*set{},
		byWeek: map[int32]*set{}, byCamp: map[string]*set{}, byNet: map[network.ID]*set{}}
}

// person numbers a desktop (an install identifier or an audit trail).
func (c *collector) person(id string) int32 {
	n, ok := c.people[id]
	if !ok {
		n = int32(len(c.people))
		c.people[id] = n
	}
	return n
}

func setIn[K comparable](m map[K]*set, k K) *set {
	s := m[k]
	if s == nil {
		s = &set{}
		m[k] = s
	}
	return s
}

func (c *collector) add(s share) {
	if s.campaign == "" {
		s.campaign = NoCampaign
	}
	k := cellKey{s.week, s.campaign, s.net}
	t := c.cells[k]
	if t == nil {
		t = &Totals{}
		c.cells[k] = t
	}
	t.add(s.Totals)
	if s.Shares == 0 {
		return // a desktop that shared nothing is no advocate
	}
	setIn(c.byWC, weekCampaign{s.week, s.campaign}).add(s.who)
	setIn(c.byWeek, s.week).add(s.who)
	setIn(c.byCamp, s.campaign).add(s.who)
	setIn(c.byNet, s.net).add(s.who)
}

// epochMonday is the Monday weeks are counted from.
var epochMonday = time.Date(1970, 1, 5, 0, 0, 0, 0, time.UTC)

func weekIndex(monday time.Time) int32 { return int32(monday.Sub(epochMonday).Hours() / (24 * 7)) }

func weekTime(i int32) time.Time { return epochMonday.AddDate(0, 0, 7*int(i)) }

// maxWeeks bounds the report's span: the most recent weeks.
const maxWeeks = 104

// fold turns groups into the ones shown: each with MinGroup people or
// more, most shares first, then Other for the rest together when they
// reach MinGroup (else they are left out, so that no small group can be
// worked out from the others).
func fold(totals map[string]Totals, people map[string]*set) []Group {
	var out []Group
	var small []*set
	var other Totals
	for _, name := range slices.Sorted(maps.Keys(totals)) {
		p := people[name]
		if p.len() >= MinGroup {
			out = append(out, Group{Name: name, Advocates: p.len(), Totals: totals[name]})
			continue
		}
		small = append(small, p)
		other.add(totals[name])
	}
	slices.SortStableFunc(out, func(a, b Group) int { return cmp.Compare(b.Shares, a.Shares) })
	if u := union(small...); u.len() >= MinGroup {
		out = append(out, Group{Name: Other, Advocates: u.len(), Totals: other})
	}
	return out
}

// build makes the report from what was collected.
func (c *collector) build(src Sources, now time.Time) *Report {
	r := &Report{Generated: now.UTC(), MinGroup: MinGroup, Sources: src,
		Forecast: Projection{Method: engagement.ForecastMethod}}
	first, last := int32(1<<30), int32(-1<<30)
	for k, t := range c.cells {
		if t.Shares > 0 {
			first, last = min(first, k.week), max(last, k.week)
		}
	}
	if last < first {
		return r
	}
	first = max(first, last-maxWeeks+1)
	byNet := map[string]Totals{}
	byCamp := map[string]Totals{}
	weekCamp := map[int32]map[string]Totals{}
	for k, t := range c.cells {
		if k.week < first {
			continue
		}
		add := func(m map[string]Totals, key string) {
			v := m[key]
			v.add(*t)
			m[key] = v
		}
		add(byNet, string(k.net))
		add(byCamp, k.campaign)
		wc := weekCamp[k.week]
		if wc == nil {
			wc = map[string]Totals{}
			weekCamp[k.week] = wc
		}
		add(wc, k.campaign)
	}
	netPeople := map[string]*set{}
	for n, s := range c.byNet {
		netPeople[string(n)] = s
	}
	r.Networks = fold(byNet, netPeople)
	r.Campaigns = fold(byCamp, c.byCamp)
	var everyone []*set
	for w := first; w <= last; w++ {
		wk := Week{Start: weekTime(w), Advocates: c.byWeek[w].len()}
		everyone = append(everyone, c.byWeek[w])
		if wk.Advocates < MinGroup {
			wk.Suppressed, wk.Advocates = true, 0
			r.Weeks = append(r.Weeks, wk)
			continue
		}
		people := map[string]*set{}
		for name := range weekCamp[w] {
			people[name] = c.byWC[weekCampaign{w, name}]
		}
		wk.Campaigns = fold(weekCamp[w], people)
		for _, g := range wk.Campaigns { // the week's total is what it shows
			wk.Totals.add(g.Totals)
		}
		r.Weeks = append(r.Weeks, wk)
	}
	r.Total.Name = "all"
	r.Total.Advocates = union(everyone...).len()
	for _, g := range r.Campaigns {
		r.Total.Totals.add(g.Totals)
	}
	if r.Total.Advocates < MinGroup {
		r.Total = Group{Name: "all"}
	}
	var shares, reactions []float64
	for _, w := range r.Weeks {
		shares = append(shares, float64(w.Shares))
		reactions = append(reactions, float64(w.Reactions))
	}
	r.Forecast.Shares, r.Forecast.Reactions = engagement.Project(weekTime(last+1), shares, reactions)
	return r
}
