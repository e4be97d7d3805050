package ui

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/store"
)

// seedImpact records twelve weeks of posted shares up to now, to Mastodon
// and Bluesky (each read three times, its counts rising) and to LinkedIn
// (whose counts the organisation's app may not read), some in the demo's
// campaigns, and two practice posts, as Impact's pictures show them.
func seedImpact(t testing.TB, db *sql.DB, now time.Time) {
	t.Helper()
	ctx := context.Background()
	stamp := func(at time.Time) string { return at.UTC().Format(time.RFC3339Nano) }
	monday := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	monday = monday.AddDate(0, 0, -((int(monday.Weekday()) + 6) % 7))
	perWeek := []int{1, 2, 2, 3, 2, 4, 3, 5, 4, 5, 6, 4}
	nets := []network.ID{network.Mastodon, network.Bluesky, network.Mastodon, network.LinkedIn, network.Bluesky}
	campaigns := []string{"atlas-3-launch", "", "hiring-2026", "atlas-3-launch"}
	exec := func(q string, args ...any) {
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	n := 0
	for k, count := range perWeek {
		start := monday.AddDate(0, 0, -7*(len(perWeek)-1-k))
		for j := range count {
			n++
			net := nets[n%len(nets)]
			posted := start.Add(time.Duration(26+11*j) * time.Hour)
			if latest := now.Add(-26 * time.Hour); posted.After(latest) {
				posted = latest.Add(-time.Duration(j) * time.Hour)
			}
			account := 1
			if net == network.Bluesky {
				account = 2
			} else if net == network.LinkedIn {
				account = 3
			}
			exec(`INSERT INTO shares(id, created_at, network, account_id, text, idem_key, state, campaign, result_id, result_url)
				VALUES(?, ?, ?, ?, ?, ?, 'posted', ?, ?, ?)`, n, store.FormatTime(posted), net, account,
				fmt.Sprintf("Atlas 3 update #%d from the Larkspur team", n), fmt.Sprintf("seed-%d", n), campaigns[n%len(campaigns)],
				fmt.Sprint(1000+n), fmt.Sprintf("https://social.example/@me/%d", 1000+n))
			exec(`INSERT INTO engagement_tracks(share_id, posted_at, step, next_read, state) VALUES(?, ?, 3, '', 'done')`, n, stamp(posted))
			for i, after := range []time.Duration{time.Hour, 6 * time.Hour, 24 * time.Hour} {
				at := posted.Add(after)
				if net == network.LinkedIn {
					exec(`INSERT INTO engagement_readings(share_id, at, status, reason) VALUES(?, ?, 'not_available', 'no_permission')`, n, stamp(at))
					continue
				}
				likes := int64((2 + k + j) * (i + 1))
				exec(`INSERT INTO engagement_readings(share_id, at, status, reactions, reposts, replies) VALUES(?, ?, 'read', ?, ?, ?)`,
					n, stamp(at), likes, likes/3, int64(i+j%2))
			}
		}
	}
	for p := range 2 {
		n++
		exec(`INSERT INTO shares(id, created_at, network, account_id, text, idem_key, state) VALUES(?, ?, 'x', 0, 'practice run', ?, 'posted')`,
			n, store.FormatTime(now.Add(-time.Duration(p+2)*time.Hour)), fmt.Sprintf("seed-%d", n))
	}
}

// TestSeedImpactForScreenshots writes, when ADVOCATE_IMPACT_SEED names a
// folder, a database there with seedImpact's shares up to now and the
// appearance ADVOCATE_IMPACT_APPEARANCE (light or dark) in a 1280×800
// window, for a real
// window's pictures of Impact: advocate --data-dir FOLDER.
func TestSeedImpactForScreenshots(t *testing.T) {
	dir := os.Getenv("ADVOCATE_IMPACT_SEED")
	if dir == "" {
		t.Skip("ADVOCATE_IMPACT_SEED is not set")
	}
	c := newTestCore(t, dir)
	if v := os.Getenv("ADVOCATE_IMPACT_APPEARANCE"); v != "" {
		c.SetSetting(settingAppearance, map[string]string{"light": appearanceLight, "dark": appearanceDark}[v])
	}
	c.SetSetting(settingWindowSize, "1280x800") // the whole of the test session's screen
	c.SetSetting(settingWindowPlace, "0,0")
	seedImpact(t, c.Parts().Store.DB(), time.Now())
	o, err := c.ImpactOutlook(context.Background(), trendWeeks, trendRecent)
	if err != nil || len(o.Recent) != trendRecent {
		t.Fatalf("seeded outlook: %d recent, %v", len(o.Recent), err)
	}
}
