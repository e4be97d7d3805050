// Package retryafter reads the Retry-After header of an HTTP answer
// (RFC 9110, section 10.2.3), which says how long to wait before asking
// again: a number of seconds, or an HTTP date. The feeds, the networks'
// engagement reads and the organisation's endpoints all obey it.
package retryafter

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Parse reads a Retry-After value: after is the wait when it gives
// seconds, until the time when it gives a date. ok is false when it says
// neither: empty, negative, too many seconds for a time.Duration, or not
// a date. Capping a long wait is the caller's choice.
func Parse(v string) (after time.Duration, until time.Time, ok bool) {
	v = strings.TrimSpace(v)
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 || secs > math.MaxInt64/int64(time.Second) {
			return 0, time.Time{}, false
		}
		return time.Duration(secs) * time.Second, time.Time{}, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return 0, t, true
	}
	return 0, time.Time{}, false
}

// Resume is when to ask again by the clock now, after an answer that said
// to wait after (from when it said so) or until: after from now, else
// until if it is still ahead, else fallback from now.
func Resume(now time.Time, after time.Duration, until time.Time, fallback time.Duration) time.Time {
	switch {
	case after > 0:
		return now.Add(after)
	case until.After(now):
		return until
	}
	return now.Add(fallback)
}
