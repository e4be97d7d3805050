package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/engagement"
)

// earnedLines charts what a posted share earned, words it one line a
// reading, and says when it is read next. A count the network does not give is "not
// available", never 0.
func earnedLines(tr core.ShareEngagement) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	if chart := earnedChart(tr); chart != nil {
		out = append(out, chart)
	}
	if len(tr.Readings) == 0 {
		out = append(out, wrapped(lang.L("Not read yet: its public counts are read 1 hour after posting, then after 6 hours, 1, 3, 7 and 30 days.")))
	}
	for _, r := range tr.Readings {
		out = append(out, wrapped(earnedLine(tr, r)))
	}
	if !tr.Next.IsZero() {
		out = append(out, wrapped(lang.L("Read again {{.Time}}.", args{"Time": minute(tr.Next)})))
	}
	return out
}

// earnedLine words one reading of the share tr.
func earnedLine(tr core.ShareEngagement, r core.EngagementReading) string {
	after := lang.L("{{.After}} after posting", args{"After": afterText(r.At.Sub(tr.Posted))})
	switch r.Status {
	case engagement.Read:
		return lang.L("{{.When}}: {{.Counts}}", args{"When": after, "Counts": countsText(r.Counts)})
	case engagement.Deleted:
		return lang.L("{{.When}}: deleted on {{.Network}}; the counts before stay.", args{"When": after, "Network": tr.Network.Title()})
	}
	return lang.L("{{.When}}: not available — {{.Why}}", args{"When": after, "Why": unavailableText(r.Reason, tr)})
}

// countsText words a reading's counts, "not available" for those the
// network does not give.
func countsText(c engagement.Counts) string {
	return strings.Join([]string{
		countWord(c.Reactions, lang.N("{{.Count}} reactions", int(c.Reactions.N), args{"Count": c.Reactions.N}), lang.L("reactions not available")),
		countWord(c.Reposts, lang.N("{{.Count}} reposts", int(c.Reposts.N), args{"Count": c.Reposts.N}), lang.L("reposts not available")),
		countWord(c.Replies, lang.N("{{.Count}} replies", int(c.Replies.N), args{"Count": c.Replies.N}), lang.L("replies not available")),
	}, " · ")
}

// earnedChart charts the share's counts over its readings that found
// them: reactions, reposts and replies, one line each; nil before any.
func earnedChart(tr core.ShareEngagement) *lineChart {
	lines := []chartLine{
		{label: lang.L("Reactions"), colour: theme.ColorNamePrimary},
		{label: lang.L("Reposts"), colour: theme.ColorNameSuccess},
		{label: lang.L("Replies"), colour: theme.ColorNameWarning},
	}
	var labels, tips []string
	for _, r := range tr.Readings {
		if r.Status != engagement.Read {
			continue
		}
		for i, c := range []engagement.Count{r.Counts.Reactions, r.Counts.Reposts, r.Counts.Replies} {
			lines[i].ys, lines[i].known = append(lines[i].ys, float64(c.N)), append(lines[i].known, c.Known)
		}
		labels = append(labels, afterText(r.At.Sub(tr.Posted)))
		tips = append(tips, earnedLine(tr, r))
	}
	if len(labels) == 0 {
		return nil
	}
	return newLineChart(lines, labels, tips, lang.L("Point at or tap a reading for its counts."))
}

// countWord is known when the network gave the count c, else unknown:
// a count it does not give is never shown as 0.
func countWord(c engagement.Count, known, unknown string) string {
	if !c.Known {
		return unknown
	}
	return known
}

// afterText words a time since posting in its largest whole unit.
func afterText(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		n := int(d / (24 * time.Hour))
		return lang.N("{{.Count}} days", n, args{"Count": n})
	case d >= time.Hour:
		n := int(d / time.Hour)
		return lang.N("{{.Count}} hours", n, args{"Count": n})
	}
	n := max(1, int(d/time.Minute))
	return lang.N("{{.Count}} minutes", n, args{"Count": n})
}

// unavailableText says why a network gave no counts.
func unavailableText(reason string, tr core.ShareEngagement) string {
	a := args{"Network": tr.Network.Title()}
	switch reason {
	case engagement.ReasonOff:
		return lang.L("the organisation has not turned on reading {{.Network}}", a)
	case engagement.ReasonNoPermission:
		return lang.L("the organisation's {{.Network}} app may not read post statistics", a)
	case engagement.ReasonSignIn:
		return lang.L("{{.Network}} no longer accepts the sign-in: connect the account again", a)
	case engagement.ReasonNoPostID:
		return lang.L("{{.Network}} gave no address for the post", a)
	case engagement.ReasonNoAccount:
		return lang.L("the account is no longer connected")
	case engagement.ReasonHidden:
		return lang.L("{{.Network}} does not show this post's counts", a)
	}
	return lang.L("{{.Network}} did not say", a)
}
