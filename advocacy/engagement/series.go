package engagement

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/advocate-app/advocate/advocacy/network"
)

// Reading is one reading of a share's counts.
type Reading struct {
	At     time.Time
	Status Status
	// Reason says why, for NotAvailable.
	Reason string
	Counts Counts
}

// Track is a posted share with the readings of its counts, for the
// interface to chart.
type Track struct {
	ShareID  int64
	Network  network.ID
	URL      string
	Text     string
	Campaign string
	Posted   time.Time
	// State is StateReading, StateDone or StateDeleted.
	State string
	// Next is when it is read next; zero once it is no longer read.
	Next time.Time
	// Readings are oldest first.
	Readings []Reading
}

// Latest is the last reading that found the post's counts, if any.
func (t Track) Latest() (Reading, bool) {
	for i := len(t.Readings) - 1; i >= 0; i-- {
		if t.Readings[i].Status == Read {
			return t.Readings[i], true
		}
	}
	return Reading{}, false
}

// Deleted reports a share whose post the network no longer has.
func (t Track) Deleted() bool { return t.State == StateDeleted }

const trackColumns = `t.share_id, s.network, s.result_url, s.text, s.campaign, t.posted_at, t.state, t.next_read`

func scanTrack(row interface{ Scan(...any) error }) (Track, error) {
	var tr Track
	var posted, next string
	err := row.Scan(&tr.ShareID, &tr.Network, &tr.URL, &tr.Text, &tr.Campaign, &posted, &tr.State, &next)
	tr.Posted, tr.Next = parse(posted), parse(next)
	return tr, err
}

// ErrNotTracked says a share's counts are not read: it was not posted,
// or went to the practice account.
var ErrNotTracked = errors.New("engagement: this share's counts are not read")

// Track returns one share with its readings.
func (t *Tracker) Track(ctx context.Context, shareID int64) (Track, error) {
	tr, err := scanTrack(t.DB.QueryRowContext(ctx, "SELECT "+trackColumns+
		" FROM engagement_tracks t JOIN shares s ON s.id = t.share_id WHERE t.share_id = ?", shareID))
	if errors.Is(err, sql.ErrNoRows) {
		return Track{}, fmt.Errorf("%w (share %d)", ErrNotTracked, shareID)
	}
	if err != nil {
		return Track{}, fmt.Errorf("engagement: read share %d: %w", shareID, err)
	}
	list := []Track{tr}
	if err := t.readings(ctx, list); err != nil {
		return Track{}, err
	}
	return list[0], nil
}

// Tracks returns the latest posted shares that are tracked, newest posted
// first, each with its readings.
func (t *Tracker) Tracks(ctx context.Context, limit int) ([]Track, error) {
	rows, err := t.DB.QueryContext(ctx, "SELECT "+trackColumns+
		" FROM engagement_tracks t JOIN shares s ON s.id = t.share_id ORDER BY t.posted_at DESC, t.share_id DESC LIMIT ?", limit)
	if err != nil {
		return nil, fmt.Errorf("engagement: read tracked shares: %w", err)
	}
	var list []Track
	for rows.Next() {
		tr, err := scanTrack(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("engagement: read tracked shares: %w", err)
		}
		list = append(list, tr)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("engagement: read tracked shares: %w", err)
	}
	if err := t.readings(ctx, list); err != nil {
		return nil, err
	}
	return list, nil
}

// readingsPerQuery bounds the shares one query reads the readings of,
// well under SQLite's limit on a statement's parameters.
const readingsPerQuery = 500

// readings fills in each track's readings, read in one query for up to
// readingsPerQuery tracks.
func (t *Tracker) readings(ctx context.Context, list []Track) error {
	for len(list) > readingsPerQuery {
		if err := t.readings(ctx, list[:readingsPerQuery]); err != nil {
			return err
		}
		list = list[readingsPerQuery:]
	}
	if len(list) == 0 {
		return nil
	}
	of := make(map[int64]int, len(list)) // share → index in list
	marks := make([]string, 0, len(list))
	args := make([]any, 0, len(list))
	for i, tr := range list {
		of[tr.ShareID] = i
		marks = append(marks, "?")
		args = append(args, tr.ShareID)
	}
	fail := func(err error) error {
		return fmt.Errorf("engagement: read the readings of %d shares: %w", len(list), err)
	}
	rows, err := t.DB.QueryContext(ctx, `SELECT share_id, at, status, reason, reactions, reposts, replies, quotes, impressions
		FROM engagement_readings WHERE share_id IN (`+strings.Join(marks, ", ")+`) ORDER BY share_id, at, id`, args...)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	for rows.Next() {
		var share int64
		var r Reading
		var at string
		var n [5]sql.NullInt64
		if err := rows.Scan(&share, &at, &r.Status, &r.Reason, &n[0], &n[1], &n[2], &n[3], &n[4]); err != nil {
			return fail(err)
		}
		r.At = parse(at)
		c := &r.Counts
		for j, p := range []*Count{&c.Reactions, &c.Reposts, &c.Replies, &c.Quotes, &c.Impressions} {
			*p = Count{N: n[j].Int64, Known: n[j].Valid}
		}
		i := of[share]
		list[i].Readings = append(list[i].Readings, r)
	}
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	return nil
}
