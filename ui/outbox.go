package ui

import (
	"context"
	"errors"
	"sync"

	"fyne.io/fyne/v2/lang"
	"github.com/advocate-app/advocate/advocacy/accounts"
	"github.com/advocate-app/advocate/advocacy/policy"
	"github.com/advocate-app/advocate/advocacy/share"
)

// sendContext is what the share worker needs from the session, kept behind
// a lock because the worker runs on its own goroutine: the accounts, the
// organisation's apps, the policy in force and the role.
type sendContext struct {
	mu       sync.Mutex
	accounts *accounts.Manager
	practice accounts.PracticePoster
	apps     accounts.Apps
	engine   *policy.Engine
	role     string
	archive  string // the organisation's archive endpoint, if any
}

func (c *sendContext) set(apps accounts.Apps, engine *policy.Engine, role, archive string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.apps, c.engine, c.role, c.archive = apps, engine, role, archive
}

func (c *sendContext) archiveEndpoint() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.archive
}

func (c *sendContext) snapshot() (accounts.Apps, *policy.Engine, string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.apps, c.engine, c.role
}

// PosterFor finds the poster for a share: the practice account for
// account 0, else the connected account's network client.
func (c *sendContext) PosterFor(ctx context.Context, s share.Share) (share.Poster, error) {
	if s.AccountID == 0 {
		p := c.practice
		p.Network = s.Network
		return &p, nil
	}
	list, err := c.accounts.List(ctx)
	if err != nil {
		return nil, err
	}
	apps, _, _ := c.snapshot()
	for _, a := range list {
		if a.ID == s.AccountID {
			return c.accounts.PosterFor(ctx, a, apps)
		}
	}
	return nil, errors.New(lang.L("the account this was queued for is no longer connected; connect it again under Accounts"))
}

// recheck checks a scheduled share against the policy in force when it
// is due.
func (c *sendContext) recheck(_ context.Context, s share.Share) (policy.Result, error) {
	_, engine, role := c.snapshot()
	if engine == nil {
		return policy.Result{}, errors.New(lang.L("no policy is in force"))
	}
	return engine.Check(policy.Input{Text: s.Text, Role: role, Network: s.Network})
}
