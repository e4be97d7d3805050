package store

import (
	"context"
	"fmt"
	"time"
)

// Activity is one line of the user's activity log: what happened and when.
type Activity struct {
	ID      int64
	At      time.Time
	Kind    string
	Summary string
}

// AddActivity appends an entry to the activity log.
func (s *Store) AddActivity(ctx context.Context, at time.Time, kind, summary string) error {
	return AddActivityIn(ctx, s.db, at, kind, summary)
}

// AddActivityIn appends an entry to the activity log in ex.
func AddActivityIn(ctx context.Context, ex Execer, at time.Time, kind, summary string) error {
	_, err := ex.ExecContext(ctx, "INSERT INTO activity(at, kind, summary) VALUES(?, ?, ?)",
		at.UTC().Format(time.RFC3339Nano), kind, summary)
	if err != nil {
		return fmt.Errorf("store: record activity: %w", err)
	}
	return nil
}

// RecentActivity returns up to limit entries, newest first.
func (s *Store) RecentActivity(ctx context.Context, limit int) ([]Activity, error) {
	rows, err := s.db.QueryContext(ctx,
		"SELECT id, at, kind, summary FROM activity ORDER BY id DESC LIMIT ?", limit)
	if err != nil {
		return nil, fmt.Errorf("store: read activity: %w", err)
	}
	defer rows.Close()
	var out []Activity
	for rows.Next() {
		var a Activity
		var at string
		if err := rows.Scan(&a.ID, &at, &a.Kind, &a.Summary); err != nil {
			return nil, fmt.Errorf("store: read activity: %w", err)
		}
		a.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, a)
	}
	return out, rows.Err()
}
