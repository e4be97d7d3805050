package core

import (
	"context"
	"errors"
	"log"
	"time"

	"github.com/advocate-app/advocate/advocacy/accounts"
	"github.com/advocate-app/advocate/advocacy/audit"
	"github.com/advocate-app/advocate/advocacy/managed"
	"github.com/advocate-app/advocate/advocacy/policy"
	"github.com/advocate-app/advocate/advocacy/share"
	"github.com/advocate-app/advocate/feeds"
)

// settingEvery keeps how often the news is refreshed in the background.
const settingEvery = "news.every"

func (c *Core) loadRefreshEvery() {
	if d, ok := c.orgRefreshEvery(); ok {
		c.refresh.SetEvery(d)
		return
	}
	if d, err := time.ParseDuration(c.Setting(settingEvery, "")); err == nil {
		c.refresh.SetEvery(d)
	}
}

// RefreshEvery is how often the news is fetched in the background
// (feeds.Manual: only on request).
func (c *Core) RefreshEvery() time.Duration { return c.refresh.Every() }

// SetRefreshEvery sets and keeps how often the news is fetched.
func (c *Core) SetRefreshEvery(d time.Duration) {
	if c.Locked(managed.NewsRefresh) {
		return // set by the organisation; Settings shows it locked
	}
	c.refresh.SetEvery(d)
	c.SetSetting(settingEvery, d.String())
}

// newsLoop fetches the feeds that are due now and on their schedule.
func (c *Core) newsLoop(ctx context.Context) {
	c.refresh.Run(ctx, feeds.RefreshEvery, nil, func(feeds.Summary, error) { c.emit(NewsChanged) })
}

// workerLoop sends queued shares until ctx ends.
func (c *Core) workerLoop(ctx context.Context) {
	c.worker.Run(ctx, 30*time.Second, func(int, error) { c.emit(SharesChanged) })
}

// archiveLoop sends the audit trail to the organisation's archive
// endpoint, when its bundle names one, every minute until ctx ends.
func (c *Core) archiveLoop(ctx context.Context) {
	for {
		if endpoint := c.State().Bundle.Manifest.Archive; endpoint != "" {
			a := &audit.Archiver{DB: c.st.DB(), Endpoint: endpoint, HTTP: c.cfg.HTTP}
			if _, err := a.DeliverOnce(ctx); err != nil && ctx.Err() == nil {
				log.Printf("core: %v", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Minute):
		}
	}
}

// clockLoop tells subscribers each minute: approved items open and close
// for sharing with time.
func (c *Core) clockLoop(ctx context.Context) {
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			c.emit(Tick)
		}
	}
}

// posters finds the poster for each share the worker sends, from the
// state in force when it is sent.
type posters struct{ c *Core }

// ErrAccountGone says the account a share was queued for is no longer
// connected.
var ErrAccountGone = errors.New("core: the account this was queued for is no longer connected; connect it again under Accounts")

// PosterFor is the practice account for account 0, else the connected
// account's network client.
func (p posters) PosterFor(ctx context.Context, s share.Share) (share.Poster, error) {
	c := p.c
	if s.AccountID == 0 {
		return &accounts.PracticePoster{DB: c.st.DB(), Now: c.Now, Network: s.Network}, nil
	}
	list, err := c.accounts.List(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range list {
		if a.ID == s.AccountID {
			return c.accounts.PosterFor(ctx, a, c.apps(c.State()))
		}
	}
	return nil, ErrAccountGone
}

// ErrNoPolicy says no policy is in force, so nothing can be checked.
var ErrNoPolicy = errors.New("core: no policy is in force")

// recheck checks a scheduled share against the policy in force when it
// is due, by the core's clock, and puts that check on the audit trail
// beside the one made when it was queued.
func (c *Core) recheck(ctx context.Context, s share.Share) (policy.Result, error) {
	st := c.State()
	if st.Engine == nil {
		return policy.Result{}, ErrNoPolicy
	}
	res, err := st.Engine.Check(policy.Input{Text: s.Text, Role: st.Role, Network: s.Network, At: c.Now()})
	if err != nil {
		return res, err
	}
	s.PolicyVersion, s.BundleVersion = st.Policy().About.Version, st.Bundle.Manifest.Version
	rec := c.outbox.CheckRecord(s, res, st.Role, "")
	if err := c.outbox.Note(ctx, share.KindCheck, map[string]any{"share": s.ID, "due": true, "check": rec}); err != nil {
		return res, err
	}
	return res, nil
}
