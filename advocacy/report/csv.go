package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/advocate-app/advocate/advocacy/engagement"
)

// CSVHeader is the CSV's first row. Each row is one figure the report
// shows: section is "week" (a week's total), "week_campaign", "network",
// "campaign" (the leaderboard), "total" or "forecast_shares" /
// "forecast_reactions" (see WriteCSV). Suppressed weeks have suppressed=true
// and no figures.
var CSVHeader = []string{"section", "week", "name", "suppressed", "advocates", "shares", "measured", "reactions", "reposts", "replies"}

// WriteCSV writes the report's figures as CSV. A forecast week is three
// rows, named "value", "low" and "high" (the 95 % interval), with the
// number under shares (for forecast_reactions too).
func (r *Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(CSVHeader)
	row := func(section string, week time.Time, g Group, suppressed bool) {
		day := ""
		if !week.IsZero() {
			day = week.Format(time.DateOnly)
		}
		if suppressed {
			cw.Write([]string{section, day, g.Name, "true", "", "", "", "", "", ""})
			return
		}
		cw.Write([]string{section, day, g.Name, "false", strconv.Itoa(g.Advocates), strconv.Itoa(g.Shares), strconv.Itoa(g.Measured),
			strconv.FormatInt(g.Reactions, 10), strconv.FormatInt(g.Reposts, 10), strconv.FormatInt(g.Replies, 10)})
	}
	row("total", time.Time{}, r.Total, false)
	for _, wk := range r.Weeks {
		row("week", wk.Start, Group{Name: "all", Advocates: wk.Advocates, Totals: wk.Totals}, wk.Suppressed)
		for _, g := range wk.Campaigns {
			row("week_campaign", wk.Start, g, false)
		}
	}
	for _, g := range r.Networks {
		row("network", time.Time{}, g, false)
	}
	for _, g := range r.Campaigns {
		row("campaign", time.Time{}, g, false)
	}
	for _, f := range []struct {
		section string
		list    []forecastRow
	}{{"forecast_shares", rows(r.Forecast.Shares)}, {"forecast_reactions", rows(r.Forecast.Reactions)}} {
		for _, x := range f.list {
			for _, v := range []struct {
				name  string
				value float64
			}{{"value", x.value}, {"low", x.low}, {"high", x.high}} {
				cw.Write([]string{f.section, x.week.Format(time.DateOnly), v.name, "false", "", fmt.Sprintf("%.1f", v.value), "", "", "", ""})
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("report: write the CSV: %w", err)
	}
	return nil
}

type forecastRow struct {
	week             time.Time
	value, low, high float64
}

func rows(f []engagement.Forecast) []forecastRow {
	var out []forecastRow
	for _, x := range f {
		out = append(out, forecastRow{x.Start, x.Value, x.Low, x.High})
	}
	return out
}

// WriteJSON writes the whole report as one indented JSON object.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("report: write the JSON: %w", err)
	}
	return nil
}
