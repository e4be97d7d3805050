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

func TestResumeTakesTheWaitThenTheDateThenTheFallback(t *testing.T) {
	now := time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		after time.Duration
		until time.Time
		want  time.Time
	}{
		{2 * time.Minute, now.Add(time.Hour), now.Add(2 * time.Minute)},
		{0, now.Add(time.Hour), now.Add(time.Hour)},
		{0, now.Add(-time.Hour), now.Add(15 * time.Minute)},
		{0, time.Time{}, now.Add(15 * time.Minute)},
	} {
		if got := Resume(now, c.after, c.until, 15*time.Minute); !got.Equal(c.want) {
			t.Errorf("Resume(%v, %v) = %v, want %v", c.after, c.until, got, c.want)
		}
	}
}
