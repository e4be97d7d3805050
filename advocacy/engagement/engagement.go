// Package engagement reads back what each posted share earned: its public
// counts (reactions, reposts, replies, quotes, impressions where the
// network gives them), on a decaying schedule after it was posted, kept as
// a time series in the local database.
//
// It is polite to the networks: one batched request per network and
// account per round where the API allows it, Retry-After and rate-limit
// headers obeyed, and nothing at all while offline. Where a network cannot
// answer, a reading says "not available" — never an estimate; a post the
// network no longer has is marked deleted, not zero.
//
// The network clients (advocacy/networks/...) implement Reader; the
// application core decides which reader serves which account.
package engagement

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/advocate-app/advocate/advocacy/networks"
	"github.com/advocate-app/advocate/advocacy/retryafter"
)

// Steps are when a share's counts are read, after it was posted; after the
// last one it is no longer read.
var Steps = []time.Duration{
	time.Hour,
	6 * time.Hour,
	24 * time.Hour,
	3 * 24 * time.Hour,
	7 * 24 * time.Hour,
	30 * 24 * time.Hour,
}

// Count is one number a network gave, or none (Known false) where it gives
// none: "not available", never zero in its place.
type Count struct {
	N     int64
	Known bool
}

// Of is a count the network gave.
func Of(n int64) Count { return Count{N: n, Known: true} }

// String is the number, or "not available".
func (c Count) String() string {
	if !c.Known {
		return "not available"
	}
	return strconv.FormatInt(c.N, 10)
}

// Counts are a post's public counts at one time. Reactions are likes,
// favourites or LinkedIn's reactions; Reposts are reblogs, reposts,
// retweets or reshares; Replies are replies or comments.
type Counts struct {
	Reactions, Reposts, Replies, Quotes, Impressions Count
}

// Status says what a reading found.
type Status string

// What a reading can find.
const (
	// Read: the network gave the post's counts.
	Read Status = "read"
	// Deleted: the network no longer has the post (it answered 404 or its
	// equivalent). The share is not read again.
	Deleted Status = "deleted"
	// NotAvailable: the network cannot give these counts (the
	// organisation's app lacks the permission, reading is turned off, the
	// post's id is unknown …); Reason says why.
	NotAvailable Status = "not_available"
)

// Reasons a reading is not available, for the interface to word.
const (
	// ReasonOff: reading this network is off (X charges per read, so it is
	// read only when the organisation's bundle turns it on).
	ReasonOff = "off"
	// ReasonNoPermission: the organisation's app may not read the counts
	// (LinkedIn without r_member_postAnalytics, an X plan without reads).
	ReasonNoPermission = "no_permission"
	// ReasonSignIn: the server shows counts only to signed-in readers.
	ReasonSignIn = "sign_in"
	// ReasonNoPostID: the network never said which post it made (a share
	// the network already had, for instance).
	ReasonNoPostID = "no_post_id"
	// ReasonNoAccount: the account it was posted with is no longer
	// connected.
	ReasonNoAccount = "no_account"
	// ReasonHidden: the network has the post but does not show it (a
	// private post, a blocked or suspended account).
	ReasonHidden = "hidden"
)

// Result is what a reader found for one post.
type Result struct {
	Status Status
	Counts Counts
	// Reason says why, for NotAvailable.
	Reason string
}

// Found is a Result with the post's counts.
func Found(c Counts) Result { return Result{Status: Read, Counts: c} }

// Gone is the Result for a post the network no longer has.
func Gone() Result { return Result{Status: Deleted} }

// Unknown is the Result for counts the network cannot give, and why.
func Unknown(reason string) Result { return Result{Status: NotAvailable, Reason: reason} }

// Batch is a reader's answer for a batch of posts, by the post's id on the
// network. A post missing from Results was not read this time (the reader
// stopped early); it is read in a later round.
type Batch struct {
	Results map[string]Result
	// Limit, when set, says the network's allowance is spent although it
	// answered: no more reads until then.
	Limit *Wait
}

// Reader reads the public counts of posts, by their ids on one network
// (networks.Result.ID). It batches as the network allows, and returns
// what it read before any error: a *Wait when the network limits reads,
// an error wrapping networks.ErrReconnect for a sign-in to renew, others
// for a network that could not be reached or answered badly.
type Reader interface {
	Engagement(ctx context.Context, ids []string) (Batch, error)
}

// Wait says a network wants no more reads until Until, or for After from
// when it said so (Retry-After in seconds). It unwraps to a
// *networks.RateLimited, so that it is classified like any other limit.
type Wait struct {
	Network string
	Until   time.Time
	After   time.Duration
}

func (w *Wait) Error() string {
	switch {
	case w.After > 0:
		return fmt.Sprintf("engagement: %s asks to wait %s before reading again", w.Network, w.After)
	case !w.Until.IsZero():
		return fmt.Sprintf("engagement: %s asks to wait until %s before reading again", w.Network, w.Until.UTC().Format(time.RFC3339))
	}
	return fmt.Sprintf("engagement: %s is limiting reads for now", w.Network)
}

// Unwrap is the limit as a *networks.RateLimited.
func (w *Wait) Unwrap() error { return &networks.RateLimited{Network: w.Network, Reset: w.Until} }

// Resume is when reading may start again, by the clock now: After from
// now, else Until, else fallback from now.
func (w *Wait) Resume(now time.Time, fallback time.Duration) time.Time {
	return retryafter.Resume(now, w.After, w.Until, fallback)
}

// Limited reads a network's limit from an answer's headers: Retry-After
// (seconds, or an HTTP date) and the reset the network's own header gave
// (zero if none). It returns nil when neither says anything.
func Limited(network string, h http.Header, reset time.Time) *Wait {
	w := &Wait{Network: network, Until: reset}
	if after, until, ok := retryafter.Parse(h.Get("Retry-After")); ok {
		w.After = after
		if !until.IsZero() {
			w.Until = until
		}
	}
	if w.After == 0 && w.Until.IsZero() {
		return nil
	}
	return w
}

// Spent reports an answer whose remaining allowance (the value of the
// network's "remaining" header) is zero: the next read would be refused.
func Spent(h http.Header, remainingHeader string) bool {
	v := strings.TrimSpace(h.Get(remainingHeader))
	n, err := strconv.ParseInt(v, 10, 64)
	return err == nil && n <= 0
}

// UnixReset reads a reset header that holds Unix seconds (X, Bluesky).
func UnixReset(v string) time.Time {
	secs, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || secs <= 0 {
		return time.Time{}
	}
	return time.Unix(secs, 0)
}

// Unavailable is the error a Source returns for an account whose counts
// cannot be read at all; Reason is one of the Reason constants.
type Unavailable struct{ Reason string }

func (u *Unavailable) Error() string { return "engagement: counts not available (" + u.Reason + ")" }

// NotReadable is an *Unavailable for reason.
func NotReadable(reason string) error { return &Unavailable{Reason: reason} }

// unavailable reports the reason in err, if it is an *Unavailable.
func unavailable(err error) (string, bool) {
	var u *Unavailable
	if errors.As(err, &u) {
		return u.Reason, true
	}
	return "", false
}
