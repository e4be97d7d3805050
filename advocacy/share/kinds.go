package share

// Why says why a share is where it is, for the interface to word in the
// user's language; Share.Error keeps the details, in English, for the
// record.
type Why string

// The reasons a share can be waiting, unconfirmed, failed or settled.
const (
	WhyNone Why = ""
	// WhyStopped: Advocate stopped while it was posting.
	WhyStopped Why = "stopped"
	// WhyBlockedLater: the policy in force when it was due blocks it.
	WhyBlockedLater Why = "blocked_later"
	// WhyDuplicate: the network already had it.
	WhyDuplicate Why = "duplicate"
	// WhyReconnect: the network no longer accepts the account's sign-in.
	WhyReconnect Why = "reconnect"
	// WhyRateLimited: the network asked to wait (until NextAttempt).
	WhyRateLimited Why = "rate_limited"
	// WhyTooLong: the network refused it for its length.
	WhyTooLong Why = "too_long"
	// WhyOffline: the network could not be reached; it goes when it can.
	WhyOffline Why = "offline"
	// WhyNoAnswer: no answer; it is sent again with the same key.
	WhyNoAnswer Why = "no_answer"
	// WhyUnclear: no clear answer from a network that keeps no key.
	WhyUnclear Why = "unclear"
	// WhyServer: the network failed on its side; it is tried again.
	WhyServer Why = "server"
	// WhyRefused: the network refused it.
	WhyRefused Why = "refused"
	// WhyConfirmed: found on the network after an unclear answer.
	WhyConfirmed Why = "confirmed"
	// WhyNotForRole: held because its approved item is not meant for the
	// user's role any more (an employee who became alumni).
	WhyNotForRole Why = "not_for_role"
)

// Kinds of the audit records the share pipeline writes, one per step.
const (
	KindCheck       = "check"
	KindQueued      = "share.queued"
	KindPosting     = "share.posting"
	KindPosted      = "share.posted"
	KindWaiting     = "share.waiting"
	KindFailed      = "share.failed"
	KindUnconfirmed = "share.unconfirmed"
	KindConfirmed   = "share.confirmed"
	KindBlocked     = "share.blocked"
	KindCancelled   = "share.cancelled"
	KindRetried     = "share.retried"
	KindResumed     = "share.resumed"
	KindRequeued    = "share.requeued"
	KindBrowser     = "share.browser"
)
