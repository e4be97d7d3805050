package engagement

import (
	"net/http"
	"testing"
	"time"
)

// TestRetryAfterAndResetHeaders: Retry-After is read in seconds or as an
// HTTP date, a network's own reset stands when Retry-After is absent, an
// answer with neither sets no wait, and only a remaining allowance of
// zero counts as spent.
func TestRetryAfterAndResetHeaders(t *testing.T) {
	now := time.Date(2026, 12, 2, 6, 0, 0, 0, time.UTC)
	reset := now.Add(10 * time.Minute)
	h := http.Header{}
	if Limited("X", h, time.Time{}) != nil {
		t.Error("a wait from no header")
	}
	if w := Limited("X", h, reset); w == nil || !w.Resume(now, time.Hour).Equal(reset) {
		t.Errorf("reset only: %+v", w)
	}
	h.Set("Retry-After", "90")
	if w := Limited("X", h, reset); w == nil || !w.Resume(now, time.Hour).Equal(now.Add(90*time.Second)) {
		t.Errorf("Retry-After seconds: %+v", w)
	}
	h.Set("Retry-After", now.Add(time.Hour).Format(http.TimeFormat))
	if w := Limited("X", h, time.Time{}); w == nil || !w.Resume(now, time.Minute).Equal(now.Add(time.Hour)) {
		t.Errorf("Retry-After date: %+v", w)
	}
	if w := (&Wait{Until: now.Add(-time.Hour)}); !w.Resume(now, 15*time.Minute).Equal(now.Add(15 * time.Minute)) {
		t.Error("a reset already past is not waited for; the fallback is")
	}
	for v, want := range map[string]bool{"0": true, "-1": true, "1": false, "": false, "x": false} {
		if got := Spent(http.Header{"X-Ratelimit-Remaining": {v}}, "X-RateLimit-Remaining"); got != want {
			t.Errorf("remaining %q: spent %v", v, got)
		}
	}
	if !UnixReset("1796191200").Equal(time.Unix(1796191200, 0)) || !UnixReset("soon").IsZero() {
		t.Error("UnixReset")
	}
}
