package core

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/advocate-app/advocate/advocacy/engagement"
	"github.com/advocate-app/advocate/advocacy/network"
)

// ImpactMetric is one of the weekly totals Impact charts.
type ImpactMetric int

// The weekly totals.
const (
	// MetricShares counts the shares posted that week.
	MetricShares ImpactMetric = iota
	// MetricReactions adds up their reactions (likes, favourites).
	MetricReactions
	// MetricReposts adds up their reposts (reblogs, reshares).
	MetricReposts
	// MetricReplies adds up their replies (comments).
	MetricReplies
)

// ImpactMetrics are the weekly totals, in the order Impact offers them.
var ImpactMetrics = []ImpactMetric{MetricShares, MetricReactions, MetricReposts, MetricReplies}

// ImpactScope is what a series adds up: every share (the zero scope), one
// network's, or one campaign's.
type ImpactScope struct {
	Network  network.ID
	Campaign string
}

// ImpactWeek is one week of a series: its total, and how many shares it
// has and how many of them had their counts read.
type ImpactWeek struct {
	Start            time.Time
	Value            int64
	Shares, Measured int
}

// ImpactSeries is one weekly total over the weeks, oldest first, the last
// being this week, with this week set against the four before and the
// next four weeks projected.
type ImpactSeries struct {
	Scope  ImpactScope
	Metric ImpactMetric
	Weeks  []ImpactWeek
	// ThisWeek is the last week's Value; LastFour the mean of the four
	// weeks before it (fewer when there are fewer).
	ThisWeek int64
	LastFour float64
	// Available is false for a count that no share of the scope had read
	// (not read yet, or the network does not give it): the interface says
	// so instead of drawing zeros. Shares are always available.
	Available bool
	// Forecast projects the next four weeks (engagement.ForecastMethod);
	// nil with fewer than 3 weeks that had shares in the scope.
	Forecast []engagement.Forecast
}

// ImpactOutlook is Impact's "where you've been, where you are and where
// you're going": the weekly summary, the networks and campaigns it can be
// broken down by, the networks whose counts are not available and why,
// and the latest posted shares with their readings. The practice account
// never counts in any of it.
type ImpactOutlook struct {
	Summary EngagementSummary
	// Networks and Campaigns had shares in the weeks, sorted.
	Networks  []network.ID
	Campaigns []string
	// Unavailable names the networks whose every share's latest reading
	// said "not available", with that reading's engagement.Reason….
	Unavailable map[network.ID]string
	// Recent are the latest posted shares, newest first.
	Recent []ShareEngagement
}

// impactForecastMin is how many weeks with shares a projection needs.
const impactForecastMin = 3

// impactRecentTracks is how many tracked shares are looked at for the
// networks whose counts are not available.
const impactRecentTracks = 200

// ImpactOutlook reads the last weeks weeks' summary and the recent
// shares (the recent newest ones in Recent) for Impact.
func (c *Core) ImpactOutlook(ctx context.Context, weeks, recent int) (ImpactOutlook, error) {
	sum, err := c.EngagementSummary(ctx, weeks)
	if err != nil {
		return ImpactOutlook{}, err
	}
	tracks, err := c.Engagement(ctx, max(recent, impactRecentTracks))
	if err != nil {
		return ImpactOutlook{}, err
	}
	o := ImpactOutlook{Summary: sum, Unavailable: unavailableNetworks(tracks), Recent: tracks[:min(recent, len(tracks))]}
	nets, camps := map[network.ID]bool{}, map[string]bool{}
	for _, w := range sum.Weeks {
		for n, t := range w.Networks {
			if t.Shares > 0 && !nets[n] {
				nets[n] = true
				o.Networks = append(o.Networks, n)
			}
		}
		for k, t := range w.Campaigns {
			if t.Shares > 0 && !camps[k] {
				camps[k] = true
				o.Campaigns = append(o.Campaigns, k)
			}
		}
	}
	slices.Sort(o.Networks)
	slices.Sort(o.Campaigns)
	return o, nil
}

// unavailableNetworks names the networks whose every share's latest
// reading said "not available", with the reason of the newest.
func unavailableNetworks(tracks []ShareEngagement) map[network.ID]string {
	out, readable := map[network.ID]string{}, map[network.ID]bool{}
	for _, tr := range tracks { // newest first
		if len(tr.Readings) == 0 {
			continue
		}
		last := tr.Readings[len(tr.Readings)-1]
		switch {
		case last.Status != engagement.NotAvailable:
			readable[tr.Network] = true
		case out[tr.Network] == "":
			out[tr.Network] = last.Reason
		}
	}
	for n := range readable {
		delete(out, n)
	}
	return out
}

// Series is one weekly total of the scope over the summary's weeks.
func (o ImpactOutlook) Series(scope ImpactScope, m ImpactMetric) ImpactSeries {
	s := ImpactSeries{Scope: scope, Metric: m, Available: m == MetricShares}
	active := 0
	values := make([]float64, 0, len(o.Summary.Weeks))
	for _, w := range o.Summary.Weeks {
		t := w.Totals
		switch {
		case scope.Network != "":
			t = w.Networks[scope.Network]
		case scope.Campaign != "":
			t = w.Campaigns[scope.Campaign]
		}
		iw := ImpactWeek{Start: w.Start, Value: metricOf(t, m), Shares: t.Shares, Measured: t.Measured}
		if t.Shares > 0 {
			active++
		}
		if t.Measured > 0 {
			s.Available = true
		}
		s.Weeks = append(s.Weeks, iw)
		values = append(values, float64(iw.Value))
	}
	if n := len(s.Weeks); n > 0 {
		s.ThisWeek = s.Weeks[n-1].Value
		before := s.Weeks[max(0, n-5) : n-1]
		for _, w := range before {
			s.LastFour += float64(w.Value)
		}
		if len(before) > 0 {
			s.LastFour /= float64(len(before))
		}
		if active >= impactForecastMin && s.Available {
			next := s.Weeks[n-1].Start.AddDate(0, 0, 7)
			s.Forecast = engagement.Holt(values, 4)
			for i := range s.Forecast {
				s.Forecast[i].Start = next.AddDate(0, 0, 7*i)
			}
		}
	}
	return s
}

// metricOf is one total of t.
func metricOf(t engagement.Totals, m ImpactMetric) int64 {
	switch m {
	case MetricShares:
		return int64(t.Shares)
	case MetricReactions:
		return t.Reactions
	case MetricReposts:
		return t.Reposts
	case MetricReplies:
		return t.Replies
	}
	panic(fmt.Sprintf("core: no such impact metric %d", m))
}

// ReadEngagementNow reads the counts that are due now, as the background
// loop does each round, and says how many readings it kept; for tests and
// scripted checks that move the clock.
func (c *Core) ReadEngagementNow(ctx context.Context) (int, error) {
	r, err := c.engagementTracker().RunOnce(ctx)
	if r.Recorded > 0 {
		c.emit(SharesChanged)
	}
	return r.Recorded, err
}
