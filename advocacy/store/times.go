package store

import "time"

// timeLayout is how the database keeps times: UTC, RFC 3339 with
// nanoseconds, so that text order is time order.
const timeLayout = time.RFC3339Nano

// FormatTime gives t as the database keeps it; the zero time is "".
func FormatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

// ParseTime reads a time kept by FormatTime; "" and anything unreadable
// give the zero time.
func ParseTime(s string) time.Time {
	t, _ := time.Parse(timeLayout, s)
	return t
}
