package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/policy"
)

// policyScreen shows the policy in force: its version and every rule with
// its reason, source, fix and examples.
type policyScreen struct {
	s       *session
	summary *widget.Label
	list    *widget.List
	detail  *fyne.Container
	rules   []policy.Rule
	bench   *testBench
}

func newPolicyScreen(s *session) *policyScreen {
	p := &policyScreen{s: s, summary: wrapped(""), detail: container.NewVBox(), bench: newTestBench(s)}
	p.list = widget.NewList(
		func() int { return len(p.rules) },
		func() fyne.CanvasObject {
			sev := widget.NewLabel("block")
			sev.TextStyle = fyne.TextStyle{Bold: true}
			title := widget.NewLabel("title")
			title.Truncation = fyne.TextTruncateEllipsis
			column := container.NewGridWrap(fyne.NewSize(72, sev.MinSize().Height), sev)
			return container.NewBorder(nil, nil, column, nil, title)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			r := p.rules[id]
			box := o.(*fyne.Container)
			for _, obj := range box.Objects {
				if column, ok := obj.(*fyne.Container); ok {
					sev := column.Objects[0].(*widget.Label)
					sev.SetText(severityTitle(r.Severity))
					sev.Importance = severityImportance(r.Severity)
					sev.Refresh()
				} else {
					obj.(*widget.Label).SetText(r.Title)
				}
			}
		},
	)
	p.list.OnSelected = p.show
	s.onChange(p.refresh)
	p.refresh()
	return p
}

func severityTitle(s policy.Severity) string {
	switch s {
	case policy.Block:
		return lang.L("Blocks")
	case policy.Warn:
		return lang.L("Warns")
	}
	return lang.L("Notes")
}

func severityImportance(s policy.Severity) widget.Importance {
	switch s {
	case policy.Block:
		return widget.DangerImportance
	case policy.Warn:
		return widget.WarningImportance
	}
	return widget.MediumImportance
}

func (p *policyScreen) view() fyne.CanvasObject {
	left := container.NewBorder(container.NewVBox(heading(lang.L("Policy in force")), p.summary), nil, nil, nil, p.list)
	right := container.NewAppTabs(
		container.NewTabItem(lang.L("Rule"), container.NewVScroll(container.NewPadded(p.detail))),
		container.NewTabItem(lang.L("Test bench"), container.NewPadded(p.bench.view())),
	)
	split := container.NewHSplit(left, right)
	split.Offset = 0.42
	return split
}

func (p *policyScreen) refresh() {
	p.rules = nil
	p.detail.Objects = nil
	if st := p.s.state(); st.Engine == nil {
		p.summary.SetText(lang.L("The policy in this bundle could not be read: {{.Error}}", args{"Error": userError(core.ErrNoPolicy)}))
	} else {
		pol := st.Policy()
		n := pol.Count()
		b := st.Bundle
		about := lang.L("{{.Policy}}, version {{.Version}}, effective {{.Day}}. {{.Rules}} rules: {{.Block}} block, {{.Warn}} warn, {{.Info}} for information.",
			args{"Policy": pol.About.Name, "Version": pol.About.Version, "Day": day(pol.About.Effective), "Rules": len(pol.Rules),
				"Block": n[policy.Block], "Warn": n[policy.Warn], "Info": n[policy.Info]})
		from := lang.L("Bundle {{.Org}} {{.Version}} from {{.Source}}", args{"Org": b.Manifest.Org.Name, "Version": b.Manifest.Version, "Source": b.Source})
		if !st.Since.IsZero() {
			from = lang.L("{{.Bundle}} on this computer since {{.Time}}", args{"Bundle": from, "Time": minute(st.Since)})
		}
		if b.Verified {
			from = lang.L("{{.Bundle}}; every file signed by key {{.Key}}.", args{"Bundle": from, "Key": b.KeyID})
		} else {
			from = lang.L("{{.Bundle}}; not verified.", args{"Bundle": from})
		}
		p.summary.SetText(about + "\n" + from)
		p.rules = pol.Rules
	}
	p.list.UnselectAll()
	p.list.Refresh()
	p.detail.Refresh()
	if len(p.rules) > 0 {
		p.list.Select(0)
		p.list.ScrollToTop()
	}
}

func (p *policyScreen) show(id widget.ListItemID) {
	if id < 0 || id >= len(p.rules) {
		return
	}
	r := p.rules[id]
	objs := []fyne.CanvasObject{
		title(r.Title),
		widget.NewLabel(lang.L("{{.Severity}} · rule {{.ID}}", args{"Severity": severityTitle(r.Severity), "ID": r.ID})),
		wrapped(lang.L("Why: {{.Why}}", args{"Why": r.Why})),
		wrapped(lang.L("Source: {{.Source}}", args{"Source": r.Source})),
	}
	if r.Fix != "" {
		objs = append(objs, wrapped(lang.L("How to fix: {{.Fix}}", args{"Fix": r.Fix})))
	}
	if len(r.Examples.Flag) > 0 {
		objs = append(objs, heading(lang.L("Flagged, for example")), wrapped(bullets(r.Examples.Flag)))
	}
	if len(r.Examples.Pass) > 0 {
		objs = append(objs, heading(lang.L("Allowed, for example")), wrapped(bullets(r.Examples.Pass)))
	}
	p.detail.Objects = objs
	p.detail.Refresh()
}

func bullets(lines []string) string {
	return "• " + strings.Join(lines, "\n• ")
}
