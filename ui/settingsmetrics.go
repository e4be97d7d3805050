package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/core"
)

// metricsSection is the part of Settings about the weekly totals the
// organisation may receive: whether they are sent, exactly what would be
// sent next, and the identifier they carry, which the user can reset.
type metricsSection struct {
	s      *session
	about  *widget.Label
	agree  *widget.Check
	locked *widget.Label
	next   *widget.Label
	json   *widget.Label
	id     *widget.Label
	reset  *widget.Button
	// previewed, when set, runs each time the preview has been shown.
	previewed func()
}

func newMetricsSection(s *session) *metricsSection {
	m := &metricsSection{s: s, about: wrapped(""), locked: setByOrganisation(), next: wrapped(""), id: wrapped("")}
	m.json = widget.NewLabel("")
	m.json.TextStyle = fyne.TextStyle{Monospace: true}
	m.agree = widget.NewCheck("", nil)
	m.reset = widget.NewButtonWithIcon(lang.L("Reset identifier"), theme.ViewRefreshIcon(), func() {
		m.s.core.ResetMetricsInstall()
		m.refresh()
	})
	m.refresh()
	m.agree.OnChanged = func(on bool) {
		if err := m.s.core.SetMetricsAgreed(on); err != nil {
			showError(m.s.win, lang.L("Could not change the weekly totals"), err)
		}
		m.refresh()
	}
	return m
}

func (m *metricsSection) view() fyne.CanvasObject {
	return container.NewVBox(
		heading(lang.L("Measurement")),
		m.about,
		m.agree,
		m.locked,
		m.next,
		container.NewHScroll(m.json),
		container.NewBorder(nil, nil, nil, m.reset, m.id),
	)
}

// refresh shows where the weekly totals stand (from memory), then reads
// what would be sent next off the UI goroutine.
func (m *metricsSection) refresh() {
	st := m.s.core.MetricsStatus()
	org := m.s.state().Bundle.Manifest.Org.Name
	a := args{"Org": org}
	m.agree.Text = lang.L("Send weekly totals to {{.Org}}", a)
	m.agree.Checked = st.Agreed
	m.agree.Refresh()
	if st.Locked {
		m.agree.Disable()
		m.locked.Show()
	} else {
		m.locked.Hide()
	}
	m.id.SetText(lang.L("This installation's identifier: {{.ID}}. Resetting it makes the weeks sent from now on look like another computer's.", args{"ID": st.Install}))
	if st.Endpoint == "" {
		m.about.SetText(lang.L("{{.Org}} collects no weekly totals: nothing is sent.", a))
		if !st.Locked {
			m.agree.Disable()
		}
		m.next.Hide()
		m.json.Hide()
		return
	}
	if !st.Locked {
		m.agree.Enable()
	}
	m.about.SetText(lang.L("{{.Org}} asks for weekly totals: for each campaign and network, how many shares you posted and the reactions, reposts and replies they earned. Never a post, an account or a name, and practice shares never count. Once a week, only if you agree.", a))
	m.next.Show()
	m.json.Show()
	m.s.async(func(ctx context.Context) {
		p, err := m.s.core.MetricsPreview(ctx)
		fyne.Do(func() { m.showPreview(p, err) })
	})
}

func (m *metricsSection) showPreview(p core.MetricsPreview, err error) {
	if m.previewed != nil {
		defer m.previewed()
	}
	if err != nil {
		m.next.SetText(lang.L("What would be sent could not be read: {{.Error}}", args{"Error": userError(err)}))
		m.json.SetText("")
		return
	}
	a := args{"Day": day(p.Week)}
	if p.Complete {
		m.next.SetText(lang.L("Sent next, exactly as shown: the week of {{.Day}}.", a))
	} else {
		m.next.SetText(lang.L("The week of {{.Day}} so far (the weeks before it were sent); it goes when the week is over.", a))
	}
	m.json.SetText(string(p.JSON))
}
