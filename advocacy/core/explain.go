package core

import (
	"context"
	"errors"
	"net"
	"regexp"
	"syscall"
	"time"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/credentials"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/networks"
	"github.com/advocate-app/advocate/advocacy/org"
	"github.com/advocate-app/advocate/advocacy/store"
	"github.com/advocate-app/advocate/feeds"
)

// Trouble names what went wrong in terms of what the user can do about
// it; the interface words each in the user's language.
type Trouble int

// The troubles the core tells apart.
const (
	// TroubleOther is anything else: Detail says what.
	TroubleOther Trouble = iota
	TroubleEmpty
	TroubleBlocked
	TroubleReasonNeeded
	TroubleNotChecked
	TroubleNoPolicy
	TroubleMissingSignIn
	TroubleAccountGone
	TroubleNotLoadedYet
	TroubleNoApp
	TroubleUnknownNetwork
	// TroubleOffline: no connection (no name, refused, unreachable).
	TroubleOffline
	// TroubleTimeout: no answer in time.
	TroubleTimeout
	// TroubleReconnect: the network no longer accepts the sign-in.
	TroubleReconnect
	// TroubleRateLimited: the network wants no more until Until (which
	// may be zero).
	TroubleRateLimited
	// TroubleTooLong: Count of Limit characters on Network.
	TroubleTooLong
	// TroubleDuplicate: the network already has the post.
	TroubleDuplicate
	// TroubleServerDown: Network (or Host) answered Status 5xx.
	TroubleServerDown
	// TroubleRefused: Network (or Host) answered Status; Detail is its
	// scrubbed message, if any.
	TroubleRefused
	// TroubleUnreadable: an answer came but could not be read.
	TroubleUnreadable
	// TroubleNotVerified: the bundle's signature check failed; Detail
	// says which file and why.
	TroubleNotVerified
	// TroubleRollback: the server offered an older bundle than the one in
	// force (or the same version with other content); Detail says which.
	TroubleRollback
	// TroubleNoKey: a bundle was chosen without its publisher key.
	TroubleNoKey
	// TroubleNotKept: no copy of the bundle is kept for offline use.
	TroubleNotKept
	// TroubleKeyring: the system keyring cannot be reached.
	TroubleKeyring
	// TroubleSecretMissing: the keyring no longer holds the sign-in.
	TroubleSecretMissing
	TroubleDatabaseBusy
	TroubleDatabaseDamaged
	TroubleDatabaseTooNew
	TroubleAlreadyRunning
	// TroublePrivateAddress: a feed on a private network address, which
	// only the organisation's bundle may allow.
	TroublePrivateAddress
	// TroubleTrailBroken: the audit trail lost or changed records since
	// Advocate last saw it; Detail says which.
	TroubleTrailBroken
	// TroubleNotForRole: the share's approved item is not meant for the
	// user's role (it was held when the user became alumni).
	TroubleNotForRole
	// TroubleCount is how many troubles there are; it names none.
	TroubleCount
)

// Explained is an error classified for the user. The full error, with
// the packages' prefixes, belongs in the logs.
type Explained struct {
	Trouble Trouble
	// Network names the network or host concerned, when known.
	Network string
	Status  int
	Until   time.Time
	Count   int
	Limit   int
	// Detail is the error's own words without the packages' prefixes.
	Detail string
}

// sentinels maps the errors a user can act on to their trouble.
var sentinels = []struct {
	err     error
	trouble Trouble
}{
	{ErrEmpty, TroubleEmpty}, {ErrBlocked, TroubleBlocked}, {ErrReasonNeeded, TroubleReasonNeeded},
	{ErrNotChecked, TroubleNotChecked}, {ErrNoPolicy, TroubleNoPolicy}, {ErrMissingSignIn, TroubleMissingSignIn},
	{ErrAccountGone, TroubleAccountGone}, {ErrNotLoadedYet, TroubleNotLoadedYet}, {ErrNoApp, TroubleNoApp},
	{networks.ErrReconnect, TroubleReconnect}, {networks.ErrDuplicate, TroubleDuplicate},
	{networks.ErrUnreadable, TroubleUnreadable}, {networks.ErrTooLarge, TroubleUnreadable},
	{bundle.ErrNotVerified, TroubleNotVerified}, {bundle.ErrNotRegular, TroubleNotVerified}, {bundle.ErrNotNewer, TroubleRollback}, {org.ErrNotKept, TroubleNotKept}, {org.ErrNoKey, TroubleNoKey},
	{credentials.ErrUnavailable, TroubleKeyring}, {credentials.ErrNotFound, TroubleSecretMissing},
	{store.ErrBusy, TroubleDatabaseBusy}, {store.ErrCorrupt, TroubleDatabaseDamaged}, {store.ErrTooNew, TroubleDatabaseTooNew},
	{store.ErrAlreadyRunning, TroubleAlreadyRunning}, {feeds.ErrPrivateAddress, TroublePrivateAddress},
	{ErrTrailBroken, TroubleTrailBroken}, {ErrNotForRole, TroubleNotForRole},
}

// packagePrefix is the "name: " a Go package puts before its messages.
var packagePrefix = regexp.MustCompile(`(^|; |: )[a-z]+: `)

// Explain classifies err for the user, by its type and the errors it
// wraps, never by its words.
func Explain(err error) Explained {
	if err == nil {
		return Explained{}
	}
	e := Explained{Detail: packagePrefix.ReplaceAllString(err.Error(), "$1")}
	var (
		rl      *networks.RateLimited
		feedRL  *feeds.RateLimited
		tl      *networks.TooLong
		status  *networks.StatusError
		bundleS *bundle.HTTPError
		unknown *network.UnknownError
	)
	switch {
	case errors.As(err, &rl):
		e.Trouble, e.Network, e.Until = TroubleRateLimited, rl.Network, rl.Reset
	case errors.As(err, &feedRL):
		e.Trouble, e.Until = TroubleRateLimited, feedRL.Until
	case errors.As(err, &tl):
		e.Trouble, e.Network, e.Count, e.Limit = TroubleTooLong, tl.Network, tl.Count, tl.Limit
	case errors.As(err, &status):
		e.Trouble, e.Network, e.Status, e.Detail = TroubleRefused, status.Network, status.Status, status.Detail()
		if status.ServerSide() {
			e.Trouble = TroubleServerDown
		}
	case errors.As(err, &bundleS):
		e.Trouble, e.Network, e.Status, e.Detail = TroubleRefused, bundleS.Address, bundleS.Status, ""
		if bundleS.Status >= 500 {
			e.Trouble = TroubleServerDown
		}
	case errors.As(err, &unknown):
		e.Trouble, e.Network = TroubleUnknownNetwork, unknown.Name
	default:
		for _, s := range sentinels {
			if errors.Is(err, s.err) {
				e.Trouble = s.trouble
				return e
			}
		}
		switch {
		case offline(err):
			e.Trouble = TroubleOffline
		case timedOut(err):
			e.Trouble = TroubleTimeout
		}
	}
	return e
}

// offline recognises a request that never reached its server.
func offline(err error) bool {
	var dns *net.DNSError
	var op *net.OpError
	return errors.As(err, &dns) || (errors.As(err, &op) && op.Op == "dial" && !op.Timeout()) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, syscall.EHOSTUNREACH)
}

// timedOut recognises a request that got no answer in time.
func timedOut(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}
