// Package audit keeps the tamper-evident record of what was checked,
// overridden and shared: each record carries the hash of the one before,
// so changing, removing or inserting a record breaks the chain from there
// on. Records are appended in the caller's transaction, so the record and
// what it records commit together.
package audit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Record is one entry of the trail.
type Record struct {
	Seq  int64           `json:"seq"`
	At   string          `json:"at"`
	Kind string          `json:"kind"`
	Data json.RawMessage `json:"data"`
	Prev string          `json:"prev"`
	Hash string          `json:"hash"`
}

// Genesis is the previous hash of the first record.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// Sum is the hash a record must carry.
func (r Record) Sum() string {
	h := sha256.New()
	for _, part := range []string{r.Prev, strconv.FormatInt(r.Seq, 10), r.At, r.Kind, string(r.Data)} {
		h.Write([]byte(part))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Execer is a transaction or database the record is appended in.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Append adds a record of kind with data (encoded as JSON) at time at.
// Call it inside the transaction that makes the change it records.
func Append(ctx context.Context, tx Execer, at time.Time, kind string, data any) (Record, error) {
	raw, err := json.Marshal(data)
	if err != nil {
		return Record{}, fmt.Errorf("audit: encode %s: %w", kind, err)
	}
	r := Record{At: at.UTC().Format(time.RFC3339Nano), Kind: kind, Data: raw, Prev: Genesis}
	err = tx.QueryRowContext(ctx, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").Scan(&r.Seq, &r.Prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Record{}, fmt.Errorf("audit: read the last record: %w", err)
	}
	r.Seq++
	r.Hash = r.Sum()
	if _, err := tx.ExecContext(ctx, "INSERT INTO audit(seq, at, kind, data, prev, hash) VALUES(?, ?, ?, ?, ?, ?)",
		r.Seq, r.At, r.Kind, string(r.Data), r.Prev, r.Hash); err != nil {
		return Record{}, fmt.Errorf("audit: append %s: %w", kind, err)
	}
	return r, nil
}

// Broken names the first record where the chain does not hold.
type Broken struct {
	Seq    int64
	Reason string
}

func (b *Broken) Error() string {
	return fmt.Sprintf("audit: record %d is broken: %s", b.Seq, b.Reason)
}

// Chain checks records in order and returns how many hold, or the first
// that does not.
func Chain(next func() (Record, bool, error)) (int, error) {
	prev, want := Genesis, int64(1)
	n := 0
	for {
		r, ok, err := next()
		if err != nil {
			return n, err
		}
		if !ok {
			return n, nil
		}
		switch {
		case r.Seq != want:
			return n, &Broken{Seq: want, Reason: fmt.Sprintf("the next record is numbered %d (records removed or reordered)", r.Seq)}
		case r.Prev != prev:
			return n, &Broken{Seq: r.Seq, Reason: "it does not point at the record before it"}
		case r.Hash != r.Sum():
			return n, &Broken{Seq: r.Seq, Reason: "its content does not match its hash (changed after it was written)"}
		}
		prev, want = r.Hash, want+1
		n++
	}
}

// Verify checks the whole trail in the database.
func Verify(ctx context.Context, db *sql.DB) (int, error) {
	rows, err := db.QueryContext(ctx, "SELECT seq, at, kind, data, prev, hash FROM audit ORDER BY seq")
	if err != nil {
		return 0, fmt.Errorf("audit: read the trail: %w", err)
	}
	defer rows.Close()
	return Chain(func() (Record, bool, error) {
		if !rows.Next() {
			return Record{}, false, rows.Err()
		}
		var r Record
		var data string
		if err := rows.Scan(&r.Seq, &r.At, &r.Kind, &data, &r.Prev, &r.Hash); err != nil {
			return Record{}, false, fmt.Errorf("audit: read the trail: %w", err)
		}
		r.Data = json.RawMessage(data)
		return r, true, nil
	})
}

// Records returns the trail's records from seq on, oldest first.
func Records(ctx context.Context, db *sql.DB, from int64, limit int) ([]Record, error) {
	rows, err := db.QueryContext(ctx, "SELECT seq, at, kind, data, prev, hash FROM audit WHERE seq >= ? ORDER BY seq LIMIT ?", from, limit)
	if err != nil {
		return nil, fmt.Errorf("audit: read the trail: %w", err)
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		var r Record
		var data string
		if err := rows.Scan(&r.Seq, &r.At, &r.Kind, &data, &r.Prev, &r.Hash); err != nil {
			return nil, err
		}
		r.Data = json.RawMessage(data)
		out = append(out, r)
	}
	return out, rows.Err()
}
