// Package core is Advocate's application core: it owns what is in force
// (one immutable snapshot), the user's workflows (put a bundle in force,
// change role, sign in, check, share), every background loop and an
// orderly shutdown. It has no user interface: the desktop window, the
// command-line tool and headless tests all drive the same core.
package core

import (
	"context"
	"log"
	"net/http"
	"os/user"
	"sync"
	"sync/atomic"
	"time"

	"github.com/advocate-app/advocate/advocacy/accounts"
	"github.com/advocate-app/advocate/advocacy/managed"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/networks/linkedin"
	"github.com/advocate-app/advocate/advocacy/networks/x"
	"github.com/advocate-app/advocate/advocacy/policy"
	"github.com/advocate-app/advocate/advocacy/share"
	"github.com/advocate-app/advocate/advocacy/store"
	"github.com/advocate-app/advocate/feeds"
)

// Config is what the composition root hands the core.
type Config struct {
	// Store is the open local database; Close closes it.
	Store *store.Store
	// Managed is what the organisation set on this computer
	// (managed.Load); nil means nothing.
	Managed *managed.Config
	// DataDir is where the data lives, for display.
	DataDir string
	// Bundle names the bundle to use ("demo", a folder or an https
	// address); empty means the one used last.
	Bundle string
	// Secrets is where account tokens are kept: the OS keyring.
	Secrets accounts.Secrets
	// HTTP is the client the network clients use; nil means their default.
	HTTP *http.Client
	// Endpoints points network clients elsewhere than the real networks
	// (for tests); nil means the real ones.
	Endpoints *Endpoints
	// Now tells the time; nil means time.Now.
	Now func() time.Time
	// AllowPrivate lists more private hosts feeds may be fetched from,
	// beyond the organisation's intranet hosts.
	AllowPrivate []string
}

// Endpoints are the networks' addresses, for tests.
type Endpoints struct {
	X        x.Endpoints
	LinkedIn linkedin.Endpoints
	// BlueskyAppView is where Bluesky posts' counts are read; empty means
	// Bluesky's public AppView.
	BlueskyAppView string
}

// Event says what changed, for a user interface to draw again.
type Event int

// What can change.
const (
	// StateChanged: the bundle in force, the role or the bundle's status.
	StateChanged Event = iota
	// NewsChanged: feeds were fetched or subscriptions changed.
	NewsChanged
	// SharesChanged: a share moved on (queued, posted, waiting …).
	SharesChanged
	// AccountsChanged: an account was connected or disconnected.
	AccountsChanged
	// Tick: a minute went by (approved items open and close with time).
	Tick
)

// Core is one running application on one data folder.
type Core struct {
	cfg      Config
	st       *store.Store
	state    atomic.Pointer[State]
	settings *settings
	news     *feeds.DB
	refresh  *feeds.Refresher
	accounts *accounts.Manager
	outbox   *share.Outbox
	worker   *share.Worker
	trail    trailAnchor
	suggest  suggester

	// life ends when Close is called; every goroutine the core starts
	// runs under it and is waited for by Close.
	life   context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu      sync.Mutex
	closing bool
	started bool
	subs    []func(Event)
	// bundleMu serialises loading bundles and changing roles.
	bundleMu sync.Mutex
}

// Open starts the core on cfg.Store: it reads the settings and puts in
// force the bundle kept from last time (or the demo), without any network
// request, so that a window can be shown at once. Start begins the
// background work, including refreshing the bundle.
func Open(ctx context.Context, cfg Config) (*Core, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	set, err := loadSettings(ctx, cfg.Store)
	if err != nil {
		return nil, err
	}
	c := &Core{cfg: cfg, st: cfg.Store, settings: set, news: feeds.NewDB(cfg.Store.DB()), trail: trailAnchor{kick: make(chan struct{}, 1)}}
	c.life, c.cancel = context.WithCancel(context.Background())
	c.refresh = &feeds.Refresher{DB: c.news, Now: c.Now, Fetcher: feeds.NewFetcher(nil)}
	c.loadRefreshEvery()
	c.accounts = &accounts.Manager{DB: cfg.Store.DB(), Secrets: cfg.Secrets}
	c.outbox = &share.Outbox{DB: cfg.Store.DB(), Now: c.Now, User: currentUser(), Fits: func(id network.ID, text string) bool {
		l, err := policy.Count(id, text)
		return err == nil && l.Valid()
	}}
	c.worker = &share.Worker{Outbox: c.outbox, Posters: posters{c}, Recheck: c.recheck}
	c.wg.Go(func() { set.run(c.life) })
	if err := c.openBundle(ctx); err != nil {
		c.cancel() // the caller closes the store it opened
		c.wg.Wait()
		return nil, err
	}
	return c, nil
}

// State is what is in force now. It never changes; a change makes a new
// one.
func (c *Core) State() *State { return c.state.Load() }

// Subscribe has f told of every change, on the goroutine that made it
// (a user interface moves it onto its own).
func (c *Core) Subscribe(f func(Event)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.subs = append(c.subs, f)
}

func (c *Core) emit(e Event) {
	c.mu.Lock()
	subs := append([]func(Event){}, c.subs...)
	c.mu.Unlock()
	for _, f := range subs {
		f(e)
	}
	select { // every event may follow a step on the audit trail
	case c.trail.kick <- struct{}{}:
	default:
	}
}

// Go runs f on a goroutine the core owns: Close cancels its context and
// waits for it. It reports false, and runs nothing, once Close has begun.
func (c *Core) Go(f func(ctx context.Context)) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closing {
		return false
	}
	c.wg.Go(func() { f(c.life) })
	return true
}

// Start begins the background work: refreshing the bundle and the news,
// sending queued shares, delivering the audit trail to the archive,
// reading back what posted shares earned, sending the weekly aggregates
// (when agreed) and the suggestions made, and following the clock. Close
// stops it.
func (c *Core) Start() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.started || c.closing {
		return
	}
	c.started = true
	for _, loop := range []func(context.Context){c.bundleLoop, c.newsLoop, c.workerLoop, c.archiveLoop, c.clockLoop, c.trailLoop, c.engagementLoop, c.metricsLoop, c.suggestLoop} {
		c.wg.Go(func() { loop(c.life) })
	}
}

// Close stops every goroutine the core started and waits for them, keeps
// the settings not yet written, and only then closes the database.
func (c *Core) Close() error {
	c.mu.Lock()
	if c.closing {
		c.mu.Unlock()
		return nil
	}
	c.closing = true
	c.mu.Unlock()
	c.cancel()
	c.wg.Wait()
	c.anchorNow(context.Background())
	if err := c.settings.flush(context.Background()); err != nil {
		log.Printf("core: %v", err)
	}
	return c.st.Close()
}

// DataDir is where the data lives.
func (c *Core) DataDir() string { return c.cfg.DataDir }

// Now tells the time.
func (c *Core) Now() time.Time { return c.cfg.Now() }

// currentUser names who is using Advocate, for the audit trail.
func currentUser() string {
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return ""
}
