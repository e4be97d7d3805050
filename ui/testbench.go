package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/policy"
)

// testBench lets compliance staff try a text against the policy in force
// for a chosen role, network and time, and run the policy's own examples.
type testBench struct {
	s        *session
	text     *widget.Entry
	role     *widget.RadioGroup
	network  *widget.Select
	at       *widget.Entry
	checks   *checkPanel
	examples *widget.Label
	result   policy.Result
}

func newTestBench(s *session) *testBench {
	b := &testBench{s: s, checks: newCheckPanel(func(id string) (policy.Rule, bool) {
		if s.state().Engine == nil {
			return policy.Rule{}, false
		}
		return s.state().Engine.Rule(id)
	}), examples: wrapped("")}
	b.text = widget.NewMultiLineEntry()
	b.text.Wrapping = fyne.TextWrapWord
	b.text.SetPlaceHolder(lang.L("Paste a post to see what the policy says about it"))
	b.text.SetMinRowsVisible(4)
	b.role = widget.NewRadioGroup([]string{roleTitle(bundle.RoleEmployee), roleTitle(bundle.RoleAlumni)}, func(string) { b.run() })
	b.role.Horizontal, b.role.Required = true, true
	b.role.SetSelected(roleTitle(bundle.RoleEmployee))
	b.network = widget.NewSelect(network.Titles(network.All), func(string) { b.run() })
	b.network.SetSelected(network.LinkedIn.Title())
	b.at = widget.NewEntry()
	b.at.SetPlaceHolder(lang.L("now, or a time such as 2026-12-01 09:00"))
	b.at.OnChanged = func(string) { b.run() }
	b.text.OnChanged = func(string) { b.run() }
	return b
}

func (b *testBench) view() fyne.CanvasObject {
	run := widget.NewButtonWithIcon(lang.L("Run the policy's examples"), theme.MediaPlayIcon(), b.runExamples)
	form := container.NewVBox(
		title(lang.L("Test bench")),
		b.text,
		container.NewBorder(nil, nil, widget.NewLabel(lang.L("As")), nil, b.role),
		container.NewBorder(nil, nil, widget.NewLabel(lang.L("On")), nil, b.network),
		container.NewBorder(nil, nil, widget.NewLabel(lang.L("When")), nil, b.at),
		container.NewHBox(run), b.examples,
	)
	return container.NewBorder(form, nil, nil, nil, b.checks.view())
}

// run checks the text for the chosen role, network and time.
func (b *testBench) run() {
	if b.text == nil || b.network == nil || b.at == nil {
		return
	}
	if b.s.state().Engine == nil {
		b.checks.showError(core.ErrNoPolicy)
		return
	}
	at, err := parseTime(b.at.Text)
	if err != nil {
		b.checks.showNote(err.Error())
		return
	}
	if at.IsZero() {
		at = b.s.now()
	}
	role := bundle.RoleEmployee
	if b.role.Selected == roleTitle(bundle.RoleAlumni) {
		role = bundle.RoleAlumni
	}
	id, err := network.Parse(b.network.Selected)
	if err != nil {
		id = network.LinkedIn
	}
	res, err := b.s.state().Engine.Check(policy.Input{Text: b.text.Text, Role: role, Network: id, At: at})
	if err != nil {
		b.checks.showError(err)
		return
	}
	b.result = res
	b.checks.show(b.text.Text, res)
}

// runExamples runs every rule's examples and lists what fails.
func (b *testBench) runExamples() {
	if b.s.state().Engine == nil {
		b.examples.SetText(lang.L("No policy is in force."))
		return
	}
	fails, ran, err := b.s.state().Engine.RunExamples()
	if err != nil {
		b.examples.SetText(err.Error())
		return
	}
	lines := []string{lang.L("{{.Ran}} examples: {{.Passed}} passed, {{.Failed}} failed.", args{"Ran": ran, "Passed": ran - len(fails), "Failed": len(fails)})}
	for _, f := range fails {
		lines = append(lines, lang.L("Line {{.Line}}: {{.Failure}}", args{"Line": f.Line, "Failure": f}))
	}
	b.examples.SetText(strings.Join(lines, "\n"))
}
