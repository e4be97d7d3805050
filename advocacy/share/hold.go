package share

import (
	"context"
	"database/sql"
	"slices"
)

// HoldNotFor holds, within tx, the shares not gone yet whose approved item
// is one of contentIDs, because the user's new role may not see those
// items: each is settled as not posted with WhyNotForRole, a step on the
// audit trail, so that nothing meant for employees goes out after the user
// has left. It returns how many it held.
func (o *Outbox) HoldNotFor(ctx context.Context, tx *sql.Tx, contentIDs []string, role string) (int, error) {
	if len(contentIDs) == 0 {
		return 0, nil
	}
	rows, err := tx.QueryContext(ctx, "SELECT "+shareColumns+" FROM shares WHERE state IN (?, ?, ?) AND content_id <> ''", Queued, Waiting, Reconnect)
	if err != nil {
		return 0, err
	}
	var waiting []Share
	for rows.Next() {
		s, err := scanShare(rows)
		if err != nil {
			rows.Close()
			return 0, err
		}
		if slices.Contains(contentIDs, s.ContentID) {
			waiting = append(waiting, s)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	n := 0
	for _, s := range waiting {
		s.State, s.Error, s.Why = Failed, "held: its approved item is not meant for "+role, WhyNotForRole
		ok, err := o.transitionIn(ctx, tx, s, []string{Queued, Waiting, Reconnect}, KindBlocked, shareRecord(s))
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}
