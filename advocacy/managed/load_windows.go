//go:build windows

package managed

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/sys/windows/registry"
)

// PolicyKey is the registry key, under HKEY_LOCAL_MACHINE (and, weaker,
// HKEY_CURRENT_USER), that holds the enforced settings, as Group Policy
// (packaging/windows/admx) or an MDM writes them; its Recommended subkey
// holds the recommended ones.
const PolicyKey = `Software\Policies\Advocate`

// RecommendedSubkey is the subkey of PolicyKey with the recommended tier.
const RecommendedSubkey = "Recommended"

func loadPlatform(ctx context.Context) *Config {
	return loadRegistry(ctx, PolicyKey)
}

// loadRegistry reads the enforced tier from path (HKLM first, then HKCU for
// what HKLM does not set) and the recommended tier from its Recommended
// subkey, likewise.
func loadRegistry(ctx context.Context, path string) *Config {
	c := &Config{
		EnforcedFrom:    `HKLM\` + path,
		RecommendedFrom: `HKLM\` + path + `\` + RecommendedSubkey,
	}
	tier := func(sub string) Tier {
		var out Tier
		for _, root := range []struct {
			key  registry.Key
			name string
		}{{registry.LOCAL_MACHINE, "HKLM"}, {registry.CURRENT_USER, "HKCU"}} {
			if ctx.Err() != nil {
				break
			}
			where := root.name + `\` + sub
			raw, err := readRegistry(root.key, sub)
			if err != nil {
				c.Problems = append(c.Problems, Problem{Where: where, Message: err.Error()})
				continue
			}
			t, p := parseTier(raw, where)
			c.Problems = append(c.Problems, p...)
			out = merge(out, t)
		}
		return out
	}
	c.Enforced = tier(path)
	c.Recommended = tier(path + `\` + RecommendedSubkey)
	return c
}

// readRegistry reads every value of a key: REG_SZ and REG_EXPAND_SZ as
// text, REG_MULTI_SZ as a list, REG_DWORD and REG_QWORD as numbers; and
// each subkey (but Recommended) as a list of its values' data in the order
// of their names, which is how an ADMX <list> element writes a list
// (PublisherKeys\1, PublisherKeys\2, …). A key that is not there is empty.
func readRegistry(root registry.Key, path string) (map[string]any, error) {
	k, err := registry.OpenKey(root, path, registry.QUERY_VALUE|registry.ENUMERATE_SUB_KEYS)
	if errors.Is(err, registry.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot be read (%v); the organisation's settings in it are not applied", err)
	}
	defer k.Close()
	raw, err := readValues(k)
	if err != nil {
		return nil, err
	}
	subs, err := k.ReadSubKeyNames(-1)
	if err != nil {
		return nil, fmt.Errorf("cannot be listed (%v); the organisation's settings in it are not applied", err)
	}
	for _, name := range subs {
		if strings.EqualFold(name, RecommendedSubkey) {
			continue
		}
		if _, set := raw[name]; set {
			continue // a value of that name wins over a subkey
		}
		sk, err := registry.OpenKey(k, name, registry.QUERY_VALUE)
		if err != nil {
			return nil, fmt.Errorf("subkey %s cannot be read (%v)", name, err)
		}
		values, err := readValues(sk)
		sk.Close()
		if err != nil {
			return nil, err
		}
		names := make([]string, 0, len(values))
		for n := range values {
			names = append(names, n)
		}
		slices.SortFunc(names, compareNumbered)
		var items []string
		for _, n := range names {
			switch v := values[n].(type) {
			case string:
				items = append(items, v)
			case []string:
				items = append(items, v...)
			}
		}
		raw[name] = items
	}
	return raw, nil
}

func readValues(k registry.Key) (map[string]any, error) {
	names, err := k.ReadValueNames(-1)
	if err != nil {
		return nil, fmt.Errorf("cannot be listed (%v); the organisation's settings in it are not applied", err)
	}
	raw := map[string]any{}
	for _, name := range names {
		if name == "" {
			continue // the key's default value
		}
		_, typ, err := k.GetValue(name, nil)
		if err != nil && !errors.Is(err, registry.ErrShortBuffer) {
			return nil, fmt.Errorf("value %s cannot be read (%v)", name, err)
		}
		switch typ {
		case registry.SZ, registry.EXPAND_SZ:
			s, _, err := k.GetStringValue(name)
			if err != nil {
				return nil, fmt.Errorf("value %s cannot be read (%v)", name, err)
			}
			if typ == registry.EXPAND_SZ {
				if x, err := registry.ExpandString(s); err == nil {
					s = x
				}
			}
			raw[name] = s
		case registry.MULTI_SZ:
			s, _, err := k.GetStringsValue(name)
			if err != nil {
				return nil, fmt.Errorf("value %s cannot be read (%v)", name, err)
			}
			raw[name] = s
		case registry.DWORD, registry.QWORD:
			n, _, err := k.GetIntegerValue(name)
			if err != nil {
				return nil, fmt.Errorf("value %s cannot be read (%v)", name, err)
			}
			raw[name] = n
		default:
			raw[name] = fmt.Sprintf("<registry type %d>", typ)
		}
	}
	return raw, nil
}

// compareNumbered orders "2" before "10", and names that are not numbers
// after those that are, by name.
func compareNumbered(a, b string) int {
	na, ea := strconv.Atoi(a)
	nb, eb := strconv.Atoi(b)
	switch {
	case ea == nil && eb == nil:
		return na - nb
	case ea == nil:
		return -1
	case eb == nil:
		return 1
	}
	return strings.Compare(a, b)
}
