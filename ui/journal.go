package ui

import (
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/share"
)

// journalLine words a line of the journal in the user's language: each
// is an audit record's values, so that a line reads in the language of
// the day it is read.
func journalLine(e core.Entry) string {
	if e.Data == nil {
		return e.Summary
	}
	a := args{"ID": e.Number("share"), "Network": network.ID(e.Text("network")).Title(), "Account": e.Text("account")}
	switch e.Kind {
	case core.KindBundle:
		return lang.L("Loaded {{.Org}} bundle {{.Version}} from {{.Source}}", args{"Org": e.Text("org"), "Version": e.Text("version"), "Source": e.Text("source")})
	case core.KindRole:
		return lang.L("Role set to {{.Role}}", args{"Role": roleTitle(e.Text("role"))})
	case core.KindPurge:
		n := e.Number("items_removed")
		return lang.N("Removed {{.Count}} items meant for employees from this computer", int(n), args{"Count": n})
	case core.KindConnected:
		return lang.L("Connected {{.Network}} account {{.Account}}", a)
	case core.KindDisconnected:
		return lang.L("Disconnected {{.Network}} account {{.Account}}", a)
	case core.KindKeyChanged:
		return lang.L("Accepted a new publisher key for {{.Source}}: {{.To}} (was {{.From}})", args{"Source": e.Text("source"), "To": e.Text("to"), "From": e.Text("from")})
	case core.KindTrailBroken:
		return lang.L("The audit trail was changed outside Advocate: records seen up to {{.Seq}} were removed or rewritten", args{"Seq": e.Number("anchored_seq")})
	case core.KindTrailReset:
		return lang.L("A new audit trail was started on this computer; the previous one had {{.Seq}} records", args{"Seq": e.Number("anchored_seq")})
	case share.KindCheck:
		return overrideLine(e.Check())
	case share.KindQueued:
		return queuedLine(e, a)
	case share.KindBrowser:
		line := lang.L("Chose to share on {{.Network}} in the browser: {{.Text}}", args{"Network": a["Network"], "Text": excerptOf(e.Text("text"))})
		if o := overrideLine(e.Check()); o != "" {
			line += " — " + o
		}
		return line
	case share.KindPosted:
		return lang.L("Share {{.ID}} posted on {{.Network}}", a)
	case share.KindWaiting:
		if e.Text("state") == share.Reconnect {
			return lang.L("Share {{.ID}} waits for you to connect your {{.Network}} account again", a)
		}
		return lang.L("Share {{.ID}} on {{.Network}} will be tried again", a)
	case share.KindFailed:
		return lang.L("Share {{.ID}} was not posted on {{.Network}}", a)
	case share.KindUnconfirmed:
		return lang.L("Share {{.ID}} on {{.Network}} had no clear answer: check your profile before sharing it again", a)
	case share.KindConfirmed:
		return lang.L("Share {{.ID}} was found on {{.Network}} after an unclear answer", a)
	case share.KindBlocked:
		return lang.L("Share {{.ID}} was not posted: the policy in force when it was due blocks it", a)
	case share.KindCancelled:
		return lang.L("Withdrew share {{.ID}}", a)
	case share.KindRetried:
		return lang.L("Tried share {{.ID}} again", a)
	case share.KindRequeued:
		return lang.L("Share {{.ID}} is queued again", a)
	case share.KindResumed:
		if n := e.Number("count"); n > 0 { // a line kept from before the journal
			return lang.N("{{.Count}} shares waiting for this account go now", int(n), args{"Count": n})
		}
		return lang.L("Share {{.ID}} goes now that its account is connected again", a)
	}
	return e.Kind
}

// queuedLine words a queued share: for which account, when, and its text.
func queuedLine(e core.Entry, a args) string {
	a["When"] = lang.L("now")
	if e.Text("scheduled") != "" {
		a["When"] = lang.L("at {{.Time}}", args{"Time": minute(e.Time("scheduled"))})
	}
	a["Text"] = excerptOf(e.Text("text"))
	if e.Number("account") == 0 {
		return lang.L("Queued for the practice account on {{.Network}} ({{.When}}): {{.Text}}", a)
	}
	return lang.L("Queued for your account on {{.Network}} ({{.When}}): {{.Text}}", a)
}

// overrideLine words a check that was overridden: the rules that warned
// and the reason given; "" for a check with no reason.
func overrideLine(check map[string]any) string {
	reason, _ := check["override_reason"].(string)
	if strings.TrimSpace(reason) == "" {
		return ""
	}
	var rules []string
	list, _ := check["rules"].([]any)
	for _, r := range list {
		s, _ := r.(string)
		if rule, ok := strings.CutSuffix(s, ":warn"); ok {
			rules = append(rules, rule)
		}
	}
	n, _ := check["network"].(string)
	return lang.L("Shared on {{.Network}} despite warnings ({{.Rules}}). Reason: {{.Reason}}",
		args{"Network": network.ID(n).Title(), "Rules": strings.Join(rules, ", "), "Reason": strings.TrimSpace(reason)})
}

// excerptOf is the start of a post on one line, at most 60 characters.
func excerptOf(text string) string {
	r := []rune(strings.Join(strings.Fields(text), " "))
	if len(r) > 60 {
		r = append(r[:59], '…')
	}
	return string(r)
}
