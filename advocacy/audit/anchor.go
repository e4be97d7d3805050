package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Anchor is the head of a trail as it was last seen, kept outside the
// database (in the OS keyring), so that removing or rewriting records is
// noticed by someone who can change only the database file: the chain
// alone can be cut short or recomputed.
type Anchor struct {
	// First is the hash of record 1: which trail this is.
	First string
	// Seq and Hash are the last record's number and hash.
	Seq  int64
	Hash string
}

// Zero reports an anchor of an empty trail.
func (a Anchor) Zero() bool { return a.Seq == 0 }

// String encodes the anchor for keeping: "seq first hash".
func (a Anchor) String() string {
	return fmt.Sprintf("%d %s %s", a.Seq, a.First, a.Hash)
}

// ParseAnchor reads an anchor written by String.
func ParseAnchor(s string) (Anchor, error) {
	f := strings.Fields(s)
	if len(f) != 3 {
		return Anchor{}, fmt.Errorf("audit: %q is not an anchor", s)
	}
	seq, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil || seq < 1 {
		return Anchor{}, fmt.Errorf("audit: %q is not an anchor", s)
	}
	return Anchor{Seq: seq, First: f[1], Hash: f[2]}, nil
}

// HeadOf returns the anchor of the trail in db now; an empty trail has a
// zero anchor.
func HeadOf(ctx context.Context, db *sql.DB) (Anchor, error) {
	var a Anchor
	err := db.QueryRowContext(ctx, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").Scan(&a.Seq, &a.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return Anchor{}, nil
	}
	if err != nil {
		return Anchor{}, fmt.Errorf("audit: read the head: %w", err)
	}
	if err := db.QueryRowContext(ctx, "SELECT hash FROM audit ORDER BY seq LIMIT 1").Scan(&a.First); err != nil {
		return Anchor{}, fmt.Errorf("audit: read the head: %w", err)
	}
	return a, nil
}

// ErrOtherTrail says the database holds another trail than the anchored
// one: a new database (after a damaged one was moved aside, say), or one
// rewritten from its first record.
var ErrOtherTrail = errors.New("audit: this is not the trail that was anchored")

// Truncated says records the anchor saw are gone.
type Truncated struct {
	// Anchored is the last record the anchor saw; Head the trail's last
	// record now (0 when none is left).
	Anchored, Head int64
}

func (e *Truncated) Error() string {
	return fmt.Sprintf("audit: the trail ends at record %d, but record %d was written: %d records were removed", e.Head, e.Anchored, e.Anchored-e.Head)
}

// Rewritten says the anchored record is no longer the one that was
// written: the records up to it were changed and their chain recomputed.
type Rewritten struct{ Seq int64 }

func (e *Rewritten) Error() string {
	return fmt.Sprintf("audit: record %d is not the one that was written: the trail was rewritten up to it", e.Seq)
}

// CheckAnchor compares the trail in db with the anchor a kept of it. It
// returns nil when the trail still holds a's head (and perhaps more
// records after it), a *Truncated when it stops before a's head, a
// *Rewritten when a's head differs, and ErrOtherTrail when record 1
// differs or there is none.
func CheckAnchor(ctx context.Context, db *sql.DB, a Anchor) error {
	if a.Zero() {
		return nil
	}
	head, err := HeadOf(ctx, db)
	if err != nil {
		return err
	}
	switch {
	case head.Zero():
		return fmt.Errorf("%w: it is empty, but %d records were written", ErrOtherTrail, a.Seq)
	case head.First != a.First:
		return fmt.Errorf("%w: its first record differs", ErrOtherTrail)
	case head.Seq < a.Seq:
		return &Truncated{Anchored: a.Seq, Head: head.Seq}
	}
	var hash string
	if err := db.QueryRowContext(ctx, "SELECT hash FROM audit WHERE seq = ?", a.Seq).Scan(&hash); err != nil {
		return &Truncated{Anchored: a.Seq, Head: head.Seq}
	}
	if hash != a.Hash {
		return &Rewritten{Seq: a.Seq}
	}
	return nil
}

// Archived returns the last record the organisation's archive has
// acknowledged, 0 when none.
func Archived(ctx context.Context, db *sql.DB) int64 {
	a := Archiver{DB: db}
	n, _ := strconv.ParseInt(a.setting(ctx, settingArchived), 10, 64)
	return n
}
