package core

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/managed"
	"github.com/advocate-app/advocate/advocacy/org"
)

// Settings keys the core keeps.
const (
	settingRole   = "role"
	settingSince  = "bundle_since"
	settingSeen   = "bundle_seen"
	bundleTimeout = time.Minute
	bundleEvery   = time.Hour
)

// ErrNotLoadedYet is the Problem while the chosen bundle, of which no copy
// is kept, is fetched for the first time.
var ErrNotLoadedYet = errors.New("core: the organisation's bundle has not been loaded yet")

// openBundle puts in force, without any network request, the copy of the
// chosen bundle kept from last time, or the demo meanwhile; when the
// organisation enforces the bundle, its stand-in (awaiting) instead.
func (c *Core) openBundle(ctx context.Context) error {
	// The organisation's enforced settings win over the user's and the
	// command line; its recommended ones fill in what the user has not set.
	role := c.orgSetting(managed.Role, settingRole, bundle.RoleEmployee)
	ref := c.cfg.Bundle
	if _, enforced := orgValue(c.Managed().Enforced, managed.BundleURL); enforced || ref == "" {
		ref = c.orgSetting(managed.BundleURL, org.SettingSource, bundle.DemoRef)
	}
	keyText := c.orgSetting(managed.PublisherKeys, org.SettingKey, "")
	st := &State{Role: role, Ref: ref, Key: keyText}
	key, err := c.keyFor(ctx, ref, keyText, false)
	var in org.InForce
	if err == nil {
		in, err = org.Kept(ctx, c.st, ref, key, role)
	}
	switch {
	case errors.Is(err, org.ErrNotKept):
		st.Problem = ErrNotLoadedYet
	case err != nil:
		st.Problem = err
	}
	if _, enforced := orgValue(c.Managed().Enforced, managed.BundleURL); in.Bundle == nil && enforced && ref != bundle.DemoRef {
		// The organisation chose: its own name, not the demo, until its
		// bundle arrives.
		if in, err = awaiting(ref); err != nil {
			return fmt.Errorf("core: %w", err)
		}
		st.Bundle, st.Engine = in.Bundle, in.Engine
		c.state.Store(st)
		c.syncBundleFeeds(ctx, st)
		return nil
	}
	if in.Bundle == nil {
		var demoErr error
		if in, demoErr = org.Fetch(ctx, bundle.DemoRef, bundle.DemoKey(), role); demoErr != nil {
			// Only a broken build gets here: the demo is part of the program.
			return fmt.Errorf("core: the built-in demo bundle: %w", demoErr)
		}
	}
	st.Bundle, st.Engine = in.Bundle, in.Engine
	st.Since = c.noteInForce(ctx, in)
	c.state.Store(st)
	c.syncBundleFeeds(ctx, st)
	return nil
}

// noteInForce records in the journal, once per bundle source and version
// on this computer, that in came into force, and returns since when it is
// in force.
func (c *Core) noteInForce(ctx context.Context, in org.InForce) time.Time {
	b := in.Bundle
	if seen := b.Source + " " + b.Manifest.Version; c.Setting(settingSeen, "") != seen {
		c.SetSetting(settingSeen, seen)
		c.SetSetting(settingSince, c.Now().UTC().Format(time.RFC3339))
		if err := c.journal(ctx, KindBundle, map[string]string{"org": b.Manifest.Org.Name, "version": b.Manifest.Version,
			"source": b.Source, "key": b.KeyID, "policy_version": in.Engine.Policy.About.Version}); err != nil {
			log.Printf("core: %v", err)
		}
	}
	since, _ := time.Parse(time.RFC3339, c.Setting(settingSince, ""))
	return since
}

// syncBundleFeeds brings the organisation's news feeds in line with the
// bundle, and lets its intranet hosts be fetched.
func (c *Core) syncBundleFeeds(ctx context.Context, st *State) {
	in := org.InForce{Bundle: st.Bundle, Engine: st.Engine}
	c.refresh.Fetcher.SetAllowed(append(org.FetchPermissions(in), c.cfg.AllowPrivate...))
	if err := org.SyncFeeds(ctx, c.news, st.Bundle, c.Now()); err != nil {
		log.Printf("core: news feeds of the bundle: %v", err)
	}
}

// CheckBundle says whether ref names a bundle that can be loaded with the
// publisher key keyText, without loading it.
func CheckBundle(ref, keyText string) error {
	if _, err := bundle.Open(strings.TrimSpace(ref)); err != nil {
		return err
	}
	_, err := publisherKeys(strings.TrimSpace(ref), keyText)
	return err
}

// LoadBundle fetches the bundle ref names, checks every signature with the
// publisher key keyText and, when it holds, puts it in force and keeps it
// for offline use. When it fails, the bundle in force stays and the error
// says why. It does network I/O: call it off the interface's goroutine.
func (c *Core) LoadBundle(ctx context.Context, ref, keyText string) (*State, error) {
	ref = strings.TrimSpace(ref)
	if err := CheckBundle(ref, keyText); err != nil {
		return c.State(), err
	}
	if err := c.checkManagedBundle(ref, keyText); err != nil {
		return c.State(), err
	}
	if err := c.checkPin(ref, keyText); err != nil {
		return c.State(), err
	}
	c.bundleMu.Lock()
	defer c.bundleMu.Unlock()
	return c.load(ctx, ref, keyText, chosen)
}

// Why a bundle is loaded.
type loadKind int

const (
	// chosen: the user chose it; a failure leaves the state as it was.
	chosen loadKind = iota
	// forRole: the role changed, so the bundle is put in force again for
	// it; a failure marks the bundle in force as stale.
	forRole
	// scheduled: the regular refresh; a failure marks the bundle in force
	// as stale, and an unchanged bundle changes nothing.
	scheduled
)

// load fetches ref, checks it with keyText and puts it in force, as kind
// says; bundleMu is held.
func (c *Core) load(ctx context.Context, ref, keyText string, kind loadKind) (*State, error) {
	key, err := c.keyFor(ctx, ref, keyText, true)
	if err != nil {
		if kind != chosen {
			c.setState(func(s *State) { s.Problem = err })
		}
		return c.State(), err
	}
	life := ctx
	ctx, cancel := context.WithTimeout(ctx, bundleTimeout)
	defer cancel()
	old := c.State()
	in, err := org.Refresh(ctx, c.st, ref, key, old.Role)
	switch {
	case life.Err() != nil:
		// Cut off because the core is closing: that is no problem of the
		// bundle's, and nobody is left to tell.
		return old, err
	case in.Bundle == nil || (kind == chosen && err != nil):
		if kind != chosen {
			c.setState(func(s *State) { s.Problem = err })
		}
		return c.State(), err
	case kind == scheduled && err == nil && old.Problem == nil && sameBundle(old.Bundle, in.Bundle):
		return old, nil
	}
	return c.putInForce(ctx, in, ref, keyText, err), err
}

// sameBundle reports whether b is the bundle a already is, from the same
// place.
func sameBundle(a, b *bundle.Bundle) bool {
	return a.Source == b.Source && a.Stamp() == b.Stamp() && a.FromCache == b.FromCache
}

// putInForce makes in the bundle in force, remembers where it came from
// and records the change; problem, when set, says why it is a kept copy.
func (c *Core) putInForce(ctx context.Context, in org.InForce, ref, keyText string, problem error) *State {
	b := in.Bundle
	c.pin(b)
	since := c.noteInForce(ctx, in)
	st := c.State().with(func(s *State) {
		s.Bundle, s.Engine, s.Ref, s.Key, s.Problem, s.Since = b, in.Engine, ref, keyText, problem, since
	})
	c.SetSetting(org.SettingSource, ref)
	c.SetSetting(org.SettingKey, keyText)
	c.state.Store(st)
	c.syncBundleFeeds(ctx, st)
	c.emit(StateChanged)
	c.emit(NewsChanged)
	// A bundle published for one audience only sets the role.
	if aud := b.Manifest.Audiences; len(aud) == 1 && aud[0] != st.Role {
		if _, err := c.setRole(ctx, aud[0]); err != nil {
			log.Printf("core: %v", err)
		}
	}
	return c.State()
}

func (c *Core) setState(f func(*State)) {
	c.state.Store(c.State().with(f))
	c.emit(StateChanged)
}

// bundleLoop fetches the chosen bundle now (when it is not the demo) and
// every hour (every minute while an enforced bundle has never loaded); an
// unchanged bundle costs one conditional request.
func (c *Core) bundleLoop(ctx context.Context) {
	for {
		if st := c.State(); st.Ref != bundle.DemoRef && st.Ref != "" {
			c.bundleMu.Lock()
			_, err := c.load(ctx, st.Ref, st.Key, scheduled)
			c.bundleMu.Unlock()
			if err != nil && ctx.Err() == nil {
				log.Printf("core: bundle refresh: %v", err)
			}
		}
		every := bundleEvery
		if isAwaiting(c.State().Bundle) {
			every = awaitRetry // the first fetch failed: nothing is shown yet
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}
