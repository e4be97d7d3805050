// Package ui is Advocate's desktop interface, built with Fyne: one file per
// screen, the shell that holds them, and the session state they share.
package ui

import (
	"context"
	"errors"
	"log"
	"net/http"
	"net/url"
	"os/user"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/advocate-app/advocate/advocacy/accounts"
	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/networks/linkedin"
	"github.com/advocate-app/advocate/advocacy/networks/x"
	"github.com/advocate-app/advocate/advocacy/org"
	"github.com/advocate-app/advocate/advocacy/policy"
	"github.com/advocate-app/advocate/advocacy/share"
	"github.com/advocate-app/advocate/advocacy/store"
	"github.com/advocate-app/advocate/feeds"
)

// Settings keys in the store.
const (
	settingRole = "role"
)

// Env is what the composition root hands the interface: the open store, the
// organisation bundle in force and where the data lives.
type Env struct {
	Store *store.Store
	// InForce is the verified organisation bundle and its policy.
	InForce org.InForce
	DataDir string
	// Now tells the time; nil means time.Now.
	Now func() time.Time
	// AutoRefresh refreshes the news feeds in the background on a schedule.
	AutoRefresh bool
	// AllowPrivate lists more private hosts feeds may be fetched from,
	// beyond the organisation's intranet hosts.
	AllowPrivate []string
	// Secrets is where account tokens are kept: the OS keyring.
	Secrets accounts.Secrets
	// HTTP is the client the network clients use; nil means their default.
	HTTP *http.Client
	// Endpoints points network clients elsewhere than the real networks
	// (for tests); nil means the real ones.
	Endpoints *Endpoints
}

// Endpoints are the networks' addresses, for tests.
type Endpoints struct {
	X        x.Endpoints
	LinkedIn linkedin.Endpoints
}

// session is the state the screens share. It is touched only on the Fyne
// goroutine; background work hands its results over with fyne.Do.
type session struct {
	app       fyne.App
	win       fyne.Window
	env       Env
	role      string
	bundle    *bundle.Bundle
	policy    *policy.Policy
	engine    *policy.Engine
	policyErr error
	listeners []func()
	compose   func(draft)
	showTab   func(int)
	news      *feeds.DB
	refresher *feeds.Refresher
	// reload loads the bundle in force again, for the current role.
	reload func()
	// async runs work off the UI goroutine; its results come back with
	// fyne.Do. Tests run it in place, since the test driver runs fyne.Do
	// on the calling goroutine.
	async func(func())
	// after runs f off the UI goroutine after d, unless stop is called
	// first. Tests run it in place at once.
	after    func(d time.Duration, f func()) (stop func())
	accounts *accounts.Manager
	outbox   *share.Outbox
	worker   *share.Worker
	sending  *sendContext
	// openURL opens an address in the browser; tests replace it.
	openURL func(*url.URL) error
}

// draft is text handed to the Compose screen, from approved content, a news
// item or nothing.
type draft struct {
	network   string
	text      string
	locked    []string
	origin    string
	campaign  string
	contentID string
}

func newSession(a fyne.App, w fyne.Window, env Env) *session {
	if env.Now == nil {
		env.Now = time.Now
	}
	s := &session{app: a, win: w, env: env, role: bundle.RoleEmployee, news: feeds.NewDB(env.Store.DB())}
	s.refresher = &feeds.Refresher{DB: s.news, Now: env.Now, Fetcher: feeds.NewFetcher(nil)}
	s.loadRefreshEvery()
	s.accounts = &accounts.Manager{DB: env.Store.DB(), Secrets: env.Secrets}
	s.openURL = a.OpenURL
	s.async = func(f func()) { go f() }
	s.after = func(d time.Duration, f func()) func() {
		t := time.AfterFunc(d, f)
		return func() { t.Stop() }
	}
	s.outbox = &share.Outbox{DB: env.Store.DB(), Now: env.Now, User: currentUser(), Fits: func(network, text string) bool {
		l, err := policy.Count(network, text)
		return err == nil && l.Valid()
	}}
	s.sending = &sendContext{accounts: s.accounts, practice: accounts.PracticePoster{DB: env.Store.DB(), Now: env.Now}}
	s.worker = &share.Worker{Outbox: s.outbox, Posters: s.sending, Recheck: s.sending.recheck}
	if role, err := env.Store.Setting(context.Background(), settingRole, bundle.RoleEmployee); err == nil {
		s.role = role
	}
	s.setBundle(env.InForce)
	return s
}

// onChange registers f to run after the role or the bundle changes.
func (s *session) onChange(f func()) { s.listeners = append(s.listeners, f) }

func (s *session) changed() {
	for _, f := range s.listeners {
		f()
	}
}

func (s *session) setBundle(in org.InForce) {
	s.bundle, s.engine, s.policy, s.policyErr = in.Bundle, in.Engine, nil, nil
	s.refresher.Fetcher.SetAllowed(append(org.FetchPermissions(in), s.env.AllowPrivate...))
	if err := org.SyncFeeds(context.Background(), s.news, in.Bundle, s.env.Now()); err != nil {
		log.Printf("advocate: news feeds of the bundle: %v", err)
	}
	if s.engine != nil {
		s.policy = s.engine.Policy
	} else {
		s.policyErr = errors.New(lang.L("no policy is in force"))
	}
	s.sending.set(s.apps(), s.engine, s.role, s.bundle.Manifest.Archive)
}

// useBundle puts a newly loaded bundle in force, remembers where it came
// from and the key it was checked with, and records the change.
func (s *session) useBundle(in org.InForce, ref, key string) {
	ctx := context.Background()
	s.setBundle(in)
	b := in.Bundle
	s.env.Store.SetSetting(ctx, org.SettingSource, ref)
	s.env.Store.SetSetting(ctx, org.SettingKey, key)
	s.env.Store.SetSetting(ctx, "bundle_since", s.env.Now().UTC().Format(time.RFC3339))
	s.outbox.Note(ctx, "bundle", map[string]string{"org": b.Manifest.Org.Name, "version": b.Manifest.Version, "source": b.Source, "key": b.KeyID, "policy_version": s.policy.About.Version})
	// A bundle published for one audience only sets the role.
	if aud := b.Manifest.Audiences; len(aud) == 1 && aud[0] != s.role {
		s.setRole(aud[0])
	}
	s.record("bundle", LoadedNote(b))
	s.changed()
}

func (s *session) setRole(role string) {
	if role == s.role {
		return
	}
	prev := s.role
	s.role = role
	if role == bundle.RoleAlumni {
		s.purge(prev)
	}
	if s.reload != nil {
		defer s.reload()
	}
	s.sending.set(s.apps(), s.engine, s.role, s.bundle.Manifest.Archive)
	s.env.Store.SetSetting(context.Background(), settingRole, role)
	s.outbox.Note(context.Background(), "role", map[string]string{"role": role})
	s.record("role", lang.L("Role set to {{.Role}}", args{"Role": roleTitle(role)}))
	s.changed()
}

// record adds a line to the activity log; a failure to write it is shown,
// since the log is the user's record of what they did.
func (s *session) record(kind, summary string) {
	if err := s.env.Store.AddActivity(context.Background(), s.env.Now(), kind, summary); err != nil {
		showError(s.win, lang.L("Could not record activity"), err)
	}
}

// purge removes from this computer what the new role may not keep: on a
// switch to alumni, content meant for employees — in memory, in the kept
// copy of the bundle and in the news store — and records it.
func (s *session) purge(from string) {
	ctx := context.Background()
	in, removed, err := org.Purge(ctx, s.env.Store, s.news, org.InForce{Bundle: s.bundle, Engine: s.engine}, from, s.role)
	s.bundle = in.Bundle
	if err != nil {
		showError(s.win, lang.L("Could not remove all employee content"), errors.New(lang.L("{{.Error}}; quit Advocate and delete its data folder to be sure", args{"Error": err})))
	}
	s.outbox.Note(ctx, "purge", map[string]any{"from": from, "to": s.role, "items_removed": removed})
	s.record("purge", lang.N("Removed {{.Count}} items meant for employees from this computer", removed, args{"Count": removed}))
}

// currentUser names who is using Advocate, for the audit trail.
func currentUser() string {
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return ""
}

func roleTitle(role string) string {
	if role == bundle.RoleAlumni {
		return lang.L("Alumni")
	}
	return lang.L("Employee")
}

// LoadedNote is the activity log's line for a bundle put in force.
func LoadedNote(b *bundle.Bundle) string {
	return lang.L("Loaded {{.Org}} bundle {{.Version}} from {{.Source}}", args{"Org": b.Manifest.Org.Name, "Version": b.Manifest.Version, "Source": b.Source})
}
