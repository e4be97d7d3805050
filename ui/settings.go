package ui

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/appinfo"
	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/policy"
)

// bundleLoadTimeout bounds loading a bundle chosen in Settings.
const bundleLoadTimeout = time.Minute

// settingsScreen holds the user's role, the organisation bundle in use and
// facts about this installation.
type settingsScreen struct {
	s        *session
	role     *widget.RadioGroup
	current  *widget.Label
	ref      *widget.Entry
	load     *widget.Button
	progress *widget.ProgressBarInfinite
	status   *widget.Label
	cancel   context.CancelFunc
	// finished, when set, runs after each load has ended and the screen
	// shows its outcome.
	finished func()
}

func newSettingsScreen(s *session) *settingsScreen {
	st := &settingsScreen{s: s, current: wrapped(""), status: wrapped("")}
	st.role = widget.NewRadioGroup([]string{"Employee", "Alumni"}, func(choice string) {
		if choice == "Alumni" {
			s.setRole(bundle.RoleAlumni)
		} else if choice == "Employee" {
			s.setRole(bundle.RoleEmployee)
		}
	})
	st.role.Required = true
	st.role.Horizontal = true
	st.role.SetSelected(roleTitle(s.role))
	st.ref = widget.NewEntry()
	st.ref.SetPlaceHolder("A folder on this computer, or an https:// address")
	st.ref.OnSubmitted = func(string) { st.start(st.ref.Text) }
	st.load = widget.NewButtonWithIcon("Load", theme.DownloadIcon(), func() { st.start(st.ref.Text) })
	st.progress = widget.NewProgressBarInfinite()
	st.progress.Hide()
	st.progress.Stop()
	s.onChange(st.refresh)
	st.refresh()
	return st
}

func (st *settingsScreen) view() fyne.CanvasObject {
	demo := widget.NewButton("Use the demo organisation", func() { st.start(bundle.DemoRef) })
	form := container.NewVBox(
		heading("Your role"),
		wrapped("Alumni see alumni news, jobs and events; employees see the company's approved content."),
		st.role,
		widget.NewSeparator(),
		heading("Organisation bundle"),
		st.current,
		container.NewBorder(nil, nil, nil, st.load, st.ref),
		st.progress,
		st.status,
		container.NewHBox(demo),
		widget.NewSeparator(),
		heading("This installation"),
		wrapped(fmt.Sprintf("%s %s\nData folder: %s\nKeyboard: Ctrl+1 … Ctrl+7 switch screens, Ctrl+Q quits.",
			appinfo.Name, appinfo.Version, st.s.env.DataDir)),
	)
	return container.NewVScroll(container.NewPadded(form))
}

func (st *settingsScreen) refresh() {
	b := st.s.bundle
	m := b.Manifest
	st.current.SetText(fmt.Sprintf("%s, version %s, published %s, from %s.", m.Org.Name, m.Version, day(m.Published), b.Source))
	st.role.SetSelected(roleTitle(st.s.role))
}

// start loads the bundle ref names in the background; the bundle in force
// stays until the new one has loaded and checked out.
func (st *settingsScreen) start(ref string) {
	src, err := bundle.Open(ref)
	if err != nil {
		st.status.SetText(err.Error())
		return
	}
	if st.cancel != nil {
		st.cancel()
	}
	ctx, cancel := context.WithTimeout(context.Background(), bundleLoadTimeout)
	st.cancel = cancel
	st.load.Disable()
	st.progress.Show()
	st.progress.Start()
	st.status.SetText("Loading " + src.String() + " …")
	go func() {
		b, err := src.Load(ctx)
		if err == nil {
			// A bundle whose policy cannot be used is refused whole.
			_, err = policy.Load(b.Manifest.Policy, b.Policy)
		}
		fyne.Do(func() { st.finish(ctx, cancel, b, err) })
	}()
}

func (st *settingsScreen) finish(ctx context.Context, cancel context.CancelFunc, b *bundle.Bundle, err error) {
	defer cancel()
	if st.finished != nil {
		defer st.finished()
	}
	if ctx.Err() == context.Canceled {
		return // a newer load replaced this one
	}
	st.cancel = nil
	st.progress.Stop()
	st.progress.Hide()
	st.load.Enable()
	if err != nil {
		st.status.SetText(fmt.Sprintf("Not loaded, %s stays in force: %v", st.s.bundle.Manifest.Org.Name, err))
		return
	}
	st.status.SetText(fmt.Sprintf("Loaded %s %s.", b.Manifest.Org.Name, b.Manifest.Version))
	st.s.useBundle(b)
}
