package core

import "github.com/advocate-app/advocate/advocacy/managed"

// Notifying reports whether Advocate sends desktop notifications: as the
// organisation enforces, else as the user chose (SettingNotify), else as
// the organisation recommends, else yes. It is what `advocatectl config
// show` reports for notifications.
func (c *Core) Notifying() bool {
	v, _ := EffectiveSettings(c.Managed(), c.Setting)[managed.Notifications].Value.(bool)
	return v
}

// SetNotifying keeps the user's choice; ErrSetByOrganisation when the
// organisation enforces it.
func (c *Core) SetNotifying(on bool) error {
	if c.Locked(managed.Notifications) {
		return ErrSetByOrganisation
	}
	value := "off"
	if on {
		value = "on"
	}
	c.SetSetting(SettingNotify, value)
	return nil
}
