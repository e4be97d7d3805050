package retryafter

import (
	"testing"
	"time"
)

func TestParseReadsSecondsOrADate(t *testing.T) {
	date := time.Date(2026, 12, 2, 15, 4, 5, 0, time.UTC)
	for _, c := range []struct {
		in    string
		after time.Duration
		until time.Time
		ok    bool
	}{
		{"120", 2 * time.Minute, time.Time{}, true},
		{" 0 ", 0, time.Time{}, true},
		{"Wed, 02 Dec 2026 15:04:05 GMT", 0, date, true},
		{"Wednesday, 02-Dec-26 15:04:05 GMT", 0, date, true}, // RFC 850, which HTTP still accepts
		{"", 0, time.Time{}, false},
		{"-5", 0, time.Time{}, false},
		{"soon", 0, time.Time{}, false},
		{"1.5", 0, time.Time{}, false},
		{"99999999999999999999", 0, time.Time{}, false},
		{"9300000000000", 0, time.Time{}, false}, // beyond a time.Duration
	} {
		after, until, ok := Parse(c.in)
		if after != c.after || !until.Equal(c.until) || ok != c.ok {
			t.Errorf("Parse(%q) = %v, %v, %v; want %v, %v, %v", c.in, after, until, ok, c.after, c.until, c.ok)
		}
	}
}
