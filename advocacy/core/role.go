package core

import (
	"context"
	"fmt"
	"log"

	"github.com/advocate-app/advocate/advocacy/audit"
	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/managed"
	"github.com/advocate-app/advocate/advocacy/org"
	"github.com/advocate-app/advocate/advocacy/store"
)

// SetRole makes role the user's role. On a switch to alumni it first
// removes from this computer what only employees may see (the bundle in
// memory, its kept copy, the employee news); the purge, the setting and
// their records are one transaction. Then the bundle is loaded again for
// the new role. It writes to the database and may fetch the bundle: call
// it off the interface's goroutine.
func (c *Core) SetRole(ctx context.Context, role string) (*State, error) {
	if c.Locked(managed.Role) && role != c.Managed().Enforced[managed.Role] {
		return c.State(), ErrSetByOrganisation
	}
	c.bundleMu.Lock()
	defer c.bundleMu.Unlock()
	return c.setRole(ctx, role)
}

// WouldHold counts the shares not gone yet that becoming role would hold:
// those of approved items role may not see. It reads the database: call
// it off the interface's goroutine.
func (c *Core) WouldHold(ctx context.Context, role string) (int, error) {
	return c.outbox.PendingOf(ctx, notFor(c.State().Bundle, role))
}

// setRole does SetRole's work; bundleMu is held.
func (c *Core) setRole(ctx context.Context, role string) (*State, error) {
	if role != bundle.RoleEmployee && role != bundle.RoleAlumni {
		return c.State(), fmt.Errorf("core: unknown role %q", role)
	}
	old := c.State()
	if role == old.Role {
		return old, nil
	}
	tx, err := c.st.Begin(ctx)
	if err != nil {
		return old, fmt.Errorf("core: change role: %w", err)
	}
	defer tx.Rollback()
	in := org.InForce{Bundle: old.Bundle, Engine: old.Engine}
	now := c.Now()
	if role == bundle.RoleAlumni {
		var removed int
		in, removed, err = org.Purge(ctx, tx, c.st, c.news, in, old.Role, role)
		if err != nil {
			return old, fmt.Errorf("core: remove the content meant for employees: %w", err)
		}
		if _, err := audit.Append(ctx, tx, now, KindPurge, map[string]any{"from": old.Role, "to": role, "items_removed": removed}); err != nil {
			return old, err
		}
		if _, err := c.outbox.HoldNotFor(ctx, tx, notFor(old.Bundle, role), role); err != nil {
			return old, fmt.Errorf("core: hold the shares of content meant for employees: %w", err)
		}
	}
	if err := store.SetSettingIn(ctx, tx, settingRole, role); err != nil {
		return old, err
	}
	if _, err := audit.Append(ctx, tx, now, KindRole, map[string]string{"role": role}); err != nil {
		return old, err
	}
	if err := tx.Commit(); err != nil {
		return old, fmt.Errorf("core: change role: %w", err)
	}
	c.settings.remember(settingRole, role)
	c.setState(func(s *State) { s.Role, s.Bundle = role, in.Bundle })
	c.emit(NewsChanged)
	c.emit(SharesChanged)
	if _, err := c.load(ctx, old.Ref, old.Key, forRole); err != nil {
		log.Printf("core: load the bundle for the new role: %v", err)
	}
	return c.State(), nil
}

// notFor lists the items of b that role may not see.
func notFor(b *bundle.Bundle, role string) []string {
	if b == nil {
		return nil
	}
	var ids []string
	for _, it := range b.Content {
		if !it.For(role) {
			ids = append(ids, it.ID)
		}
	}
	return ids
}

// mayShare says whether b holds the item id and role may see it.
func mayShare(b *bundle.Bundle, role, id string) bool {
	if b == nil {
		return false
	}
	for _, it := range b.Content {
		if it.ID == id {
			return it.For(role)
		}
	}
	return false
}
