//go:build !windows && !darwin

package credentials

import "strings"

// platformMaxSecret: the Secret Service has no limit that matters here.
const platformMaxSecret = 0

const (
	platformServiceHint = "install and start gnome-keyring or KWallet, then try again"
	platformHungHint    = "unlock your keyring (it may be waiting for its password) and try again"
)

// noService recognises the errors of a session without a Secret Service: no
// D-Bus session bus, or no keyring daemon on it.
func noService(err error) bool {
	msg := err.Error()
	for _, sign := range []string{"org.freedesktop.secrets", "dbus", "DBUS_SESSION_BUS_ADDRESS", "dial unix", "X11"} {
		if strings.Contains(msg, sign) {
			return true
		}
	}
	return false
}
