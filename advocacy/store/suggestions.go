package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// suggestionsMigration is migration 9: the posts the user suggested to
// the organisation ("Suggest a post"), each with the idempotency key that
// lets the endpoint keep one copy, queued until the endpoint took it.
const suggestionsMigration = `CREATE TABLE suggestions (
		id       INTEGER PRIMARY KEY,
		idem_key TEXT NOT NULL UNIQUE,
		endpoint TEXT NOT NULL,
		url      TEXT NOT NULL,
		why      TEXT NOT NULL,
		title    TEXT NOT NULL DEFAULT '',
		role     TEXT NOT NULL,
		made_at  TEXT NOT NULL,
		state    TEXT NOT NULL,
		attempts INTEGER NOT NULL DEFAULT 0,
		next_try TEXT NOT NULL DEFAULT '',
		sent_at  TEXT NOT NULL DEFAULT '',
		error    TEXT NOT NULL DEFAULT ''
	);
	CREATE INDEX suggestions_due ON suggestions(state, next_try);`

// SuggestionState is where a suggestion stands.
type SuggestionState string

// The states of a suggestion.
const (
	// SuggestionQueued: not yet taken by the endpoint; sent when due.
	SuggestionQueued SuggestionState = "queued"
	// SuggestionSent: the endpoint took it; it is never sent again.
	SuggestionSent SuggestionState = "sent"
	// SuggestionRefused: the endpoint refused it for good.
	SuggestionRefused SuggestionState = "refused"
)

// Suggestion is one post the user suggested, as the store keeps it.
type Suggestion struct {
	ID int64
	// Key is the idempotency key sent with it, made when it is queued.
	Key string
	// Endpoint is the suggestions endpoint of the bundle in force when
	// it was made: where it goes.
	Endpoint string
	URL      string
	Why      string
	Title    string
	Role     string
	MadeAt   time.Time
	State    SuggestionState
	// Attempts counts the tries that failed; NextTry is when it is due.
	Attempts int
	NextTry  time.Time
	SentAt   time.Time
	// Error says why the last try failed.
	Error string
}

// ErrNoSuggestion says no suggestion has that id.
var ErrNoSuggestion = errors.New("store: no such suggestion")

// AddSuggestion queues s (its State, Attempts and SentAt are ignored) and
// returns its id.
func (s *Store) AddSuggestion(ctx context.Context, sg Suggestion) (int64, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO suggestions(idem_key, endpoint, url, why, title, role, made_at, state, next_try)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)`, sg.Key, sg.Endpoint, sg.URL, sg.Why, sg.Title, sg.Role,
		FormatTime(sg.MadeAt), string(SuggestionQueued), FormatTime(sg.NextTry))
	if err != nil {
		return 0, fmt.Errorf("store: queue suggestion: %w", err)
	}
	return res.LastInsertId()
}

const suggestionColumns = `id, idem_key, endpoint, url, why, title, role, made_at, state, attempts, next_try, sent_at, error`

func scanSuggestions(rows *sql.Rows) ([]Suggestion, error) {
	defer rows.Close()
	var out []Suggestion
	for rows.Next() {
		var sg Suggestion
		var made, state, next, sent string
		if err := rows.Scan(&sg.ID, &sg.Key, &sg.Endpoint, &sg.URL, &sg.Why, &sg.Title, &sg.Role, &made, &state,
			&sg.Attempts, &next, &sent, &sg.Error); err != nil {
			return nil, fmt.Errorf("store: read suggestions: %w", err)
		}
		sg.MadeAt, sg.State, sg.NextTry, sg.SentAt = ParseTime(made), SuggestionState(state), ParseTime(next), ParseTime(sent)
		out = append(out, sg)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read suggestions: %w", err)
	}
	return out, nil
}

// Suggestions lists the last limit suggestions, newest first.
func (s *Store) Suggestions(ctx context.Context, limit int) ([]Suggestion, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+suggestionColumns+` FROM suggestions ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: read suggestions: %w", err)
	}
	return scanSuggestions(rows)
}

// Suggestion reads one suggestion; ErrNoSuggestion when there is none.
func (s *Store) Suggestion(ctx context.Context, id int64) (Suggestion, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+suggestionColumns+` FROM suggestions WHERE id = ?`, id)
	if err != nil {
		return Suggestion{}, fmt.Errorf("store: read suggestion: %w", err)
	}
	list, err := scanSuggestions(rows)
	if err != nil {
		return Suggestion{}, err
	}
	if len(list) == 0 {
		return Suggestion{}, fmt.Errorf("%w: %d", ErrNoSuggestion, id)
	}
	return list[0], nil
}

// DueSuggestions lists the queued suggestions due at now, oldest first,
// and when the next one not due yet is (zero for none).
func (s *Store) DueSuggestions(ctx context.Context, now time.Time) ([]Suggestion, time.Time, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+suggestionColumns+` FROM suggestions WHERE state = ? ORDER BY id`, string(SuggestionQueued))
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("store: read suggestions: %w", err)
	}
	list, err := scanSuggestions(rows)
	if err != nil {
		return nil, time.Time{}, err
	}
	var due []Suggestion
	var next time.Time
	for _, sg := range list {
		if !sg.NextTry.After(now) {
			due = append(due, sg)
		} else if next.IsZero() || sg.NextTry.Before(next) {
			next = sg.NextTry
		}
	}
	return due, next, nil
}

// SuggestionSent records that the endpoint took suggestion id at at.
func (s *Store) SuggestionSent(ctx context.Context, id int64, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE suggestions SET state = ?, sent_at = ?, next_try = '', error = '' WHERE id = ?`,
		string(SuggestionSent), FormatTime(at), id)
	if err != nil {
		return fmt.Errorf("store: suggestion %d sent: %w", id, err)
	}
	return nil
}

// SuggestionFailed records a failed try of suggestion id: it stays
// queued until next (or is refused for good, with state
// SuggestionRefused), with why it failed.
func (s *Store) SuggestionFailed(ctx context.Context, id int64, state SuggestionState, next time.Time, why string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE suggestions SET state = ?, attempts = attempts + 1, next_try = ?, error = ? WHERE id = ?`,
		string(state), FormatTime(next), why, id)
	if err != nil {
		return fmt.Errorf("store: suggestion %d failed: %w", id, err)
	}
	return nil
}
