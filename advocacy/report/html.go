package report

import (
	"fmt"
	"html/template"
	"io"
	"slices"
)

// campaignSeries are the weekly values of each campaign the weeks show,
// in leaderboard order, Other last.
func (r *Report) campaignSeries(value func(Totals) float64) []series {
	var names []string
	for _, g := range r.Campaigns {
		names = append(names, g.Name)
	}
	for _, w := range r.Weeks {
		for _, g := range w.Campaigns {
			if !slices.Contains(names, g.Name) {
				names = append(names, g.Name)
			}
		}
	}
	if i := slices.Index(names, Other); i >= 0 {
		names = append(slices.Delete(names, i, i+1), Other)
	}
	var out []series
	for i, name := range names {
		s := series{Name: name, Colour: colour(i, name), Values: make([]float64, len(r.Weeks))}
		for wi, w := range r.Weeks {
			for _, g := range w.Campaigns {
				if g.Name == name {
					s.Values[wi] = value(g.Totals)
				}
			}
		}
		out = append(out, s)
	}
	return out
}

func (r *Report) weekLabels() []string {
	var out []string
	for _, w := range r.Weeks {
		out = append(out, w.Start.Format("2 Jan"))
	}
	return out
}

func (r *Report) suppressed() []bool {
	var out []bool
	for _, w := range r.Weeks {
		out = append(out, w.Suppressed)
	}
	return out
}

// page is what the template shows.
type page struct {
	*Report
	First, Last               string
	Shares, Reactions, Active template.HTML
	Mix, MixReactions         template.HTML
	ProjShares, ProjReactions template.HTML
	Leader                    []leaderRow
	SuppressedWeeks           int
}

type leaderRow struct {
	Rank int
	Group
	PerShare string
}

// WriteHTML writes the report as one static HTML page with inline SVG
// charts and no script.
func (r *Report) WriteHTML(w io.Writer) error {
	p := page{Report: r}
	if len(r.Weeks) > 0 {
		p.First, p.Last = r.Weeks[0].Start.Format("2 January 2006"), r.Weeks[len(r.Weeks)-1].Start.AddDate(0, 0, 6).Format("2 January 2006")
	}
	labels, sup := r.weekLabels(), r.suppressed()
	p.Shares = template.HTML(stackedBars(wide, "Shares per week by campaign", labels, r.campaignSeries(func(t Totals) float64 { return float64(t.Shares) }), sup))
	p.Reactions = template.HTML(stackedBars(wide, "Reactions per week by campaign", labels, r.campaignSeries(func(t Totals) float64 { return float64(t.Reactions) }), sup))
	active := series{Name: "People who shared", Colour: palette[0], Values: make([]float64, len(r.Weeks))}
	for i, wk := range r.Weeks {
		active.Values[i] = float64(wk.Advocates)
		if wk.Suppressed {
			p.SuppressedWeeks++
		}
	}
	p.Active = template.HTML(stackedBars(half, "Active advocates per week", labels, []series{active}, sup))
	var names []string
	var shares, reactions []float64
	var colours []string
	for i, g := range r.Networks {
		names = append(names, networkTitle(g.Name))
		shares = append(shares, float64(g.Shares))
		reactions = append(reactions, float64(g.Reactions))
		colours = append(colours, colour(i, g.Name))
	}
	p.Mix = template.HTML(hbars("Shares by network", names, shares, colours))
	p.MixReactions = template.HTML(hbars("Reactions by network", names, reactions, colours))
	var ws, wr []float64
	for _, wk := range r.Weeks {
		ws, wr = append(ws, float64(wk.Shares)), append(wr, float64(wk.Reactions))
	}
	p.ProjShares = template.HTML(projection(half, "Shares per week and the next four", labels, ws, r.Forecast.Shares))
	p.ProjReactions = template.HTML(projection(half, "Reactions per week and the next four", labels, wr, r.Forecast.Reactions))
	for i, g := range r.Campaigns {
		row := leaderRow{Rank: i + 1, Group: g, PerShare: "not available"}
		if g.Measured > 0 {
			row.PerShare = fmt.Sprintf("%.1f", float64(g.Reactions)/float64(g.Measured))
		}
		p.Leader = append(p.Leader, row)
	}
	return pageTemplate.Execute(w, p)
}

func networkTitle(name string) string {
	switch name {
	case "x":
		return "X"
	case "linkedin":
		return "LinkedIn"
	case "mastodon":
		return "Mastodon"
	case "bluesky":
		return "Bluesky"
	}
	return name
}

var pageTemplate = template.Must(template.New("report").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Advocate programme report</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; background: #f8fafc; color: #0f172a; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 0 0 8px; }
.sub { color: #475569; margin: 0 0 20px; }
section { background: #fff; border: 1px solid #e2e8f0; border-radius: 10px; padding: 14px 18px; margin: 0 0 14px; }
.two > section { margin: 0; }
.two { margin: 0 0 14px; }
.cards { display: grid; grid-template-columns: repeat(5, 1fr); gap: 12px; margin: 0 0 18px; }
.card { background: #fff; border: 1px solid #e2e8f0; border-radius: 10px; padding: 12px 16px; }
.card b { display: block; font-size: 26px; }
.card span { color: #475569; font-size: 13px; }
svg { width: 100%; height: auto; display: block; }
.grid { stroke: #e2e8f0; }
.tick, .label { font-size: 13px; fill: #475569; }
.label { fill: #0f172a; }
.legend { margin: 4px 0 0; }
.legend span { margin-right: 16px; font-size: 13px; color: #334155; white-space: nowrap; }
.legend i { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
.actual { fill: none; stroke: #2563eb; stroke-width: 2.5; }
.actual-dot { fill: #2563eb; }
.forecast { fill: none; stroke: #2563eb; stroke-width: 2.5; stroke-dasharray: 7 5; }
.forecast-dot { fill: #fff; stroke: #2563eb; stroke-width: 2; }
.band { fill: #2563eb; opacity: 0.14; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: right; padding: 6px 10px; border-bottom: 1px solid #e2e8f0; }
th:nth-child(2), td:nth-child(2) { text-align: left; }
.note { color: #475569; font-size: 13px; margin: 6px 0; }
.bad { color: #b91c1c; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
</style>
</head>
<body>
<main>
<h1>Advocate programme report</h1>
<p class="sub">{{if .First}}Weeks of {{.First}} to {{.Last}} · {{end}}made {{.Generated.Format "2 January 2006 15:04 UTC"}} from {{.Sources.Aggregates}} weekly aggregates ({{.Sources.Installs}} desktops) and {{.Sources.Exports}} audit exports ({{.Sources.Records}} records).</p>
<div class="cards">
<div class="card"><b>{{.Total.Advocates}}</b><span>people who shared</span></div>
<div class="card"><b>{{.Total.Shares}}</b><span>shares</span></div>
<div class="card"><b>{{.Total.Reactions}}</b><span>reactions</span></div>
<div class="card"><b>{{.Total.Reposts}}</b><span>reposts</span></div>
<div class="card"><b>{{.Total.Replies}}</b><span>replies</span></div>
</div>
<section><h2>Shares per week, by campaign</h2>{{.Shares}}</section>
<section><h2>Reactions per week, by campaign</h2>{{.Reactions}}
<p class="note">Reactions are the likes, favourites and reactions the networks give for shares they can be read for ({{.Total.Measured}} of {{.Total.Shares}} shares); X is read only when the bundle turns it on. Clicks are not counted by Advocate: they come from your own web analytics, through the UTM tags Advocate adds to every link it shares.</p></section>
<div class="two">
<section><h2>Active advocates per week</h2>{{.Active}}
<p class="note">People (desktops) who shared at least once that week.{{if .SuppressedWeeks}} {{.SuppressedWeeks}} weeks had fewer than {{.MinGroup}} and show no figures.{{end}}</p></section>
<section><h2>Network mix</h2><p class="note">Shares</p>{{.Mix}}<p class="note">Reactions</p>{{.MixReactions}}</section>
</div>
<section><h2>Campaign leaderboard</h2>
<table><thead><tr><th>#</th><th>Campaign</th><th>People</th><th>Shares</th><th>Reactions</th><th>Reposts</th><th>Replies</th><th>Reactions per share</th></tr></thead><tbody>
{{range .Leader}}<tr><td>{{.Rank}}</td><td>{{.Name}}</td><td>{{.Advocates}}</td><td>{{.Shares}}</td><td>{{.Reactions}}</td><td>{{.Reposts}}</td><td>{{.Replies}}</td><td>{{.PerShare}}</td></tr>
{{end}}</tbody></table></section>
<section><h2>Where the programme is heading: the next four weeks</h2>
<div class="two"><div><p class="note">Shares</p>{{.ProjShares}}</div><div><p class="note">Reactions</p>{{.ProjReactions}}</div></div>
<p class="note">{{if .Forecast.Shares}}The dashed line is the projection and the band its 95 % interval: {{.Forecast.Method}}.{{else}}No projection: it needs at least three weeks with shares.{{end}}</p></section>
<section><h2>About these figures</h2>
<p class="note">Any group of fewer than {{.MinGroup}} people is never shown on its own: small campaigns and networks are folded into “{{"(other, small groups)"}}”, shown only when together they reach {{.MinGroup}} people, and a week with fewer active advocates shows no figures. Desktops send only weekly totals per campaign and network, with a random identifier each person can reset; no post, account or name. Practice shares never count.</p>
{{if .Sources.Duplicates}}<p class="note">{{.Sources.Duplicates}} inputs were read twice (the same desktop and week, or the same audit trail) and counted once.</p>{{end}}
{{if .Sources.Failed}}<p class="bad"><b>{{len .Sources.Failed}} audit exports failed verification and count for nothing:</b></p><ul class="bad">{{range .Sources.Failed}}<li>{{.File}}: {{.Reason}}</li>{{end}}</ul>{{else}}<p class="note">Every audit export’s hash chain was verified.</p>{{end}}
{{if .Sources.Skipped}}<p class="note">Skipped: {{range .Sources.Skipped}}{{.File}} ({{.Reason}}); {{end}}</p>{{end}}
</section>
</main>
</body>
</html>
`))
