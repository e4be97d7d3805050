// Package managed reads the settings an organisation's IT sets for Advocate
// on a computer, in each platform's own convention, in two tiers:
//
//   - enforced ("managed"): the user cannot change them;
//   - recommended: defaults the user may change.
//
// Where they are read from:
//
//	Linux and other Unix: /etc/advocate/managed.json and /etc/advocate/recommended.json
//	Windows: HKLM\Software\Policies\Advocate (then HKCU\Software\Policies\Advocate)
//	         and the Recommended subkey of each, as set by Group Policy (ADMX) or Intune
//	macOS:   the managed preferences of app.advocate.desktop (a configuration profile),
//	         /Library/Managed Preferences/app.advocate.desktop.plist; the recommended
//	         tier is /Library/Preferences/app.advocate.desktop.plist
//
// ADVOCATE_CONFIG_DIR, when set, replaces all of these with the two JSON files
// in that folder, on every platform (for tests and trials).
//
// JSON files use the snake_case names (bundle_url); the registry and macOS
// use the same words in CamelCase (BundleURL). Precedence, for each key:
// enforced > the user's own choice > recommended > the bundle's default >
// the app's default. A value that is not valid is ignored and reported as a
// Problem, never fatal: the app starts with the rest.
//
// The package has no Fyne in it; the core, the app and advocatectl use it.
package managed

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/signing"
)

// Key names one setting, by its JSON name.
type Key string

// The settings an organisation can set.
const (
	// BundleURL is the organisation bundle: an https address, a folder
	// (a network share too), or "demo".
	BundleURL Key = "bundle_url"
	// PublisherKeys are the minisign public keys the bundle may be signed
	// with (the base64 "RW…" line, or the whole key file).
	PublisherKeys Key = "publisher_keys"
	// Role is "employee", "alumni", or "ask" (the person chooses).
	Role Key = "role"
	// Networks are the networks people may share to (x, linkedin,
	// mastodon, bluesky); an empty list allows none.
	Networks Key = "networks"
	// ArchiveURL is the https endpoint the audit trail is delivered to,
	// in place of the one the bundle names.
	ArchiveURL Key = "archive_url"
	// Metrics says whether weekly aggregates may be sent to the bundle's
	// metrics endpoint.
	Metrics Key = "metrics"
	// NewsRefresh is how often news is fetched: a duration such as "30m"
	// or "4h" (5 minutes to a day), or "manual" (only on Refresh). The
	// registry and plist also take a whole number of minutes, 0 = manual.
	NewsRefresh Key = "news_refresh"
	// Notifications says whether new content is announced on the desktop.
	Notifications Key = "notifications"
	// Proxy is "system" (the computer's proxy settings), "direct" (none),
	// or a proxy URL (http, https or socks5).
	Proxy Key = "proxy"
)

// Keys lists every key, in the order they are documented and shown.
var Keys = []Key{BundleURL, PublisherKeys, Role, Networks, ArchiveURL, Metrics, NewsRefresh, Notifications, Proxy}

// Manual is the NewsRefresh duration that means "only on Refresh"; it equals
// feeds.Manual.
const Manual time.Duration = -1

// Role values.
const (
	RoleEmployee = "employee"
	RoleAlumni   = "alumni"
	RoleAsk      = "ask"
)

// Proxy values other than a URL.
const (
	ProxySystem = "system"
	ProxyDirect = "direct"
)

var camel = map[Key]string{
	BundleURL: "BundleURL", PublisherKeys: "PublisherKeys", Role: "Role", Networks: "Networks",
	ArchiveURL: "ArchiveURL", Metrics: "Metrics", NewsRefresh: "NewsRefresh",
	Notifications: "Notifications", Proxy: "Proxy",
}

// CamelCase is the key's name in the Windows registry and in macOS
// preferences: BundleURL for bundle_url.
func (k Key) CamelCase() string { return camel[k] }

// Known says whether k is one of Keys.
func (k Key) Known() bool { _, ok := camel[k]; return ok }

// keyFor finds the key a name stands for: the JSON name, or (case aside)
// the CamelCase one.
func keyFor(name string) (Key, bool) {
	if k := Key(name); k.Known() {
		return k, true
	}
	for k, c := range camel {
		if strings.EqualFold(c, name) {
			return k, true
		}
	}
	return "", false
}

// Source says where an effective value came from.
type Source string

// The sources, strongest first.
const (
	FromManaged     Source = "managed"
	FromUser        Source = "user"
	FromRecommended Source = "recommended"
	FromBundle      Source = "bundle"
	FromDefault     Source = "default"
)

// Tier is one tier's valid values, by key. A value is a string, a []string
// (PublisherKeys, Networks) or a bool (Metrics, Notifications); NewsRefresh
// is a string such as "30m" or "manual".
type Tier map[Key]any

// Problem is a setting that could not be used, in words for IT and users.
type Problem struct {
	// Where names the file or registry key.
	Where string `json:"where"`
	// Key is the setting, when the problem is one value's.
	Key Key `json:"key,omitempty"`
	// Message says what is wrong and what to do.
	Message string `json:"message"`
}

func (p Problem) String() string {
	if p.Key != "" {
		return fmt.Sprintf("%s: %s: %s", p.Where, p.Key, p.Message)
	}
	return p.Where + ": " + p.Message
}

// Config is what the organisation set on this computer.
type Config struct {
	// Enforced are the values the user cannot change.
	Enforced Tier
	// Recommended are defaults the user may change.
	Recommended Tier
	// EnforcedFrom and RecommendedFrom name where each tier was read
	// (a file or registry key), for display.
	EnforcedFrom, RecommendedFrom string
	// Problems lists what could not be read or used.
	Problems []Problem
}

// Locked says whether the organisation enforces k.
func (c *Config) Locked(k Key) bool {
	if c == nil {
		return false
	}
	_, ok := c.Enforced[k]
	return ok
}

// Empty says whether the organisation set nothing at all.
func (c *Config) Empty() bool {
	return c == nil || (len(c.Enforced) == 0 && len(c.Recommended) == 0 && len(c.Problems) == 0)
}

// Value is one effective setting and where it came from.
type Value struct {
	Value any    `json:"value"`
	From  Source `json:"from"`
}

// Resolve gives every key's effective value: enforced, else the user's
// (user, whose values are of the kinds a Tier holds; keys the user has not
// set are absent), else recommended, else the bundle's, else the app's
// default. A key none of them sets is absent from the result.
func (c *Config) Resolve(user, bundle, defaults Tier) map[Key]Value {
	if c == nil {
		c = &Config{}
	}
	out := make(map[Key]Value, len(Keys))
	for _, k := range Keys {
		for _, tier := range []struct {
			t    Tier
			from Source
		}{{c.Enforced, FromManaged}, {user, FromUser}, {c.Recommended, FromRecommended}, {bundle, FromBundle}, {defaults, FromDefault}} {
			if v, ok := tier.t[k]; ok {
				out[k] = Value{Value: v, From: tier.from}
				break
			}
		}
	}
	return out
}

// String returns the effective value of k as text: a string value as it
// is, a list joined by newlines, a bool as "true" or "false".
func String(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []string:
		return strings.Join(v, "\n")
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}

// Get returns an enforced value, then a recommended one, as what the
// organisation set for k, and whether it is enforced.
func (c *Config) Get(k Key) (v any, enforced, ok bool) {
	if c == nil {
		return nil, false, false
	}
	if v, ok := c.Enforced[k]; ok {
		return v, true, true
	}
	if v, ok := c.Recommended[k]; ok {
		return v, false, true
	}
	return nil, false, false
}

// RefreshDuration turns a NewsRefresh value into a duration (Manual for
// "manual").
func RefreshDuration(v string) (time.Duration, error) {
	v = strings.ToLower(strings.TrimSpace(v))
	switch v {
	case "manual", "off", "never":
		return Manual, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf(`not a duration such as "30m" or "4h", nor "manual"`)
	}
	if d < 5*time.Minute || d > 24*time.Hour {
		return 0, fmt.Errorf("must be between 5 minutes and 24 hours, or \"manual\"")
	}
	return d, nil
}

// formatRefresh writes a duration the short way: 30m, 1h, 4h30m.
func formatRefresh(d time.Duration) string {
	if d == Manual {
		return "manual"
	}
	s := d.String()
	s = strings.TrimSuffix(s, "0s")
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// parseTier turns raw values (from JSON, the registry or a plist) into a
// Tier, reporting each value it cannot use. raw maps each name as the source
// spells it (bundle_url or BundleURL) to its value; where names the source.
// Names starting with "_" or "$" are comments ("_comment", "$schema").
func parseTier(raw map[string]any, where string) (Tier, []Problem) {
	tier := Tier{}
	var problems []Problem
	for _, name := range slices.Sorted(maps.Keys(raw)) {
		if strings.HasPrefix(name, "_") || strings.HasPrefix(name, "$") {
			continue
		}
		k, ok := keyFor(name)
		if !ok {
			problems = append(problems, Problem{Where: where, Message: fmt.Sprintf("%q is not a setting Advocate knows (it knows %s); check the spelling", name, knownNames())})
			continue
		}
		if _, dup := tier[k]; dup {
			problems = append(problems, Problem{Where: where, Key: k, Message: fmt.Sprintf("set twice (as %q too); the first is used", name)})
			continue
		}
		v, err := normalise(k, raw[name])
		if err != nil {
			problems = append(problems, Problem{Where: where, Key: k, Message: err.Error() + "; this setting is ignored"})
			continue
		}
		tier[k] = v
	}
	return tier, problems
}

func knownNames() string {
	names := make([]string, len(Keys))
	for i, k := range Keys {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// normalise checks one raw value and returns it in its Tier form.
func normalise(k Key, raw any) (any, error) {
	switch k {
	case BundleURL:
		s, err := text(raw)
		if err != nil {
			return nil, err
		}
		return s, checkBundleRef(s)
	case ArchiveURL:
		s, err := text(raw)
		if err != nil {
			return nil, err
		}
		return s, checkHTTPS(s)
	case PublisherKeys:
		keys, err := list(raw, "\n,;")
		if err != nil {
			return nil, err
		}
		var out []string
		for _, line := range keys {
			if strings.HasPrefix(strings.ToLower(line), "untrusted comment:") {
				continue // a pasted key file's first line
			}
			if _, err := signing.ParsePublicKey([]byte(line)); err != nil {
				return nil, fmt.Errorf("%q is not a minisign public key (the line starting RW… of the .pub file)", clip(line))
			}
			if !slices.Contains(out, line) {
				out = append(out, line)
			}
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("no key given")
		}
		return out, nil
	case Networks:
		names, err := list(raw, "\n,; \t")
		if err != nil {
			return nil, err
		}
		out := []string{}
		for _, name := range names {
			id, err := network.Parse(strings.ToLower(name))
			if err != nil {
				return nil, fmt.Errorf("%q is not a network (use %s)", clip(name), networkNames())
			}
			if !slices.Contains(out, string(id)) {
				out = append(out, string(id))
			}
		}
		return out, nil
	case Role:
		s, err := text(raw)
		if err != nil {
			return nil, err
		}
		s = strings.ToLower(s)
		if s != RoleEmployee && s != RoleAlumni && s != RoleAsk {
			return nil, fmt.Errorf(`%q is not a role: use "employee", "alumni" or "ask"`, clip(s))
		}
		return s, nil
	case Metrics, Notifications:
		return boolean(raw)
	case NewsRefresh:
		if n, ok := number(raw); ok {
			if n == 0 {
				return "manual", nil
			}
			d := time.Duration(n) * time.Minute
			if _, err := RefreshDuration(d.String()); err != nil || n != float64(int64(n)) {
				return nil, fmt.Errorf("%v minutes: must be a whole number of minutes between 5 and 1440, or 0 for manual", n)
			}
			return formatRefresh(d), nil
		}
		s, err := text(raw)
		if err != nil {
			return nil, err
		}
		d, err := RefreshDuration(s)
		if err != nil {
			return nil, fmt.Errorf("%q: %v", clip(s), err)
		}
		return formatRefresh(d), nil
	case Proxy:
		s, err := text(raw)
		if err != nil {
			return nil, err
		}
		switch strings.ToLower(s) {
		case ProxySystem, ProxyDirect:
			return strings.ToLower(s), nil
		}
		u, err := url.Parse(s)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "socks5") {
			return nil, fmt.Errorf(`%q is not a proxy: use "system", "direct" or an address such as http://proxy.example.com:8080`, clip(redactURL(s)))
		}
		if u.User != nil {
			return nil, fmt.Errorf("the proxy address carries a user name or password; put no credentials in a proxy address")
		}
		return s, nil
	}
	return nil, fmt.Errorf("not a setting")
}

func networkNames() string {
	names := make([]string, len(network.All))
	for i, id := range network.All {
		names[i] = string(id)
	}
	return strings.Join(names, ", ")
}

func checkBundleRef(s string) error {
	switch {
	case s == "demo":
		return nil
	case strings.Contains(s, "://"):
		u, err := url.Parse(s)
		if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			return fmt.Errorf("%q is not an https address", clip(redactURL(s)))
		}
		if u.User != nil {
			return fmt.Errorf("the bundle address carries a user name or password; bundles are public files, put no credentials in the address")
		}
		return nil
	case filepath.IsAbs(s) || strings.HasPrefix(s, `\\`) || strings.HasPrefix(s, "/"):
		return nil
	}
	return fmt.Errorf("%q is neither an https address nor a full folder path", clip(s))
}

func checkHTTPS(s string) error {
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("%q is not an https address", clip(redactURL(s)))
	}
	if u.User != nil {
		return fmt.Errorf("the address carries a user name or password; put no credentials in it")
	}
	return nil
}

// redactURL drops anything that could be a password from an address shown
// in a problem.
func redactURL(s string) string {
	if i := strings.Index(s, "@"); i >= 0 {
		if j := strings.Index(s, "://"); j >= 0 && j < i {
			return s[:j+3] + "…@" + s[i+1:]
		}
	}
	return s
}

// clip keeps a value quoted in a problem short.
func clip(s string) string {
	if r := []rune(s); len(r) > 80 {
		return string(r[:80]) + "…"
	}
	return s
}

func text(raw any) (string, error) {
	switch v := raw.(type) {
	case string:
		s := strings.TrimSpace(v)
		if s == "" {
			return "", fmt.Errorf("empty")
		}
		return s, nil
	case []string:
		if len(v) == 1 {
			return text(v[0])
		}
	}
	return "", fmt.Errorf("must be text, not %s", kind(raw))
}

// list accepts a JSON array of strings, a REG_MULTI_SZ, or one string with
// the items separated by any of seps.
func list(raw any, seps string) ([]string, error) {
	var items []string
	switch v := raw.(type) {
	case string:
		items = strings.FieldsFunc(v, func(r rune) bool { return strings.ContainsRune(seps, r) })
	case []string:
		items = v
	case []any:
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("must be a list of text, but has %s in it", kind(e))
			}
			items = append(items, s)
		}
	default:
		return nil, fmt.Errorf("must be a list, not %s", kind(raw))
	}
	out := []string{}
	for _, s := range items {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out, nil
}

func boolean(raw any) (bool, error) {
	switch v := raw.(type) {
	case bool:
		return v, nil
	case string:
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "true", "1", "yes", "on", "enabled":
			return true, nil
		case "false", "0", "no", "off", "disabled":
			return false, nil
		}
		return false, fmt.Errorf("%q is not true or false", clip(v))
	}
	if n, ok := number(raw); ok {
		switch n {
		case 0:
			return false, nil
		case 1:
			return true, nil
		}
		return false, fmt.Errorf("%v is not 1 (on) or 0 (off)", n)
	}
	return false, fmt.Errorf("must be true or false, not %s", kind(raw))
}

func number(raw any) (float64, bool) {
	switch v := raw.(type) {
	case float64:
		return v, true
	case json.Number:
		f, err := v.Float64()
		return f, err == nil
	case uint64:
		return float64(v), true
	case uint32:
		return float64(v), true
	case int64:
		return float64(v), true
	case int:
		return float64(v), true
	}
	return 0, false
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "text"
	case bool:
		return "true/false"
	case []any, []string:
		return "a list"
	case map[string]any:
		return "an object"
	}
	if _, ok := number(v); ok {
		return "a number"
	}
	return fmt.Sprintf("%T", v)
}

// Text writes effective values one per line, as `advocatectl config show`
// prints them without --json: the name, the value (a list joined by
// commas, "-" when nothing sets it) and where it came from.
func Text(values map[Key]Value) string {
	var b strings.Builder
	for _, k := range Keys {
		v, ok := values[k]
		text, from := "-", "unset"
		if ok {
			text, from = strings.ReplaceAll(String(v.Value), "\n", ", "), string(v.From)
			if text == "" {
				text = "(none)"
			}
		}
		fmt.Fprintf(&b, "%-14s %s  (%s)\n", k, text, from)
	}
	return b.String()
}
