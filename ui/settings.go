package ui

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/appinfo"
	"github.com/advocate-app/advocate/advocacy/audit"
	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/org"
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
	key      *widget.Entry
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
	st.ref.OnSubmitted = func(string) { st.start(st.ref.Text, st.key.Text) }
	st.key = widget.NewEntry()
	st.key.SetPlaceHolder("Publisher key: the organisation's minisign public key (RW…)")
	if saved, err := s.env.Store.Setting(context.Background(), org.SettingKey, ""); err == nil {
		st.key.SetText(strings.TrimSpace(saved))
	}
	st.key.OnSubmitted = func(string) { st.start(st.ref.Text, st.key.Text) }
	st.load = widget.NewButtonWithIcon(lang.L("Load"), theme.DownloadIcon(), func() { st.start(st.ref.Text, st.key.Text) })
	st.progress = widget.NewProgressBarInfinite()
	st.progress.Hide()
	st.progress.Stop()
	s.onChange(st.refresh)
	st.refresh()
	return st
}

func (st *settingsScreen) view() fyne.CanvasObject {
	demo := widget.NewButton(lang.L("Use the demo organisation"), func() { st.start(bundle.DemoRef, "") })
	saved, _ := st.s.env.Store.Setting(context.Background(), "appearance", appearanceSystem)
	appearance := widget.NewRadioGroup([]string{appearanceSystem, appearanceLight, appearanceDark}, nil)
	appearance.Horizontal, appearance.Required = true, true
	appearance.SetSelected(saved)
	appearance.OnChanged = st.s.applyAppearance
	every := widget.NewSelect(refreshLabels(), nil)
	every.SetSelected(st.s.refreshLabel())
	every.OnChanged = st.s.setRefreshEvery
	export := widget.NewButtonWithIcon(lang.L("Export the audit trail…"), theme.DocumentSaveIcon(), st.exportAudit)
	form := container.NewVBox(
		heading(lang.L("Your role")),
		wrapped("Alumni see alumni news, jobs and events; employees see the company's approved content."),
		st.role,
		widget.NewSeparator(),
		heading(lang.L("Organisation bundle")),
		st.current,
		container.NewBorder(nil, nil, nil, st.load, container.NewVBox(st.ref, st.key)),
		wrapped("Every file of a bundle must carry a valid signature by the publisher key; a bundle that fails is refused and the one in force stays."),
		st.progress,
		st.status,
		container.NewHBox(demo),
		widget.NewSeparator(),
		heading(lang.L("News")),
		wrapped("How often Advocate fetches your news feeds in the background. Feeds that ask for a pause get it; Ctrl+R refreshes now."),
		container.NewHBox(every),
		widget.NewSeparator(),
		heading(lang.L("Appearance")),
		appearance,
		widget.NewSeparator(),
		heading(lang.L("Records")),
		wrapped("Everything you check, override and share is kept in a tamper-evident audit trail on this computer. Export it as CSV or JSON lines (.jsonl); advocatectl audit verify --export checks an export."),
		container.NewHBox(export),
		widget.NewSeparator(),
		heading(lang.L("This installation")),
		wrapped(fmt.Sprintf("%s %s\nData folder: %s\nKeyboard: Ctrl+1 … Ctrl+7 switch screens, Ctrl+N new post, Ctrl+R refresh the news, Ctrl+F search the news, Ctrl+Q quits.",
			appinfo.Name, appinfo.Version, st.s.env.DataDir)),
	)
	return container.NewVScroll(container.NewPadded(form))
}

func (st *settingsScreen) refresh() {
	b := st.s.bundle
	m := b.Manifest
	kept := ""
	if b.FromCache {
		kept = " (the copy kept from the last successful refresh)"
	}
	st.current.SetText(fmt.Sprintf("%s, version %s, published %s, from %s%s, signed by key %s.", m.Org.Name, m.Version, day(m.Published), b.Source, kept, b.KeyID))
	st.role.SetSelected(roleTitle(st.s.role))
}

// start loads the bundle ref names in the background and checks it with
// the publisher key; the bundle in force stays until the new one has
// loaded and checked out.
func (st *settingsScreen) start(ref, keyText string) {
	ref = strings.TrimSpace(ref)
	src, err := bundle.Open(ref)
	if err != nil {
		st.status.SetText(err.Error())
		return
	}
	key, err := org.Key(ref, keyText)
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
	st.status.SetText("Loading and checking " + src.String() + " …")
	store, role := st.s.env.Store, st.s.role
	st.s.async(func() {
		in, err := org.Refresh(ctx, store, ref, key, role)
		fyne.Do(func() { st.finish(ctx, cancel, in, ref, keyText, err) })
	})
}

func (st *settingsScreen) finish(ctx context.Context, cancel context.CancelFunc, in org.InForce, ref, keyText string, err error) {
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
	b := in.Bundle
	st.status.SetText(fmt.Sprintf("Loaded %s %s; every signature checked.", b.Manifest.Org.Name, b.Manifest.Version))
	st.s.useBundle(in, ref, keyText)
}

// exportAudit writes the audit trail to a file the user chooses: CSV when
// its name ends in .csv, JSON lines otherwise.
func (st *settingsScreen) exportAudit() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		defer w.Close()
		n, err := st.writeAudit(w, strings.HasSuffix(strings.ToLower(w.URI().Name()), ".csv"))
		if err != nil {
			showError(st.s.win, "Could not export the audit trail", err)
			return
		}
		st.status.SetText(fmt.Sprintf("Exported %d audit records to %s.", n, w.URI().Name()))
	}, st.s.win)
	d.SetFileName("advocate-audit.csv")
	d.Show()
}

func (st *settingsScreen) writeAudit(w io.Writer, asCSV bool) (int, error) {
	if asCSV {
		return audit.ExportCSV(context.Background(), st.s.env.Store.DB(), w)
	}
	return audit.ExportJSONL(context.Background(), st.s.env.Store.DB(), w)
}
