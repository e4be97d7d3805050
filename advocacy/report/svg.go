package report

import (
	"fmt"
	"html"
	"math"
	"strings"

	"github.com/advocate-app/advocate/advocacy/engagement"
)

// palette colours the series, in order; the last is for Other.
var palette = []string{"#2563eb", "#f59e0b", "#10b981", "#8b5cf6", "#ef4444", "#0ea5e9", "#84cc16", "#ec4899"}

const otherColour = "#9ca3af"

func colour(i int, name string) string {
	if name == Other {
		return otherColour
	}
	return palette[i%len(palette)]
}

// series is one named row of values, a value per week.
type series struct {
	Name   string
	Colour string
	Values []float64
}

// size is a chart's size in SVG user units: wide for a full row, half
// for one of two side by side.
type size struct{ w, h int }

var (
	wide = size{1160, 250}
	half = size{580, 300}
)

const padL, padR, padT, padB = 64, 16, 16, 40

// niceMax rounds v up to a number whose quarters are round (1, 1.2, 1.6,
// 2, 2.4, 3, 4, 6 or 8 times a power of ten), so that the chart uses most
// of its height and its four grid lines have round labels.
func niceMax(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 1.2, 1.6, 2, 2.4, 3, 4, 6, 8, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func number(v float64) string {
	if v >= 1e6 {
		return fmt.Sprintf("%.0fk", v/1000)
	}
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.1f", v)
}

// frame opens an SVG with its y axis and grid for values up to top, and x
// labels, every few, for n columns.
func frame(b *strings.Builder, sz size, label string, top float64, labels []string) {
	chartW, chartH := sz.w, sz.h
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s">`, chartW, chartH, html.EscapeString(label))
	plotH := float64(chartH - padT - padB)
	for i := 0; i <= 4; i++ {
		y := float64(padT) + plotH*float64(4-i)/4
		fmt.Fprintf(b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" class="grid"/>`, padL, chartW-padR, y, y)
		fmt.Fprintf(b, `<text x="%d" y="%.1f" class="tick" text-anchor="end">%s</text>`, padL-8, y+4, number(top*float64(i)/4))
	}
	n := len(labels)
	every := max(1, (n*90+chartW-1)/chartW) // a label every 90 units at most
	colW := float64(chartW-padL-padR) / float64(max(n, 1))
	for i, l := range labels {
		if i%every != 0 {
			continue
		}
		x := float64(padL) + colW*(float64(i)+0.5)
		fmt.Fprintf(b, `<text x="%.1f" y="%d" class="tick" text-anchor="middle">%s</text>`, x, chartH-padB+18, html.EscapeString(l))
	}
}

// stackedBars draws a bar a column, its series stacked; a column whose
// suppressed flag is set shows a grey hatched bar and "<5" instead.
func stackedBars(sz size, label string, labels []string, ss []series, suppressed []bool) string {
	chartW, chartH := sz.w, sz.h
	n := len(labels)
	top := 0.0
	for i := range n {
		sum := 0.0
		for _, s := range ss {
			sum += s.Values[i]
		}
		top = max(top, sum)
	}
	top = niceMax(top)
	var b strings.Builder
	frame(&b, sz, label, top, labels)
	b.WriteString(`<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#e5e7eb"/><line x1="0" y1="0" x2="0" y2="6" stroke="#9ca3af" stroke-width="2"/></pattern></defs>`)
	plotH := float64(chartH - padT - padB)
	colW := float64(chartW-padL-padR) / float64(max(n, 1))
	barW := colW * 0.7
	base := float64(chartH - padB)
	for i := range n {
		x := float64(padL) + colW*float64(i) + (colW-barW)/2
		if i < len(suppressed) && suppressed[i] {
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="url(#hatch)"><title>%s: fewer than %d people, not shown</title></rect>`,
				x, base-plotH*0.12, barW, plotH*0.12, html.EscapeString(labels[i]), MinGroup)
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="tick" text-anchor="middle">&lt;%d</text>`, x+barW/2, base-plotH*0.12-4, MinGroup)
			continue
		}
		y := base
		for _, s := range ss {
			v := s.Values[i]
			if v <= 0 {
				continue
			}
			h := plotH * v / top
			y -= h
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s, %s: %s</title></rect>`,
				x, y, barW, h, s.Colour, html.EscapeString(labels[i]), html.EscapeString(s.Name), number(v))
		}
	}
	b.WriteString(`</svg>`)
	return b.String() + legend(ss)
}

func legend(ss []series) string {
	var b strings.Builder
	b.WriteString(`<p class="legend">`)
	for _, s := range ss {
		fmt.Fprintf(&b, `<span><i style="background:%s"></i>%s</span>`, s.Colour, html.EscapeString(s.Name))
	}
	b.WriteString(`</p>`)
	return b.String()
}

// hbars draws one horizontal bar a row, its share of the whole written
// beside it.
func hbars(label string, names []string, values []float64, colours []string) string {
	const chartW = 560
	total := 0.0
	for _, v := range values {
		total += v
	}
	rowH := 34
	h := rowH*len(names) + 8
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s">`, chartW, h, html.EscapeString(label))
	top := 0.0
	for _, v := range values {
		top = max(top, v)
	}
	width := float64(chartW - 110 - 130)
	for i, name := range names {
		y := 4 + i*rowH
		w := 0.0
		if top > 0 {
			w = width * values[i] / top
		}
		pct := 0.0
		if total > 0 {
			pct = 100 * values[i] / total
		}
		fmt.Fprintf(&b, `<text x="100" y="%d" class="label" text-anchor="end">%s</text>`, y+21, html.EscapeString(name))
		fmt.Fprintf(&b, `<rect x="110" y="%d" width="%.1f" height="24" fill="%s"><title>%s: %s</title></rect>`, y+4, max(w, 1), colours[i], html.EscapeString(name), number(values[i]))
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="label">%s (%.0f %%)</text>`, 118+w, y+21, number(values[i]), pct)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// projection draws the weekly values as a line, then the forecast as a
// dashed line with its interval as a band.
func projection(sz size, label string, labels []string, values []float64, f []engagement.Forecast) string {
	chartW, chartH := sz.w, sz.h
	all := append([]string{}, labels...)
	for _, x := range f {
		all = append(all, x.Start.Format("2 Jan"))
	}
	top := 0.0
	for _, v := range values {
		top = max(top, v)
	}
	for _, x := range f {
		top = max(top, x.High)
	}
	top = niceMax(top)
	var b strings.Builder
	frame(&b, sz, label, top, all)
	plotH := float64(chartH - padT - padB)
	colW := float64(chartW-padL-padR) / float64(max(len(all), 1))
	xAt := func(i int) float64 { return float64(padL) + colW*(float64(i)+0.5) }
	yAt := func(v float64) float64 { return float64(chartH-padB) - plotH*v/top }
	if len(f) > 0 && len(values) > 0 {
		last := len(values) - 1
		var band strings.Builder
		fmt.Fprintf(&band, "M%.1f,%.1f", xAt(last), yAt(values[last]))
		for i, x := range f {
			fmt.Fprintf(&band, " L%.1f,%.1f", xAt(last+1+i), yAt(x.High))
		}
		for i := len(f) - 1; i >= 0; i-- {
			fmt.Fprintf(&band, " L%.1f,%.1f", xAt(last+1+i), yAt(f[i].Low))
		}
		fmt.Fprintf(&b, `<path d="%s Z" class="band"/>`, band.String())
		pts := fmt.Sprintf("%.1f,%.1f", xAt(last), yAt(values[last]))
		for i, x := range f {
			pts += fmt.Sprintf(" %.1f,%.1f", xAt(last+1+i), yAt(x.Value))
		}
		fmt.Fprintf(&b, `<polyline points="%s" class="forecast"/>`, pts)
		for i, x := range f {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" class="forecast-dot"><title>%s: %s expected (%s to %s)</title></circle>`,
				xAt(last+1+i), yAt(x.Value), x.Start.Format("2 Jan 2006"), number(math.Round(x.Value)), number(math.Round(x.Low)), number(math.Round(x.High)))
		}
	}
	var pts []string
	for i, v := range values {
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", xAt(i), yAt(v)))
	}
	fmt.Fprintf(&b, `<polyline points="%s" class="actual"/>`, strings.Join(pts, " "))
	for i, v := range values {
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" class="actual-dot"><title>%s: %s</title></circle>`, xAt(i), yAt(v), html.EscapeString(labels[i]), number(v))
	}
	b.WriteString(`</svg>`)
	return b.String()
}
