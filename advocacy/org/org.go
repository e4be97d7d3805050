// Package org puts an organisation's bundle in force: it loads it from
// where the user chose, checks every signature and the policy, keeps the
// last good copy in the local store, and falls back to that copy when a
// refresh fails. It never puts an unverified bundle in force.
package org

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/policy"
	"github.com/advocate-app/advocate/advocacy/signing"
	"github.com/advocate-app/advocate/advocacy/store"
	"github.com/advocate-app/advocate/feeds"
)

// Settings keys for where the bundle comes from and the key that signs it.
const (
	SettingSource = "bundle"
	SettingKey    = "bundle_pubkey"
	settingETag   = "bundle_etag"
	// settingStamp, followed by a publisher key's ID, keeps the stamp of
	// the newest bundle that key signed and this computer put in force:
	// an older one, or the same version with other content, is refused.
	settingStamp = "bundle_stamp:"
)

// InForce is a verified bundle with its compiled policy.
type InForce struct {
	Bundle *bundle.Bundle
	Engine *policy.Engine
}

// Key returns the public key for the bundle ref names: the embedded key
// for the demo, else the configured one (a minisign public key file's
// contents or its base64 line).
func Key(ref, configured string) (*signing.PublicKey, error) {
	if ref == "" || ref == bundle.DemoRef {
		return bundle.DemoKey(), nil
	}
	if strings.TrimSpace(configured) == "" {
		return nil, fmt.Errorf("%w; paste the organisation's minisign public key in Settings", ErrNoKey)
	}
	k, err := signing.ParsePublicKey([]byte(configured))
	if err != nil {
		return nil, fmt.Errorf("org: the publisher key is not a minisign public key: %v", err)
	}
	return k, nil
}

// Fetch loads the bundle ref names, verifies it with key and compiles its
// policy, and keeps in memory only what role's audience may see. Nothing
// is stored; see Refresh.
func Fetch(ctx context.Context, ref string, key *signing.PublicKey, role string) (InForce, error) {
	src, err := bundle.Open(ref)
	if err != nil {
		return InForce{}, err
	}
	return check(ctx, src, key, role)
}

func check(ctx context.Context, src bundle.Source, key *signing.PublicKey, role string) (InForce, error) {
	b, err := bundle.LoadVerified(ctx, src, key)
	if err != nil {
		return InForce{}, err
	}
	e, err := policy.Load(b.Manifest.Policy, b.Policy)
	if err != nil {
		return InForce{}, err
	}
	return InForce{Bundle: b.ForAudience(role), Engine: e}, nil
}

// Refresh fetches the bundle ref names and, when it verifies, keeps it as
// the last good copy — only what role's audience may see. When it does not, it returns the last good copy of
// the same source (checked again) with the refresh error; with no such
// copy, the zero InForce and the error.
func Refresh(ctx context.Context, st *store.Store, ref string, key *signing.PublicKey, role string) (InForce, error) {
	// A published bundle that has not changed since the kept copy costs
	// one conditional request.
	src, _ := bundle.Open(ref)
	web, isWeb := src.(*bundle.HTTPSource)
	etag, _ := st.Setting(ctx, settingETag, "")
	if isWeb && etag != "" {
		if changed, _, err := web.ManifestChanged(ctx, etag); err == nil && !changed {
			if source, files, err := st.CachedBundle(ctx); err == nil && source == web.String() && len(files) > 0 {
				if kept, err := check(ctx, bundle.Cached(source, files, role), key, role); err == nil {
					kept.Bundle.FromCache = false // confirmed current by the server
					return kept, nil
				}
			}
		}
	}
	var newTag string
	if isWeb {
		_, newTag, _ = web.ManifestChanged(ctx, "")
	}
	fresh, err := Fetch(ctx, ref, key, role)
	published := ref != bundle.DemoRef && ref != ""
	if err == nil && published {
		err = notOlder(ctx, st, fresh.Bundle)
	}
	if err == nil && isWeb {
		st.SetSetting(ctx, settingETag, newTag)
	}
	if err == nil {
		if published {
			if serr := st.SaveBundle(ctx, fresh.Bundle.Source, fresh.Bundle.Raw()); serr != nil {
				return fresh, fmt.Errorf("org: the bundle is in force but could not be kept for offline use: %w", serr)
			}
			stamp := fresh.Bundle.Stamp()
			if serr := st.SetSetting(ctx, settingStamp+stamp.KeyID, stamp.String()); serr != nil {
				return fresh, fmt.Errorf("org: the bundle is in force but its version could not be kept: %w", serr)
			}
		}
		return fresh, nil
	}
	source, files, cerr := st.CachedBundle(ctx)
	if cerr != nil || len(files) == 0 || source != canonical(ref) {
		return InForce{}, err
	}
	kept, kerr := check(ctx, bundle.Cached(source, files, role), key, role)
	if kerr != nil {
		return InForce{}, fmt.Errorf("%w; the kept copy failed too: %v", err, kerr)
	}
	return kept, err
}

// notOlder refuses b when its publisher key already put a newer bundle,
// or another with the same version, in force on this computer: a server
// that serves an old signed bundle (or a changed one under the same
// version) cannot roll the policy back.
func notOlder(ctx context.Context, st *store.Store, b *bundle.Bundle) error {
	stamp := b.Stamp()
	text, err := st.Setting(ctx, settingStamp+stamp.KeyID, "")
	if err != nil {
		return err
	}
	floor, err := bundle.ParseStamp(text)
	if err != nil {
		return nil // unreadable: the bundle that verifies sets it again
	}
	return bundle.CheckNewer(floor, stamp)
}

// canonical is the source name a reference loads as.
func canonical(ref string) string {
	src, err := bundle.Open(ref)
	if err != nil {
		return ref
	}
	return src.String()
}

// Purge, on a switch from one role to another, keeps only what the new
// role's audience may see: the bundle in memory, its kept copy, and the
// organisation's news feeds (feeds meant for other audiences go, with their
// items). Its writes are made in tx, where the caller records the purge.
func Purge(ctx context.Context, tx *sql.Tx, st *store.Store, news *feeds.DB, in InForce, from, role string) (InForce, int, error) {
	before := len(in.Bundle.Content)
	in.Bundle = in.Bundle.ForAudience(role)
	removed := before - len(in.Bundle.Content)
	if source, files, err := st.CachedBundle(ctx); err == nil && len(files) > 0 {
		kept := bundle.Cached(source, files, from)
		if b, err := kept.Load(ctx); err == nil {
			if err := store.SaveBundleIn(ctx, tx, source, b.ForAudience(role).Raw()); err != nil {
				return in, removed, err
			}
		} else if err := store.SaveBundleIn(ctx, tx, source, nil); err != nil {
			return in, removed, err
		}
	}
	return in, removed, news.In(tx).RemoveOrgFeedsNotFor(ctx, role)
}

// Kept returns the copy of the bundle ref names kept from its last
// successful load, checked again with key, without any network request;
// the demo is read from the app itself. It fails when nothing is kept for
// that source.
func Kept(ctx context.Context, st *store.Store, ref string, key *signing.PublicKey, role string) (InForce, error) {
	if ref == "" || ref == bundle.DemoRef {
		return Fetch(ctx, bundle.DemoRef, bundle.DemoKey(), role)
	}
	source, files, err := st.CachedBundle(ctx)
	if err != nil {
		return InForce{}, err
	}
	if len(files) == 0 || source != canonical(ref) {
		return InForce{}, ErrNotKept
	}
	return check(ctx, bundle.Cached(source, files, role), key, role)
}

// ErrNoKey says a bundle other than the demo was chosen without its
// publisher key.
var ErrNoKey = errors.New("org: no publisher key is set for this bundle")

// ErrNotKept says no copy of the bundle is kept for offline use.
var ErrNotKept = errors.New("org: no copy of this bundle is kept on this computer yet")
