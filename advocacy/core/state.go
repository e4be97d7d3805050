package core

import (
	"errors"
	"time"

	"github.com/advocate-app/advocate/advocacy/accounts"
	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/networks/linkedin"
	"github.com/advocate-app/advocate/advocacy/networks/x"
	"github.com/advocate-app/advocate/advocacy/policy"
)

// State is what is in force: the organisation's bundle and policy, the
// user's role and where the bundle came from. A State is never changed;
// the user interface and the background work read the same one.
type State struct {
	// Bundle is the verified bundle in force, already narrowed to Role's
	// audience.
	Bundle *bundle.Bundle
	// Engine checks posts against the bundle's policy.
	Engine *policy.Engine
	// Role is the user's role: bundle.RoleEmployee or bundle.RoleAlumni.
	Role string
	// Ref and Key are the bundle the user chose and its publisher key;
	// the bundle in force may be another (the demo) while Problem says why.
	Ref, Key string
	// Since is when this bundle came into force on this computer.
	Since time.Time
	// Problem, when set, says why the bundle in force is not a fresh copy
	// of the one chosen: not loaded yet (ErrNotLoadedYet), or the last
	// refresh failed.
	Problem error
	// Trail, when set, says the audit trail lost or changed records since
	// Advocate last saw it (it matches ErrTrailBroken).
	Trail error
}

// Loading reports whether the chosen bundle, of which no copy is kept, is
// still being fetched for the first time.
func (s *State) Loading() bool { return errors.Is(s.Problem, ErrNotLoadedYet) }

// Policy is the policy in force.
func (s *State) Policy() *policy.Policy { return s.Engine.Policy }

// Demo reports whether the demo organisation is in force.
func (s *State) Demo() bool { return s.Bundle.Source == bundle.DemoRef }

func (s *State) with(f func(*State)) *State {
	n := *s
	f(&n)
	return &n
}

// apps are the organisation's network apps for st's bundle.
func (c *Core) apps(st *State) accounts.Apps {
	e := Endpoints{X: x.Production, LinkedIn: linkedin.Production}
	if c.cfg.Endpoints != nil {
		e = *c.cfg.Endpoints
	}
	n := st.Bundle.Manifest.Networks
	return accounts.Apps{
		X:        x.App{ConsumerKey: n.X.ConsumerKey, ConsumerSecret: n.X.ConsumerSecret, Endpoints: e.X, HTTP: c.cfg.HTTP},
		LinkedIn: linkedin.App{ClientID: n.LinkedIn.ClientID, Endpoints: e.LinkedIn, HTTP: c.cfg.HTTP},
		HTTP:     c.cfg.HTTP,
	}
}
