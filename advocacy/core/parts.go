package core

import (
	"github.com/advocate-app/advocate/advocacy/accounts"
	"github.com/advocate-app/advocate/advocacy/share"
	"github.com/advocate-app/advocate/advocacy/store"
)

// Parts are the core's inner parts, for tests and headless tools that
// look below the workflows. The desktop interface never uses them (a fence
// test in ui checks it).
type Parts struct {
	Store    *store.Store
	Outbox   *share.Outbox
	Worker   *share.Worker
	Accounts *accounts.Manager
	// Config is the core's configuration; a test may change its clock or
	// its HTTP client while no background loop runs.
	Config *Config
}

// Parts returns the core's inner parts.
func (c *Core) Parts() Parts {
	return Parts{Store: c.st, Outbox: c.outbox, Worker: c.worker, Accounts: c.accounts, Config: &c.cfg}
}
