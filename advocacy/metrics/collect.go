package metrics

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/advocate-app/advocate/advocacy/network"
)

// stampLayout is how the store writes times (store.FormatTime), which
// sorts as text.
const stampLayout = "2006-01-02T15:04:05.000000000Z07:00"

// Collect adds up the shares this desktop posted in the week that begins
// at start (WeekStart) to the user's own accounts — never the practice
// account's — per campaign and network, each with its latest counts read
// so far (advocacy/engagement keeps them). Only numbers leave the
// database: neither the text, the link nor the account of any share.
func Collect(ctx context.Context, db *sql.DB, install string, start time.Time) (Aggregate, error) {
	start = WeekStart(start)
	end := start.AddDate(0, 0, 7)
	a := Aggregate{Format: Format, Install: install, Week: WeekName(start), WeekStart: start.Format(time.DateOnly), Rows: []Row{}}
	rows, err := db.QueryContext(ctx, `SELECT s.campaign, s.network, r.id IS NOT NULL,
		COALESCE(r.reactions, 0), COALESCE(r.reposts, 0), COALESCE(r.replies, 0)
		FROM engagement_tracks t JOIN shares s ON s.id = t.share_id
		LEFT JOIN engagement_readings r ON r.id = (SELECT id FROM engagement_readings
			WHERE share_id = t.share_id AND status = 'read' ORDER BY at DESC, id DESC LIMIT 1)
		WHERE t.posted_at >= ? AND t.posted_at < ? AND s.account_id <> 0`,
		start.Format(stampLayout), end.Format(stampLayout))
	if err != nil {
		return a, fmt.Errorf("metrics: add up the week's shares: %w", err)
	}
	defer rows.Close()
	type group struct {
		campaign string
		net      network.ID
	}
	byGroup := map[group]*Row{}
	for rows.Next() {
		var g group
		var measured bool
		var reactions, reposts, replies int64
		if err := rows.Scan(&g.campaign, &g.net, &measured, &reactions, &reposts, &replies); err != nil {
			return a, fmt.Errorf("metrics: add up the week's shares: %w", err)
		}
		r := byGroup[g]
		if r == nil {
			r = &Row{Campaign: g.campaign, Network: g.net}
			byGroup[g] = r
		}
		r.Shares++
		if measured {
			r.Measured++
			r.Reactions += reactions
			r.Reposts += reposts
			r.Replies += replies
		}
	}
	if err := rows.Err(); err != nil {
		return a, fmt.Errorf("metrics: add up the week's shares: %w", err)
	}
	for _, r := range byGroup {
		a.Rows = append(a.Rows, *r)
	}
	slices.SortFunc(a.Rows, func(x, y Row) int {
		return cmp.Or(cmp.Compare(x.Campaign, y.Campaign), cmp.Compare(x.Network, y.Network))
	})
	return a, nil
}
