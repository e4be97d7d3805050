//go:build darwin

package credentials

import "strings"

// platformMaxSecret: the Keychain has no limit that matters here.
const platformMaxSecret = 0

const (
	platformServiceHint = "open Keychain Access, unlock your login keychain, then try again"
	platformHungHint    = "unlock your login keychain (macOS may be asking for its password) and try again"
)

func noService(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "/usr/bin/security") || strings.Contains(msg, "executable file not found")
}
