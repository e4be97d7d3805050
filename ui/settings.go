package ui

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/appinfo"
	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/managed"
)

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
	// records says what came of an export of the audit trail.
	records *widget.Label
	metrics *metricsSection
	cancel  context.CancelFunc
	// finished, when set, runs after each load has ended and the screen
	// shows its outcome.
	finished func()
}

func newSettingsScreen(s *session) *settingsScreen {
	st := &settingsScreen{s: s, current: wrapped(""), status: wrapped(""), records: wrapped("")}
	st.status.Hide()
	st.records.Hide()
	st.role = widget.NewRadioGroup([]string{roleTitle(bundle.RoleEmployee), roleTitle(bundle.RoleAlumni)}, func(choice string) {
		for _, role := range []string{bundle.RoleEmployee, bundle.RoleAlumni} {
			if choice == roleTitle(role) {
				st.chooseRole(role)
			}
		}
	})
	st.role.Required = true
	st.role.Horizontal = true
	st.role.SetSelected(roleTitle(s.state().Role))
	st.ref = widget.NewEntry()
	st.ref.SetPlaceHolder(lang.L("A folder on this computer, or an https:// address"))
	st.ref.OnSubmitted = func(string) { st.start(st.ref.Text, st.key.Text) }
	st.key = widget.NewEntry()
	st.key.SetPlaceHolder(lang.L("Publisher key: the organisation's minisign public key (RW…)"))
	st.key.SetText(strings.TrimSpace(s.state().Key))
	if ref := s.state().Ref; ref != bundle.DemoRef {
		st.ref.SetText(ref)
	}
	st.key.OnSubmitted = func(string) { st.start(st.ref.Text, st.key.Text) }
	st.load = widget.NewButtonWithIcon(lang.L("Load"), theme.DownloadIcon(), func() { st.start(st.ref.Text, st.key.Text) })
	st.progress = widget.NewProgressBarInfinite()
	st.progress.Hide()
	st.progress.Stop()
	st.metrics = newMetricsSection(s)
	s.onChange(st.refresh)
	s.onChange(st.metrics.refresh)
	st.refresh()
	return st
}

func (st *settingsScreen) view() fyne.CanvasObject {
	demo := widget.NewButton(lang.L("Use the demo organisation"), func() { st.start(bundle.DemoRef, "") })
	appearance := newAppearanceChoice(st.s)
	every := newRefreshChoice(st.s)
	export := widget.NewButtonWithIcon(lang.L("Export the audit trail…"), theme.DocumentSaveIcon(), st.exportAudit)
	notify := widget.NewCheck(lang.L("Tell me when new approved content is ready to share"), nil)
	notify.SetChecked(st.s.notifying())
	notify.OnChanged = func(on bool) {
		if err := st.s.core.SetNotifying(on); err != nil {
			notify.SetChecked(st.s.notifying()) // the organisation decides
		}
	}
	notes := st.lockTo(every, demo, notify)
	form := container.NewVBox(
		heading(lang.L("Your role")),
		wrapped(lang.L("Alumni see alumni news, jobs and events; employees see the company's approved content.")),
		st.role,
		noteOr(notes, managed.Role),
		widget.NewSeparator(),
		heading(lang.L("Organisation bundle")),
		st.current,
		noteOr(notes, managed.BundleURL),
		container.NewBorder(nil, nil, nil, st.load, container.NewVBox(st.ref, st.key)),
		wrapped(lang.L("Every file of a bundle must carry a valid signature by the publisher key; a bundle that fails is refused and the one in force stays.")),
		st.progress,
		st.status,
		container.NewHBox(demo),
		widget.NewSeparator(),
		heading(lang.L("News")),
		wrapped(lang.L("How often Advocate fetches your news feeds in the background. Feeds that ask for a pause get it; Ctrl+R refreshes now.")),
		container.NewHBox(atLeast(260, every)),
		noteOr(notes, managed.NewsRefresh),
		widget.NewSeparator(),
		heading(lang.L("Notifications")),
		notify,
		noteOr(notes, managed.Notifications),
		widget.NewSeparator(),
		st.metrics.view(),
		widget.NewSeparator(),
		heading(lang.L("Appearance")),
		appearance,
		widget.NewSeparator(),
		heading(lang.L("Records")),
		wrapped(lang.L("Everything you check, override and share is kept in a tamper-evident audit trail on this computer. Export it as CSV or JSON lines (.jsonl); advocatectl audit verify --export checks an export.")),
		container.NewHBox(export),
		st.records,
		widget.NewSeparator(),
		heading(lang.L("This installation")),
		wrapped(lang.L("{{.App}} {{.Version}}\nData folder: {{.Folder}}\nKeyboard: Ctrl+1 … Ctrl+7 switch screens, Ctrl+N new post, Ctrl+Shift+S suggest a post, Ctrl+R refresh the news, Ctrl+F search the news, Ctrl+Q quits.",
			args{"App": appinfo.Name, "Version": appinfo.Version, "Folder": st.s.core.DataDir()})),
	)
	return container.NewVScroll(container.NewPadded(form))
}

func (st *settingsScreen) refresh() {
	b := st.s.state().Bundle
	m := b.Manifest
	a := args{"Org": m.Org.Name, "Version": m.Version, "Day": day(m.Published), "Source": b.Source, "Key": b.KeyID}
	if b.FromCache {
		st.current.SetText(lang.L("{{.Org}}, version {{.Version}}, published {{.Day}}, from {{.Source}} (the copy kept from the last successful refresh), signed by key {{.Key}}.", a))
	} else {
		st.current.SetText(lang.L("{{.Org}}, version {{.Version}}, published {{.Day}}, from {{.Source}}, signed by key {{.Key}}.", a))
	}
	st.role.SetSelected(roleTitle(st.s.state().Role))
}

// start loads the bundle ref names in the background and checks it with
// the publisher key; the bundle in force stays until the new one has
// loaded and checked out.
func (st *settingsScreen) start(ref, keyText string) {
	st.startWith(ref, keyText, st.s.core.LoadBundle)
}

// startWith is start with the core's loader: LoadBundle, or AcceptKey
// once the user confirmed a new publisher key.
func (st *settingsScreen) startWith(ref, keyText string, loader func(ctx context.Context, ref, keyText string) (*core.State, error)) {
	ref = strings.TrimSpace(ref)
	if err := core.CheckBundle(ref, keyText); err != nil {
		say(st.status, userError(err))
		return
	}
	if st.cancel != nil {
		st.cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	st.cancel = cancel
	st.load.Disable()
	st.progress.Show()
	st.progress.Start()
	say(st.status, lang.L("Loading and checking {{.Source}} …", args{"Source": ref}))
	org := st.s.state().Bundle.Manifest.Org.Name
	st.s.async(func(life context.Context) {
		stop := context.AfterFunc(life, cancel)
		defer stop()
		now, err := loader(ctx, ref, keyText)
		fyne.Do(func() {
			var changed *core.KeyChangedError
			if errors.As(err, &changed) {
				st.finish(ctx, cancel, now, org, nil)
				st.confirmKey(ref, keyText, changed)
				return
			}
			st.finish(ctx, cancel, now, org, err)
		})
	})
}

func (st *settingsScreen) finish(ctx context.Context, cancel context.CancelFunc, now *core.State, org string, err error) {
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
		say(st.status, lang.L("Not loaded, {{.Org}} stays in force: {{.Error}}", args{"Org": org, "Error": userError(err)}))
		return
	}
	b := now.Bundle
	say(st.status, lang.L("Loaded {{.Org}} {{.Version}}; every signature checked.", args{"Org": b.Manifest.Org.Name, "Version": b.Manifest.Version}))
}

// confirmKey asks before loading a bundle with another publisher key than
// the one it was first loaded with: whoever holds the key decides the
// policy the user is held to.
func (st *settingsScreen) confirmKey(ref, keyText string, changed *core.KeyChangedError) {
	say(st.status, lang.L("Not loaded yet: the publisher key changed."))
	d := dialog.NewConfirm(lang.L("A new publisher key"),
		lang.L("{{.Source}} was signed with publisher key {{.Pinned}} until now; this key is {{.Offered}}. Accept it only if your organisation told you its key changed: whoever holds the key decides the policy you share under. The change goes on the audit trail.",
			args{"Source": changed.Source, "Pinned": changed.Pinned, "Offered": changed.Offered}), func(ok bool) {
			if ok {
				st.startWith(ref, keyText, st.s.core.AcceptKey)
			} else {
				say(st.status, lang.L("The new key was not accepted; the bundle in force stays."))
			}
		}, st.s.win)
	d.SetConfirmText(lang.L("Accept the new key"))
	d.Show()
}

// exportAudit asks where to write the audit trail, and writes it there.
func (st *settingsScreen) exportAudit() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		st.exportTo(w)
	}, st.s.win)
	d.SetFileName("advocate-audit.csv")
	d.Show()
}

// exportTo writes the audit trail to w, off the UI goroutine: CSV when its
// name ends in .csv, JSON lines otherwise. What came of it is said under
// Records, where the export was asked for.
func (st *settingsScreen) exportTo(w fyne.URIWriteCloser) {
	say(st.records, lang.L("Exporting the audit trail…"))
	st.s.async(func(ctx context.Context) {
		n, err := st.s.core.ExportAudit(ctx, w, strings.HasSuffix(strings.ToLower(w.URI().Name()), ".csv"))
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		fyne.Do(func() {
			if err != nil {
				say(st.records, "")
				showError(st.s.win, lang.L("Could not export the audit trail"), err)
				return
			}
			say(st.records, lang.N("Exported {{.Count}} audit records to {{.File}}.", n, args{"Count": n, "File": w.URI().Name()}))
		})
	})
}
