package core

import (
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/managed"
	"github.com/advocate-app/advocate/advocacy/org"
	"github.com/advocate-app/advocate/advocacy/signing"
)

// ErrSetByOrganisation is returned by a workflow that would change a
// setting the organisation enforces on this computer.
var ErrSetByOrganisation = errors.New("core: this setting is set by your organisation and cannot be changed here")

// Managed is what the organisation set on this computer (Config.Managed);
// never nil.
func (c *Core) Managed() *managed.Config {
	if c.cfg.Managed == nil {
		return &managed.Config{}
	}
	return c.cfg.Managed
}

// Locked says whether the organisation enforces k, so that Settings shows
// it locked ("Set by your organisation"). A role of "ask" enforces nothing.
func (c *Core) Locked(k managed.Key) bool {
	m := c.Managed()
	if k == managed.Role {
		v, _ := m.Enforced[managed.Role].(string)
		return v == bundle.RoleEmployee || v == bundle.RoleAlumni
	}
	return m.Locked(k)
}

// orgValue is the text of what the organisation set for k in tier, if
// anything: a list's items joined by keySeparator (PublisherKeys), a role
// other than "ask".
func orgValue(tier managed.Tier, k managed.Key) (string, bool) {
	v, ok := tier[k]
	if !ok {
		return "", false
	}
	switch v := v.(type) {
	case []string:
		if len(v) == 0 {
			return "", false
		}
		return strings.Join(v, keySeparator), true
	case string:
		if k == managed.Role && v == managed.RoleAsk {
			return "", false
		}
		return v, true
	}
	return "", false
}

// orgSetting is the effective text of a setting the organisation can set:
// enforced, else the user's own (setting), else recommended, else def.
func (c *Core) orgSetting(k managed.Key, setting, def string) string {
	m := c.Managed()
	if v, ok := orgValue(m.Enforced, k); ok {
		return v
	}
	if v := c.Setting(setting, ""); v != "" {
		return v
	}
	if v, ok := orgValue(m.Recommended, k); ok {
		return v
	}
	return def
}

// orgRefreshEvery is the news interval the organisation set (enforced, or
// recommended when the user chose none), if any.
func (c *Core) orgRefreshEvery() (time.Duration, bool) {
	m := c.Managed()
	v, ok := orgValue(m.Enforced, managed.NewsRefresh)
	if !ok && c.Setting(settingEvery, "") == "" {
		v, ok = orgValue(m.Recommended, managed.NewsRefresh)
	}
	if !ok {
		return 0, false
	}
	d, err := managed.RefreshDuration(v)
	return d, err == nil
}

// checkManagedBundle refuses a bundle or key other than the enforced ones.
func (c *Core) checkManagedBundle(ref, keyText string) error {
	m := c.Managed()
	if want, ok := orgValue(m.Enforced, managed.BundleURL); ok && ref != want {
		return ErrSetByOrganisation
	}
	if keys, ok := m.Enforced[managed.PublisherKeys].([]string); ok && len(keys) > 0 {
		got, err := publisherKeys(ref, keyText)
		if err != nil {
			return err
		}
		enforced, _ := publisherKeys(ref, strings.Join(keys, "\n"))
		// Every key given must be one the organisation enforces.
		for _, g := range got {
			if !slices.ContainsFunc(enforced, func(w *signing.PublicKey) bool { return w.KeyID() == g.KeyID() && w.Key.Equal(g.Key) }) {
				return ErrSetByOrganisation
			}
		}
	}
	return nil
}

// SettingNotify keeps whether the user wants desktop notifications: "on"
// or "off".
const SettingNotify = "notify"

// Effective gives every setting the organisation can set with its value
// and where it came from (managed, user, recommended, default), as
// `advocatectl config show` shows it.
func (c *Core) Effective() map[managed.Key]managed.Value {
	return EffectiveSettings(c.Managed(), c.Setting)
}

// EffectiveSettings resolves every setting the organisation can set from
// its configuration m and the user's own choices, read by setting (a key
// and the value to give when it is unset) — from a running core or from
// the data folder's database.
func EffectiveSettings(m *managed.Config, setting func(key, def string) string) map[managed.Key]managed.Value {
	user := managed.Tier{}
	if v := setting(org.SettingSource, ""); v != "" {
		user[managed.BundleURL] = v
	}
	if v := setting(org.SettingKey, ""); v != "" {
		user[managed.PublisherKeys] = keyTexts(v)
	}
	if v := setting(settingRole, ""); v != "" {
		user[managed.Role] = v
	}
	if d, err := time.ParseDuration(setting(settingEvery, "")); err == nil {
		user[managed.NewsRefresh] = refreshText(d)
	}
	for key, choice := range map[managed.Key]string{managed.Metrics: setting(SettingMetricsAgree, ""), managed.Notifications: setting(SettingNotify, "")} {
		switch choice {
		case "on":
			user[key] = true
		case "off":
			user[key] = false
		}
	}
	defaults := managed.Tier{
		managed.BundleURL:     bundle.DemoRef,
		managed.Role:          bundle.RoleEmployee,
		managed.NewsRefresh:   refreshText(time.Hour),
		managed.Metrics:       false,
		managed.Notifications: true,
	}
	return m.Resolve(user, nil, defaults)
}

func refreshText(d time.Duration) string {
	if d < 0 {
		return "manual"
	}
	s := d.String()
	if len(s) > 2 && s[len(s)-2:] == "0s" {
		s = s[:len(s)-2]
	}
	if len(s) > 3 && s[len(s)-3:] == "h0m" {
		s = s[:len(s)-2]
	}
	return s
}

// keyTexts splits the user's publisher key setting into its keys' base64
// texts.
func keyTexts(keyText string) []string {
	var keys []string
	for _, line := range strings.Split(keyText, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "untrusted comment:") {
			continue
		}
		keys = append(keys, strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\r' })...)
	}
	return keys
}
