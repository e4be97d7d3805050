package ui

import (
	"math"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/engagement"
)

// trendWeeks is how many weeks the engagement chart covers; trendRecent
// how many of the latest posts Impact lists with their counts.
const (
	trendWeeks  = 12
	trendRecent = 5
)

// impactTrend is Impact's "where you've been, where you are and where
// you're going": one weekly total (shares, reactions, reposts or replies)
// of every share, one network's or one campaign's, over the last weeks,
// this week against the four before, and the next four weeks projected;
// then the latest posts with what each earned.
type impactTrend struct {
	outlook  core.ImpactOutlook
	scope    core.ImpactScope
	metric   core.ImpactMetric
	scopes   []core.ImpactScope
	pick     *widget.Select
	metrics  *widget.RadioGroup
	thisWeek *widget.Label
	// chart is the chart drawn, nil when the counts are not available;
	// body is the chart or what is said instead, notes the networks whose
	// counts are not available.
	chart       *weekChart
	body, notes []fyne.CanvasObject
	// recent are the latest posts' lines: what each is, and what it earned.
	recent     []*widget.Label
	charts     []*lineChart
	recentObjs []fyne.CanvasObject
	// changed is called when another series is chosen, for the screen to
	// lay out the section's objects again.
	changed func()
}

// newImpactTrend draws the outlook, keeping the scope and metric chosen
// before (prev, nil the first time) when they are still there; changed is
// called when the user chooses another series.
func newImpactTrend(o core.ImpactOutlook, prev *impactTrend, changed func()) *impactTrend {
	t := &impactTrend{outlook: o, thisWeek: wrapped("")}
	t.scopes = append(t.scopes, core.ImpactScope{})
	for _, n := range o.Networks {
		t.scopes = append(t.scopes, core.ImpactScope{Network: n})
	}
	for _, c := range o.Campaigns {
		t.scopes = append(t.scopes, core.ImpactScope{Campaign: c})
	}
	if prev != nil {
		t.metric = prev.metric
		for _, s := range t.scopes {
			if s == prev.scope {
				t.scope = s
			}
		}
	}
	var names []string
	for _, s := range t.scopes {
		names = append(names, scopeName(s))
	}
	t.pick = widget.NewSelect(names, func(name string) {
		for _, s := range t.scopes {
			if scopeName(s) == name && s != t.scope {
				t.scope = s
				t.draw()
			}
		}
	})
	var metricNames []string
	for _, m := range core.ImpactMetrics {
		metricNames = append(metricNames, metricName(m))
	}
	t.metrics = widget.NewRadioGroup(metricNames, func(name string) {
		for _, m := range core.ImpactMetrics {
			if metricName(m) == name && m != t.metric {
				t.metric = m
				t.draw()
			}
		}
	})
	t.metrics.Horizontal, t.metrics.Required = true, true
	t.pick.SetSelected(scopeName(t.scope))
	t.metrics.SetSelected(metricName(t.metric))
	t.draw()
	t.recentPosts()
	t.changed = changed
	return t
}

// objects are the section's parts, in order.
func (t *impactTrend) objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{
		title(lang.L("What your shares earned, week by week")),
		container.NewBorder(nil, nil, t.metrics, nil, t.pick),
		t.thisWeek,
	}
	objs = append(objs, t.body...)
	objs = append(objs, t.notes...)
	objs = append(objs,
		wrapped(lang.L("The dashed line projects the next 4 weeks by Holt's linear trend: exponential smoothing of the level and the trend of the weekly totals (α = 0.5, β = 0.3). The shaded band is its 95 % interval, from how far its one-week-ahead projections missed so far: if the trend holds, a week's total falls inside it 19 times in 20. There is no projection before 3 weeks with shares. Practice posts are left out of all of these figures.")),
		title(lang.L("Latest posts")))
	return append(objs, t.recentObjs...)
}

// recentPosts lists the latest posts, each with what it earned.
func (t *impactTrend) recentPosts() {
	if len(t.outlook.Recent) == 0 {
		t.recentObjs = append(t.recentObjs, wrapped(lang.L("No posts on your networks yet. What each earns appears here once its counts are read, 1 hour after posting.")))
	}
	for _, tr := range t.outlook.Recent {
		head := heading(lang.L("{{.Network}}, {{.Time}}: {{.Text}}", args{"Network": tr.Network.Title(), "Time": minute(tr.Posted), "Text": tr.Text}))
		head.Truncation = fyne.TextTruncateEllipsis
		line := wrapped(recentLine(tr))
		t.recent = append(t.recent, line)
		t.recentObjs = append(t.recentObjs, head, line)
		if c := earnedChart(tr); c != nil {
			t.charts = append(t.charts, c)
			t.recentObjs = append(t.recentObjs, c)
		}
	}
}

// draw shows the chosen series.
func (t *impactTrend) draw() {
	s := t.outlook.Series(t.scope, t.metric)
	t.chart, t.notes = nil, nil
	for _, n := range t.outlook.Networks {
		why, ok := t.outlook.Unavailable[n]
		if ok && t.metric != core.MetricShares && (t.scope.Network == "" || t.scope.Network == n) {
			t.notes = append(t.notes, wrapped(lang.L("Counts are not available on {{.Network}}: {{.Why}}. Its shares count; their reactions, reposts and replies are not known, and are not counted as zero.",
				args{"Network": n.Title(), "Why": unavailableText(why, core.ShareEngagement{Network: n})})))
		}
	}
	shares := 0
	for _, w := range s.Weeks {
		shares += w.Shares
	}
	switch {
	case shares == 0:
		t.thisWeek.SetText(lang.N("Nothing posted in the last {{.Count}} weeks here.", len(s.Weeks), args{"Count": len(s.Weeks)}))
		t.body = nil
	case !s.Available:
		t.thisWeek.SetText(lang.L("{{.Metric}}: not available.", args{"Metric": metricName(t.metric)}))
		t.body = []fyne.CanvasObject{wrapped(lang.L("No count of these shares has been read: counts are read 1 hour after posting, and some networks do not give them."))}
	default:
		t.thisWeek.SetText(lang.L("This week: {{.Figure}}. The 4 weeks before: {{.Average}} a week on average.",
			args{"Figure": metricText(t.metric, s.ThisWeek), "Average": decimal(s.LastFour)}))
		t.chart = newWeekChart(s)
		t.body = []fyne.CanvasObject{t.chart}
	}
	if t.changed != nil {
		t.changed()
	}
}

// recentLine says what a post earned at its latest reading.
func recentLine(tr core.ShareEngagement) string {
	if tr.Deleted() {
		return lang.L("Deleted on {{.Network}}; the counts before stay.", args{"Network": tr.Network.Title()})
	}
	if r, ok := tr.Latest(); ok {
		return lang.L("Latest: {{.Counts}} ({{.After}} after posting)", args{"Counts": countsText(r.Counts), "After": afterText(r.At.Sub(tr.Posted))})
	}
	if n := len(tr.Readings); n > 0 && tr.Readings[n-1].Status == engagement.NotAvailable {
		return lang.L("Counts not available: {{.Why}}", args{"Why": unavailableText(tr.Readings[n-1].Reason, tr)})
	}
	return lang.L("Not read yet: its counts are read 1 hour after posting.")
}

// scopeName names a scope in the selector.
func scopeName(s core.ImpactScope) string {
	switch {
	case s.Network != "":
		return s.Network.Title()
	case s.Campaign != "":
		return lang.L("Campaign {{.Name}}", args{"Name": s.Campaign})
	}
	return lang.L("All networks and campaigns")
}

// metricName names a weekly total.
func metricName(m core.ImpactMetric) string {
	switch m {
	case core.MetricReactions:
		return lang.L("Reactions")
	case core.MetricReposts:
		return lang.L("Reposts")
	case core.MetricReplies:
		return lang.L("Replies")
	}
	return lang.L("Shares")
}

// decimal writes v with one decimal as the user's language does.
func decimal(v float64) string {
	tenths := int64(math.Round(v * 10))
	return lang.L("{{.Whole}}.{{.Tenth}}", args{"Whole": strconv.FormatInt(tenths/10, 10), "Tenth": strconv.FormatInt(tenths%10, 10)})
}
