package engagement

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/advocate-app/advocate/advocacy/network"
)

// Totals add up shares and the counts they earned. A share counts in
// Measured when at least one reading found its counts; only those add to
// the sums, each with its latest counts (a count the network does not
// give adds nothing). Shares − Measured are the shares whose counts are
// not available or not read yet.
type Totals struct {
	Shares, Measured            int
	Reactions, Reposts, Replies int64
}

func (t *Totals) add(s summaryShare) {
	t.Shares++
	if !s.measured {
		return
	}
	t.Measured++
	t.Reactions += s.counts.Reactions.N
	t.Reposts += s.counts.Reposts.N
	t.Replies += s.counts.Replies.N
}

// Week is one week's shares (by when they were posted) and what they
// earned, in all, by network and by campaign (shares outside a campaign
// are in the totals only).
type Week struct {
	// Start is the week's Monday at midnight, in the clock's location.
	Start time.Time
	Totals
	Networks  map[network.ID]Totals
	Campaigns map[string]Totals
}

// Average is Totals averaged over weeks.
type Average struct {
	Shares, Reactions, Reposts, Replies float64
}

// Forecast is one projected week: the expected value and its 95 %
// interval, none below zero.
type Forecast struct {
	Start            time.Time
	Value, Low, High float64
}

// ForecastMethod says how the projection is made, for the interface's
// help text.
const ForecastMethod = "Holt's linear trend (exponential smoothing of level and trend, α = 0.5, β = 0.3) over the weekly totals; the band is a 95 % interval from the spread of its one-week-ahead errors"

// Summary is Impact's "where you've been, where you are and where you're
// going".
type Summary struct {
	// Weeks are the last weeks, oldest first; the last is this week.
	Weeks []Week
	// ThisWeek is Weeks' last; LastFour averages the four weeks before it.
	ThisWeek Totals
	LastFour Average
	// Shares and Reactions project the next 4 weeks (ForecastMethod); nil
	// with fewer than 3 weeks that had shares.
	Shares, Reactions []Forecast
}

// summaryShare is one tracked share with its latest counts.
type summaryShare struct {
	net      network.ID
	campaign string
	posted   time.Time
	measured bool
	counts   Counts
}

// monday is the start of t's week, at midnight in t's location.
func monday(t time.Time) time.Time {
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
}

// Summary adds up the shares posted over the last weeks weeks (this one
// included) and what they earned, compares this week with the four before
// it, and projects the next four weeks. The practice account never counts.
func (t *Tracker) Summary(ctx context.Context, weeks int) (Summary, error) {
	if weeks < 1 {
		weeks = 1
	}
	now := t.now()
	first := monday(now).AddDate(0, 0, -7*(weeks-1))
	shares, err := t.summaryShares(ctx, first)
	if err != nil {
		return Summary{}, err
	}
	var s Summary
	s.Weeks = make([]Week, weeks)
	for i := range s.Weeks {
		s.Weeks[i] = Week{Start: first.AddDate(0, 0, 7*i), Networks: map[network.ID]Totals{}, Campaigns: map[string]Totals{}}
	}
	for _, sh := range shares {
		start := monday(sh.posted.In(now.Location()))
		i := int(math.Round(start.Sub(first).Hours() / (7 * 24)))
		if i < 0 || i >= weeks {
			continue
		}
		w := &s.Weeks[i]
		w.add(sh)
		n := w.Networks[sh.net]
		n.add(sh)
		w.Networks[sh.net] = n
		if sh.campaign != "" {
			c := w.Campaigns[sh.campaign]
			c.add(sh)
			w.Campaigns[sh.campaign] = c
		}
	}
	s.ThisWeek = s.Weeks[weeks-1].Totals
	if before := s.Weeks[max(0, weeks-5) : weeks-1]; len(before) > 0 {
		for _, w := range before {
			s.LastFour.Shares += float64(w.Shares)
			s.LastFour.Reactions += float64(w.Reactions)
			s.LastFour.Reposts += float64(w.Reposts)
			s.LastFour.Replies += float64(w.Replies)
		}
		n := float64(len(before))
		s.LastFour = Average{s.LastFour.Shares / n, s.LastFour.Reactions / n, s.LastFour.Reposts / n, s.LastFour.Replies / n}
	}
	var sharesSeries, reactionSeries []float64
	for _, w := range s.Weeks {
		sharesSeries = append(sharesSeries, float64(w.Shares))
		reactionSeries = append(reactionSeries, float64(w.Reactions))
	}
	s.Shares, s.Reactions = Project(monday(now).AddDate(0, 0, 7), sharesSeries, reactionSeries)
	return s, nil
}

// Project projects weekly shares and reactions (oldest first) the next 4
// weeks by Holt (ForecastMethod), the first starting next; nil for both
// when fewer than 3 of the weeks had a share, too few to tell a trend.
// Impact and advocatectl report project the same way.
func Project(next time.Time, shares, reactions []float64) (projectedShares, projectedReactions []Forecast) {
	active := 0
	for _, n := range shares {
		if n > 0 {
			active++
		}
	}
	if active < 3 {
		return nil, nil
	}
	dated := func(f []Forecast) []Forecast {
		for i := range f {
			f[i].Start = next.AddDate(0, 0, 7*i)
		}
		return f
	}
	return dated(Holt(shares, 4)), dated(Holt(reactions, 4))
}

// summaryShares reads the tracked shares posted since first, each with
// its latest reading that found counts.
func (t *Tracker) summaryShares(ctx context.Context, first time.Time) ([]summaryShare, error) {
	rows, err := t.DB.QueryContext(ctx, `SELECT s.network, s.campaign, t.posted_at,
		r.reactions, r.reposts, r.replies, r.id IS NOT NULL
		FROM engagement_tracks t JOIN shares s ON s.id = t.share_id
		LEFT JOIN engagement_readings r ON r.id = (SELECT id FROM engagement_readings
			WHERE share_id = t.share_id AND status = ? ORDER BY at DESC, id DESC LIMIT 1)
		WHERE t.posted_at >= ? AND s.account_id <> 0 ORDER BY t.posted_at`, Read, stamp(first))
	if err != nil {
		return nil, fmt.Errorf("engagement: add up the shares: %w", err)
	}
	defer rows.Close()
	var out []summaryShare
	for rows.Next() {
		var sh summaryShare
		var posted string
		var n [3]nullCount
		if err := rows.Scan(&sh.net, &sh.campaign, &posted, &n[0], &n[1], &n[2], &sh.measured); err != nil {
			return nil, fmt.Errorf("engagement: add up the shares: %w", err)
		}
		sh.posted = parse(posted)
		sh.counts = Counts{Reactions: n[0].count(), Reposts: n[1].count(), Replies: n[2].count()}
		out = append(out, sh)
	}
	return out, rows.Err()
}

// nullCount scans a count that may be NULL.
type nullCount struct {
	n     int64
	known bool
}

func (c *nullCount) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*c = nullCount{}
	case int64:
		*c = nullCount{x, true}
	default:
		return fmt.Errorf("engagement: a count of type %T", v)
	}
	return nil
}

func (c nullCount) count() Count { return Count{N: c.n, Known: c.known} }

// Holt projects series (one value a week, oldest first) horizon weeks
// ahead by Holt's linear trend (ForecastMethod). The interval widens with
// the horizon as the method's error variance does:
// σ²·(1 + Σ_{j<h} α²(1 + jβ)²), σ² the mean squared one-week-ahead error.
// It returns nil for fewer than 2 values.
func Holt(series []float64, horizon int) []Forecast {
	const alpha, beta, z = 0.5, 0.3, 1.96
	if len(series) < 2 || horizon < 1 {
		return nil
	}
	level, trend := series[0], series[1]-series[0]
	var sq float64
	var errs int
	for i, y := range series[1:] {
		if i > 0 { // the second value made the trend: no error to learn from
			predicted := level + trend
			sq += (y - predicted) * (y - predicted)
			errs++
		}
		prev := level
		level = alpha*y + (1-alpha)*(level+trend)
		trend = beta*(level-prev) + (1-beta)*trend
	}
	sigma2 := 0.0
	if errs > 0 {
		sigma2 = sq / float64(errs)
	}
	out := make([]Forecast, horizon)
	spread := 1.0
	for h := 1; h <= horizon; h++ {
		if h > 1 {
			j := float64(h - 1)
			spread += alpha * alpha * (1 + j*beta) * (1 + j*beta)
		}
		v := level + float64(h)*trend
		half := z * math.Sqrt(sigma2*spread)
		out[h-1] = Forecast{Value: math.Max(0, v), Low: math.Max(0, v-half), High: math.Max(0, v+half)}
	}
	return out
}
