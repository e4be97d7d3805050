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
	waiting, err := pendingOf(ctx, tx, contentIDs)
	if err != nil {
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

// PendingOf counts the shares not gone yet whose approved item is one of
// contentIDs: those HoldNotFor would hold.
func (o *Outbox) PendingOf(ctx context.Context, contentIDs []string) (int, error) {
	list, err := pendingOf(ctx, o.DB, contentIDs)
	return len(list), err
}

// pendingOf lists the shares not gone yet whose approved item is one of
// contentIDs.
func pendingOf(ctx context.Context, q querier, contentIDs []string) ([]Share, error) {
	if len(contentIDs) == 0 {
		return nil, nil
	}
	waiting, err := queryShares(ctx, q, "WHERE state IN (?, ?, ?) AND content_id <> ''", Queued, Waiting, Reconnect)
	return slices.DeleteFunc(waiting, func(s Share) bool { return !slices.Contains(contentIDs, s.ContentID) }), err
}
