// Package metrics makes and sends a desktop's weekly aggregates: for one
// week, per campaign and network, how many shares were posted and the
// counts they earned, summed. An aggregate carries no post text, no
// account names and no per-post rows; only a random per-install
// identifier the user can reset ties one week to the next. The
// organisation's metrics endpoint (the bundle's manifest names it)
// receives them, and advocatectl report turns many desktops' aggregates
// into the programme's report.
//
// Weeks are ISO weeks in UTC (Monday 00:00 to Monday 00:00), the same on
// every desktop, so that the report can add desktops up.
package metrics

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/advocate-app/advocate/advocacy/network"
)

// Format is the version of the aggregate's JSON shape.
const Format = 1

// Aggregate is one desktop's week, exactly as it is POSTed:
//
//	{"format":1,"install":"5f0c…","week":"2026-W48","week_start":"2026-11-23",
//	 "rows":[{"campaign":"launch","network":"mastodon","shares":2,"measured":2,
//	          "reactions":14,"reposts":3,"replies":1}]}
type Aggregate struct {
	Format int `json:"format"`
	// Install is the random per-install identifier (32 hex digits).
	Install string `json:"install"`
	// Week is the ISO week, "2026-W48"; WeekStart its Monday, "2026-11-23".
	Week      string `json:"week"`
	WeekStart string `json:"week_start"`
	// Rows are per campaign and network, sorted by both; a week without
	// shares has none.
	Rows []Row `json:"rows"`
}

// Row is one campaign on one network in one week. Campaign is "" for
// shares outside a campaign. Shares is how many were posted; Measured how
// many of them the network gave counts for; the sums add those shares'
// latest counts (a count the network does not give adds nothing).
type Row struct {
	Campaign  string     `json:"campaign"`
	Network   network.ID `json:"network"`
	Shares    int        `json:"shares"`
	Measured  int        `json:"measured"`
	Reactions int64      `json:"reactions"`
	Reposts   int64      `json:"reposts"`
	Replies   int64      `json:"replies"`
}

// WeekStart is the Monday 00:00 UTC that begins t's week.
func WeekStart(t time.Time) time.Time {
	t = t.UTC()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
}

// WeekName is the ISO week of t, "2026-W48".
func WeekName(t time.Time) string {
	y, w := t.UTC().ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// ParseWeekStart reads a week_start ("2026-11-23"), which must be a Monday.
func ParseWeekStart(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("metrics: week_start %q: %w", s, err)
	}
	if t.Weekday() != time.Monday {
		return time.Time{}, fmt.Errorf("metrics: week_start %q is not a Monday", s)
	}
	return t, nil
}

// NewInstallID is a fresh random per-install identifier.
func NewInstallID() string {
	var b [16]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	return hex.EncodeToString(b[:])
}

// ValidInstallID says whether id looks like one NewInstallID made.
func ValidInstallID(id string) bool {
	if len(id) != 32 {
		return false
	}
	_, err := hex.DecodeString(id)
	return err == nil
}

// Key is the aggregate's idempotency key: the same install and week always
// give the same key, so that an endpoint can keep one copy of an
// aggregate sent twice (an answer lost on the way back).
func (a Aggregate) Key() string {
	sum := sha256.Sum256([]byte("advocate-metrics\n" + a.Install + "\n" + a.WeekStart))
	return hex.EncodeToString(sum[:16])
}

// Encode is the aggregate's JSON, indented, exactly as it is sent and as
// Settings shows it.
func (a Aggregate) Encode() []byte {
	if a.Rows == nil {
		a.Rows = []Row{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(a) // plain strings and numbers: cannot fail
	return buf.Bytes()
}

// ErrNotAggregate says a JSON value is not an aggregate this version reads.
var ErrNotAggregate = errors.New("metrics: not a weekly aggregate")

// Check reports what is wrong with a decoded aggregate, wrapping
// ErrNotAggregate.
func (a Aggregate) Check() error {
	switch {
	case a.Format != Format:
		return fmt.Errorf("%w: format %d (this version reads %d)", ErrNotAggregate, a.Format, Format)
	case !ValidInstallID(a.Install):
		return fmt.Errorf("%w: install %q is not 32 hex digits", ErrNotAggregate, a.Install)
	}
	start, err := ParseWeekStart(a.WeekStart)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrNotAggregate, err)
	}
	if a.Week != "" && a.Week != WeekName(start) {
		return fmt.Errorf("%w: week %q does not begin on %s", ErrNotAggregate, a.Week, a.WeekStart)
	}
	for _, r := range a.Rows {
		if !r.Network.Known() || r.Shares < 0 || r.Measured < 0 || r.Measured > r.Shares || r.Reactions < 0 || r.Reposts < 0 || r.Replies < 0 {
			return fmt.Errorf("%w: a row for %q on %q has impossible numbers", ErrNotAggregate, r.Campaign, r.Network)
		}
	}
	return nil
}
