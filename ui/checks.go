package ui

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/policy"
)

// checkPanel shows what the policy check found in a draft: the verdict and
// each finding with the words it points at, why, and how to fix it.
type checkPanel struct {
	verdict  *widget.Label
	icon     *widget.Icon
	findings *fyne.Container
	box      *fyne.Container
	// marked is the draft with the words the findings point at coloured.
	marked *widget.RichText
	// rule looks up the rule behind a finding.
	rule func(id string) (policy.Rule, bool)
	// fix, when set, offers a one-click fix for a finding (such as adding
	// the disclosure); it returns the button's label and action, or "".
	fix func(policy.Finding) (string, func())
	// shown identifies what the panel shows, so that a keystroke that
	// changes no finding redraws nothing.
	shown string
}

func newCheckPanel(rule func(id string) (policy.Rule, bool)) *checkPanel {
	p := &checkPanel{verdict: wrapped(""), icon: widget.NewIcon(theme.ConfirmIcon()), findings: container.NewVBox(), rule: rule,
		marked: widget.NewRichText()}
	p.marked.Wrapping = fyne.TextWrapWord
	p.marked.Hide()
	p.verdict.TextStyle = fyne.TextStyle{Bold: true}
	return p
}

func (p *checkPanel) view() fyne.CanvasObject {
	top := container.NewBorder(nil, nil, p.icon, nil, p.verdict)
	list := container.NewVBox(top, p.marked, widget.NewSeparator(), p.findings)
	p.box = container.NewBorder(heading(lang.L("Policy check")), nil, nil, nil, container.NewVScroll(list))
	return p.box
}

// relayout lays the panel out twice: wrapped labels know their height only
// once they have their width.
func (p *checkPanel) relayout() {
	p.findings.Refresh()
	if p.box != nil {
		p.box.Refresh()
		p.box.Refresh()
	}
}

// showNote replaces the results with a message, such as an input to fix.
func (p *checkPanel) showNote(msg string) {
	p.icon.SetResource(theme.WarningIcon())
	p.verdict.SetText(msg)
	p.findings.Objects = nil
	p.marked.Hide()
	p.shown = ""
	p.relayout()
}

// showError reports a policy that could not be compiled.
func (p *checkPanel) showError(err error) {
	p.icon.SetResource(theme.ErrorIcon())
	p.verdict.SetText(lang.L("The policy could not be loaded, so nothing can be checked: {{.Error}}", args{"Error": userError(err)}))
	p.findings.Objects = nil
	p.marked.Hide()
	p.shown = ""
	p.relayout()
}

// mark shows the draft with the words the findings point at coloured,
// when there are any.
func (p *checkPanel) mark(text string, res policy.Result) {
	segs, marked := highlight(text, res.Findings)
	if !marked {
		p.marked.Hide()
		return
	}
	p.marked.Segments = segs
	p.marked.Refresh()
	p.marked.Show()
}

// shownKey names a result as the panel draws it: the verdict and each
// finding with the words it quotes, its source and its fix.
func (p *checkPanel) shownKey(runes []rune, res policy.Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v", res.Verdict)
	for _, f := range res.Findings {
		r, _ := p.rule(f.Rule)
		label := ""
		if p.fix != nil {
			label, _ = p.fix(f)
		}
		fmt.Fprintf(&b, "|%s %v %d %d %q %s %s %s %s", f.Rule, f.Severity, f.Start, f.End,
			string(runes[max(0, min(f.Start, len(runes))):max(0, min(f.End, len(runes)))]), f.Message, f.Fix, r.Source, label)
	}
	return b.String()
}

// show displays the result of checking text.
func (p *checkPanel) show(text string, res policy.Result) {
	p.mark(text, res)
	runes := []rune(text)
	key := p.shownKey(runes, res)
	if key == p.shown {
		return
	}
	p.shown = key
	p.icon.Show()
	switch {
	case strings.TrimSpace(text) == "":
		p.icon.Hide() // nothing to find problems in
		p.verdict.SetText(lang.L("Write or pick a post; it is checked as you type."))
		p.verdict.Importance = widget.MediumImportance
	case res.Verdict == policy.Blocked:
		p.icon.SetResource(theme.ErrorIcon())
		p.verdict.SetText(lang.L("Blocked: this cannot be shared until the marked parts change."))
		p.verdict.Importance = widget.DangerImportance
	case res.Verdict == policy.WarnOnly:
		p.icon.SetResource(theme.WarningIcon())
		p.verdict.SetText(lang.L("Check the warnings: you may share only after changing them or giving a reason."))
		p.verdict.Importance = widget.WarningImportance
	default:
		p.icon.SetResource(theme.ConfirmIcon())
		p.verdict.SetText(lang.L("No problems found."))
		p.verdict.Importance = widget.SuccessImportance
	}
	p.verdict.Refresh()
	var objs []fyne.CanvasObject
	for _, f := range bySeverity(res.Findings) {
		objs = append(objs, p.card(f, runes))
	}
	p.findings.Objects = objs
	p.relayout()
}

func (p *checkPanel) card(f policy.Finding, runes []rune) fyne.CanvasObject {
	head := title(lang.L("{{.Severity}}: {{.Rule}}", args{"Severity": severityTitle(f.Severity), "Rule": f.Title}))
	head.Importance = severityImportance(f.Severity)
	if f.Protected {
		head = title(lang.L("Protected: {{.Rule}}", args{"Rule": f.Title}))
		head.Importance = widget.SuccessImportance
	}
	objs := []fyne.CanvasObject{head}
	if f.End-f.Start < len(runes) {
		excerpt := string(runes[max(0, min(f.Start, len(runes))):max(0, min(f.End, len(runes)))])
		if r := []rune(excerpt); len(r) > 80 {
			excerpt = string(r[:79]) + "…"
		}
		quote := wrapped("“" + excerpt + "”")
		quote.TextStyle = fyne.TextStyle{Italic: true}
		objs = append(objs, quote)
	}
	msg := strings.TrimPrefix(f.Message, f.Title+": ")
	if f.Protected {
		// The policy's English note, said in the user's language, apart.
		msg = strings.TrimSpace(strings.TrimSuffix(msg, policy.ProtectedNote))
		note := wrapped(lang.L("Not blocked: talking with others about pay, hours, staffing, unions, safety or working conditions is protected (NLRA Section 7), so this rule only notes it."))
		objs = append(objs, container.NewBorder(nil, nil, widget.NewIcon(theme.ConfirmIcon()), nil, note))
	}
	objs = append(objs, wrapped(msg))
	if f.Fix != "" {
		objs = append(objs, wrapped(lang.L("How to fix: {{.Fix}}", args{"Fix": f.Fix})))
	}
	if r, ok := p.rule(f.Rule); ok && r.Source != "" {
		src := wrapped(lang.L("Source: {{.Source}}", args{"Source": r.Source}))
		src.Importance = widget.LowImportance
		objs = append(objs, src)
	}
	if p.fix != nil {
		if label, do := p.fix(f); label != "" {
			objs = append(objs, container.NewHBox(widget.NewButtonWithIcon(label, theme.ContentAddIcon(), do)))
		}
	}
	return container.NewVBox(append(objs, widget.NewSeparator())...)
}

// severityRank orders severities, the most serious first.
var severityRank = map[policy.Severity]int{policy.Block: 0, policy.Warn: 1, policy.Info: 2}

// bySeverity returns the findings with blocks first, then warnings, then
// notes, each in the order they appear in the text.
func bySeverity(findings []policy.Finding) []policy.Finding {
	out := slices.Clone(findings)
	slices.SortStableFunc(out, func(a, b policy.Finding) int {
		if d := severityRank[a.Severity] - severityRank[b.Severity]; d != 0 {
			return d
		}
		return a.Start - b.Start
	})
	return out
}
