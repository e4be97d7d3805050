package core

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/advocate-app/advocate/advocacy/bundle"
)

// KindKeyChanged records that the user accepted a new publisher key for a
// bundle source.
const KindKeyChanged = "bundle.key_changed"

// settingPin, followed by a bundle's source, keeps the ID of the publisher
// key it was first loaded with (trust on first use).
const settingPin = "bundle_pin:"

// KeyChangedError says the bundle at Source was loaded before with the
// publisher key Pinned, and now comes with Offered: a new key is accepted
// only when the user confirms it (AcceptKey), since whoever gives a new key
// can publish any policy.
type KeyChangedError struct {
	Source          string
	Pinned, Offered string
}

func (e *KeyChangedError) Error() string {
	return fmt.Sprintf("core: %s was signed with publisher key %s until now, and this key is %s", e.Source, e.Pinned, e.Offered)
}

// checkPin returns a *KeyChangedError when ref was pinned to another key
// than keyText's.
func (c *Core) checkPin(ref, keyText string) error {
	source, offered, ok := sourceAndKey(ref, keyText)
	if !ok {
		return nil
	}
	// With several keys (a rotation), the pinned one among them will do.
	if pinned := c.Setting(settingPin+source, ""); pinned != "" && !slices.Contains(keyIDs(ref, keyText), pinned) {
		return &KeyChangedError{Source: source, Pinned: pinned, Offered: offered}
	}
	return nil
}

// pin remembers the key b was verified with, for its source, when none is
// remembered yet.
func (c *Core) pin(b *bundle.Bundle) {
	if b.Source == bundle.DemoRef || b.KeyID == "" {
		return
	}
	if c.Setting(settingPin+b.Source, "") == "" {
		c.SetSetting(settingPin+b.Source, b.KeyID)
	}
}

// sourceAndKey names the source ref loads from and the ID of keyText (of
// its first key, when it has several); ok is false for the demo or what
// does not parse.
func sourceAndKey(ref, keyText string) (source, keyID string, ok bool) {
	if ref == "" || ref == bundle.DemoRef {
		return "", "", false
	}
	src, err := bundle.Open(ref)
	if err != nil {
		return "", "", false
	}
	ids := keyIDs(ref, keyText)
	if len(ids) == 0 {
		return "", "", false
	}
	return src.String(), ids[0], true
}

// AcceptKey loads ref with keyText although ref was pinned to another
// publisher key, because the user confirmed the change (say, the
// organisation announced a new key). The change goes on the audit trail,
// and the new key is pinned once the bundle verifies with it.
func (c *Core) AcceptKey(ctx context.Context, ref, keyText string) (*State, error) {
	ref = strings.TrimSpace(ref)
	source, offered, ok := sourceAndKey(ref, keyText)
	if !ok {
		return c.LoadBundle(ctx, ref, keyText)
	}
	c.bundleMu.Lock()
	defer c.bundleMu.Unlock()
	st, err := c.load(ctx, ref, keyText, chosen)
	if err != nil {
		return st, err
	}
	if st.Bundle != nil && st.Bundle.KeyID != "" {
		offered = st.Bundle.KeyID // of several keys, the one it was signed with
	}
	old := c.Setting(settingPin+source, "")
	c.SetSetting(settingPin+source, offered)
	if old != offered {
		if err := c.journal(ctx, KindKeyChanged, map[string]string{"source": source, "from": old, "to": offered}); err != nil {
			return st, err
		}
	}
	return st, nil
}
