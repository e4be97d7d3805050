//go:build windows

package credentials

import (
	"errors"
	"syscall"
)

// platformMaxSecret is the most the Windows Credential Manager keeps in one
// credential (CRED_MAX_CREDENTIAL_BLOB_SIZE, 5 × 512 bytes).
const platformMaxSecret = 2560

const (
	platformServiceHint = "sign in to Windows with your own account (the Credential Manager needs a loaded user profile), then try again"
	platformHungHint    = "try again, and restart Windows if it keeps happening"
)

// errNoLogonSession is ERROR_NO_SUCH_LOGON_SESSION: the Credential Manager
// has no profile for this process (a service account, a runas without one).
const errNoLogonSession = syscall.Errno(1312)

func noService(err error) bool { return errors.Is(err, errNoLogonSession) }
