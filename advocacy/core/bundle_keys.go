package core

import (
	"context"
	"strings"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/org"
	"github.com/advocate-app/advocate/advocacy/signing"
)

// keySeparator joins several publisher keys in one text (State.Key, the
// user's setting): Settings' key field is one line.
const keySeparator = " "

// publisherKeys reads keyText as one or more minisign public keys for ref
// (an organisation rotating its key publishes under the new one while the
// old one is still trusted): each key's base64 text, separated by spaces,
// commas or lines, each perhaps after its "untrusted comment:" line. The
// demo has its own key.
func publisherKeys(ref, keyText string) ([]*signing.PublicKey, error) {
	if ref == "" || ref == bundle.DemoRef {
		return []*signing.PublicKey{bundle.DemoKey()}, nil
	}
	var keys []*signing.PublicKey
	for _, line := range strings.Split(keyText, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "untrusted comment:") {
			continue
		}
		for _, field := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\r' }) {
			k, err := org.Key(ref, field)
			if err != nil {
				return nil, err
			}
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		_, err := org.Key(ref, "") // says that no key is set
		return nil, err
	}
	return keys, nil
}

// keyIDs names keyText's keys for ref, in order; nil when it does not parse.
func keyIDs(ref, keyText string) []string {
	keys, err := publisherKeys(ref, keyText)
	if err != nil {
		return nil
	}
	ids := make([]string, len(keys))
	for i, k := range keys {
		ids[i] = k.KeyID()
	}
	return ids
}

// keyFor picks, of keyText's publisher keys, the one ref's bundle is
// signed with, which then checks every file. With one key, it is that one.
// With several, it is the signer the published bundle names when online
// is set (one small request), else, or when that cannot be read, the one
// the kept copy names, else the first. A bundle signed with none of them
// is refused here, its signer named.
func (c *Core) keyFor(ctx context.Context, ref, keyText string, online bool) (*signing.PublicKey, error) {
	keys, err := publisherKeys(ref, keyText)
	if err != nil || len(keys) == 1 {
		if err != nil {
			return nil, err
		}
		return keys[0], nil
	}
	if online {
		if src, err := bundle.Open(ref); err == nil {
			if signer, err := bundle.SignerKeyID(ctx, src); err == nil {
				return bundle.ChooseKey(keys, signer)
			}
		}
	}
	if source, files, err := c.st.CachedBundle(ctx); err == nil && len(files) > 0 {
		if src, err := bundle.Open(ref); err == nil && src.String() == source {
			if signer, err := bundle.SignerKeyID(ctx, bundle.Cached(source, files, "")); err == nil {
				if k, err := bundle.ChooseKey(keys, signer); err == nil {
					return k, nil
				}
			}
		}
	}
	return keys[0], nil
}
