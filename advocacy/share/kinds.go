package share

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
