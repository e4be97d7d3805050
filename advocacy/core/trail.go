package core

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log"
	"path/filepath"

	"github.com/advocate-app/advocate/advocacy/audit"
	"github.com/advocate-app/advocate/advocacy/credentials"
)

// Kinds of the records the core writes about the trail itself.
const (
	// KindTrailBroken: the trail no longer holds records the keyring's
	// anchor saw (removed or rewritten).
	KindTrailBroken = "audit.broken"
	// KindTrailReset: the database holds a new trail (a damaged one was
	// moved aside, say); the anchor of the old one is recorded.
	KindTrailReset = "audit.reset"
)

// TrailService is the keyring name the trail's anchor is kept under, next
// to the accounts' secrets.
const TrailService = "audit"

// TrailAccount is the keyring entry of the trail kept in dir: one per data
// folder, so that two folders on one computer keep their own anchors.
func TrailAccount(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	sum := sha256.Sum256([]byte(dir))
	return "head-" + hex.EncodeToString(sum[:8])
}

// trailAnchor keeps, in the keyring, the head of the audit trail as the
// core last wrote it, and checks it at start.
type trailAnchor struct {
	kick chan struct{}
	// checked is set once the trail was compared with the anchor: until
	// then the anchor is never moved, so that a trail cut short before
	// this run is not anchored as it is. last is the anchor last kept.
	// Only the trail loop and Close (after the loop has ended) touch them.
	checked bool
	last    audit.Anchor
}

// checkTrail compares the trail with the anchor kept in the keyring. A
// trail cut short or rewritten is recorded on the trail itself (so the
// organisation's archive learns of it) and returned; a new trail (a fresh
// database) is recorded as a reset. Either way the anchor then follows
// the trail as it is. Without a keyring nothing is checked.
func (c *Core) checkTrail(ctx context.Context) error {
	secrets := c.cfg.Secrets
	if secrets == nil {
		return nil
	}
	raw, err := secrets.Get(ctx, TrailService, TrailAccount(c.cfg.DataDir))
	if err != nil && !errors.Is(err, credentials.ErrNotFound) {
		log.Printf("core: the audit trail's anchor could not be read, so it is not checked: %v", err)
		return nil
	}
	var broken error
	if raw != "" {
		kept, perr := audit.ParseAnchor(raw)
		if perr != nil {
			log.Printf("core: %v", perr)
		} else if err := audit.CheckAnchor(ctx, c.st.DB(), kept); err != nil {
			kind, data := KindTrailBroken, map[string]any{"anchored_seq": kept.Seq, "anchored_hash": kept.Hash, "problem": err.Error()}
			if errors.Is(err, audit.ErrOtherTrail) {
				kind = KindTrailReset
			} else {
				broken = err
			}
			if jerr := c.journal(ctx, kind, data); jerr != nil {
				log.Printf("core: %v", jerr)
			}
		}
	}
	c.trail.checked = true
	c.anchorNow(ctx)
	return broken
}

// anchorNow keeps the trail's head in the keyring, when it moved.
func (c *Core) anchorNow(ctx context.Context) {
	if c.cfg.Secrets == nil || !c.trail.checked {
		return
	}
	head, err := audit.HeadOf(ctx, c.st.DB())
	if err != nil || head.Zero() || head == c.trail.last {
		return
	}
	if err := c.cfg.Secrets.Set(ctx, TrailService, TrailAccount(c.cfg.DataDir), head.String()); err != nil {
		log.Printf("core: keep the audit trail's anchor: %v", err)
		return
	}
	c.trail.last = head
}

// trailLoop checks the trail at start, then keeps its anchor as the trail
// grows, until ctx ends; Close keeps the last head.
func (c *Core) trailLoop(ctx context.Context) {
	if err := c.checkTrail(ctx); err != nil {
		c.setState(func(s *State) { s.Trail = trailProblem(err) })
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.trail.kick:
			c.anchorNow(ctx)
		}
	}
}

// ErrTrailBroken is matched by the problem a State reports when the audit
// trail lost or changed records.
var ErrTrailBroken = errors.New("core: the audit trail was changed outside Advocate")

// trailProblem words a broken trail for State.Trail.
func trailProblem(err error) error { return fmt.Errorf("%w: %w", ErrTrailBroken, err) }
