// Package ui is Advocate's desktop interface, built with Fyne: one file per
// screen, the shell that holds them, and the session state they share. It
// draws what the application core (advocacy/core) holds and calls the
// core's workflows; it does no I/O of its own.
package ui

import (
	"context"
	"net/url"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/network"
)

// session is what the screens share: the window and the application core.
// It is touched only on the Fyne goroutine; background work hands its
// results over with fyne.Do.
type session struct {
	app       fyne.App
	win       fyne.Window
	core      *core.Core
	listeners []func()
	compose   func(draft)
	showTab   func(int)
	// async runs work off the UI goroutine, on a goroutine the core owns
	// (so that quitting waits for it); its results come back with
	// fyne.Do. Tests run it in place, since the test driver runs fyne.Do
	// on the calling goroutine.
	async func(func(ctx context.Context))
	// after runs f off the UI goroutine after d, unless stop is called
	// first. Tests run it in place at once.
	after func(d time.Duration, f func()) (stop func())
	// dropDraft, set by Compose, empties its draft when employeeOnly says
	// the approved item it came from is for employees only.
	dropDraft func(employeeOnly func(contentID string) bool)
	// openURL opens an address in the browser; tests replace it.
	openURL func(*url.URL) error
}

// runInPlace, set by the tests, runs the screens' background work in
// place from the start: Fyne's test driver runs fyne.Do on the calling
// goroutine.
var runInPlace bool

// draft is text handed to the Compose screen, from approved content, a news
// item or nothing.
type draft struct {
	network network.ID
	// networks, when set, are the networks a restored draft was for.
	networks []network.ID
	// restored marks a kept draft brought back, whose text may be the
	// user's own: original is the caption it started from, if any.
	restored  bool
	original  string
	text      string
	locked    []string
	origin    string
	campaign  string
	contentID string
}

func newSession(a fyne.App, w fyne.Window, c *core.Core) *session {
	s := &session{app: a, win: w, core: c}
	s.openURL = a.OpenURL
	s.async = func(f func(context.Context)) { c.Go(f) }
	if runInPlace {
		s.async = func(f func(context.Context)) { f(context.Background()) }
	}
	s.after = func(d time.Duration, f func()) func() {
		t := time.AfterFunc(d, f)
		return func() { t.Stop() }
	}
	return s
}

// state is what is in force now.
func (s *session) state() *core.State { return s.core.State() }

// now tells the time.
func (s *session) now() time.Time { return s.core.Now() }

// onChange registers f to run after the role or the bundle changes.
func (s *session) onChange(f func()) { s.listeners = append(s.listeners, f) }

func (s *session) changed() {
	for _, f := range s.listeners {
		f()
	}
}

// setRole changes the role off the UI goroutine; the screens follow when
// the core says the state changed.
func (s *session) setRole(role string) {
	if role == s.state().Role {
		return
	}
	s.act(lang.L("Could not change the role"), func(ctx context.Context) error {
		_, err := s.core.SetRole(ctx, role)
		return err
	}, nil)
}

// act runs do off the UI goroutine; back on it, do's error is shown under
// title, or else done runs, when set.
func (s *session) act(title string, do func(context.Context) error, done func()) {
	s.async(func(ctx context.Context) {
		err := do(ctx)
		if err == nil && done == nil {
			return
		}
		fyne.Do(func() {
			if err != nil {
				showError(s.win, title, err)
			} else {
				done()
			}
		})
	})
}

func roleTitle(role string) string {
	if role == bundle.RoleAlumni {
		return lang.L("Alumni")
	}
	return lang.L("Employee")
}
