package ui

import (
	"fyne.io/fyne/v2/lang"

	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/network"
)

// journalLine words an activity entry in the user's language: the entries
// the core writes carry their values, not a sentence.
func journalLine(e core.Activity) string {
	l, ok := core.ParseLine(e.Summary)
	if !ok {
		return e.Summary
	}
	a := args(l.Args)
	switch e.Kind {
	case core.KindBundle:
		return lang.L("Loaded {{.Org}} bundle {{.Version}} from {{.Source}}", a)
	case core.KindRole:
		role, _ := a["Role"].(string)
		return lang.L("Role set to {{.Role}}", args{"Role": roleTitle(role)})
	case core.KindPurge:
		n := count(a["Count"])
		return lang.N("Removed {{.Count}} items meant for employees from this computer", n, args{"Count": n})
	case core.KindConnected:
		return lang.L("Connected {{.Network}} account {{.Account}}", networkArgs(a))
	case core.KindDisconnected:
		return lang.L("Disconnected {{.Network}} account {{.Account}}", networkArgs(a))
	case core.KindResumed:
		n := count(a["Count"])
		return lang.N("{{.Count}} shares waiting for this account go now", n, args{"Count": n})
	}
	return e.Summary
}

// networkArgs names the network as users know it.
func networkArgs(a args) args {
	n, _ := a["Network"].(string)
	return args{"Network": network.ID(n).Title(), "Account": a["Account"]}
}

// count reads a number decoded from JSON.
func count(v any) int {
	f, _ := v.(float64)
	return int(f)
}
