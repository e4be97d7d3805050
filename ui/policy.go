package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

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
		return "Blocks"
	case policy.Warn:
		return "Warns"
	}
	return "Notes"
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
	if p.s.policyErr != nil {
		p.summary.SetText("The policy in this bundle could not be read: " + p.s.policyErr.Error())
	} else {
		pol := p.s.policy
		n := pol.Count()
		b := p.s.bundle
		signed := "not verified"
		if b.Verified {
			signed = "every file signed by key " + b.KeyID
		}
		since, _ := p.s.env.Store.Setting(context.Background(), "bundle_since", "")
		if t, err := time.Parse(time.RFC3339, since); err == nil {
			since = " on this computer since " + minute(t)
		} else {
			since = ""
		}
		p.summary.SetText(fmt.Sprintf("%s, version %s, effective %s. %d rules: %d block, %d warn, %d for information.\nBundle %s %s from %s%s; %s.",
			pol.About.Name, pol.About.Version, day(pol.About.Effective), len(pol.Rules), n[policy.Block], n[policy.Warn], n[policy.Info],
			b.Manifest.Org.Name, b.Manifest.Version, b.Source, since, signed))
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
		widget.NewLabel(fmt.Sprintf("%s · rule %s", severityTitle(r.Severity), r.ID)),
		wrapped("Why: " + r.Why),
		wrapped("Source: " + r.Source),
	}
	if r.Fix != "" {
		objs = append(objs, wrapped("How to fix: "+r.Fix))
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
