package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/engagement"
)

// earnedLines words what a posted share earned, one line a reading, and
// when it is read next. A count the network does not give is "not
// available", never 0.
func earnedLines(tr core.ShareEngagement) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	if len(tr.Readings) == 0 {
		out = append(out, wrapped(lang.L("Not read yet: its public counts are read 1 hour after posting, then after 6 hours, 1, 3, 7 and 30 days.")))
	}
	for _, r := range tr.Readings {
		after := lang.L("{{.After}} after posting", args{"After": afterText(r.At.Sub(tr.Posted))})
		var line string
		switch r.Status {
		case engagement.Read:
			line = lang.L("{{.When}}: {{.Counts}}", args{"When": after, "Counts": strings.Join([]string{
				countWord(r.Counts.Reactions, lang.N("{{.Count}} reactions", int(r.Counts.Reactions.N), args{"Count": r.Counts.Reactions.N}), lang.L("reactions not available")),
				countWord(r.Counts.Reposts, lang.N("{{.Count}} reposts", int(r.Counts.Reposts.N), args{"Count": r.Counts.Reposts.N}), lang.L("reposts not available")),
				countWord(r.Counts.Replies, lang.N("{{.Count}} replies", int(r.Counts.Replies.N), args{"Count": r.Counts.Replies.N}), lang.L("replies not available")),
			}, " · ")})
		case engagement.Deleted:
			line = lang.L("{{.When}}: deleted on {{.Network}}; the counts before stay.", args{"When": after, "Network": tr.Network.Title()})
		default:
			line = lang.L("{{.When}}: not available — {{.Why}}", args{"When": after, "Why": unavailableText(r.Reason, tr)})
		}
		out = append(out, wrapped(line))
	}
	if !tr.Next.IsZero() {
		out = append(out, wrapped(lang.L("Read again {{.Time}}.", args{"Time": minute(tr.Next)})))
	}
	return out
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
