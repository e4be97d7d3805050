package audit

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
)

var csvHeader = []string{"seq", "at", "kind", "data", "prev", "hash"}

// ExportJSONL writes the trail as one JSON object a line.
func ExportJSONL(ctx context.Context, db *sql.DB, w io.Writer) (int, error) {
	enc := json.NewEncoder(w)
	return export(ctx, db, func(r Record) error { return enc.Encode(r) })
}

// ExportCSV writes the trail as CSV with a header row.
func ExportCSV(ctx context.Context, db *sql.DB, w io.Writer) (int, error) {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return 0, err
	}
	n, err := export(ctx, db, func(r Record) error {
		return cw.Write([]string{strconv.FormatInt(r.Seq, 10), r.At, r.Kind, string(r.Data), r.Prev, r.Hash})
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	return n, err
}

func export(ctx context.Context, db *sql.DB, write func(Record) error) (int, error) {
	n := 0
	for from := int64(1); ; {
		batch, err := Records(ctx, db, from, 1000)
		if err != nil {
			return n, err
		}
		for _, r := range batch {
			if err := write(r); err != nil {
				return n, fmt.Errorf("audit: write the export: %w", err)
			}
			n++
		}
		if len(batch) < 1000 {
			return n, nil
		}
		from = batch[len(batch)-1].Seq + 1
	}
}

// VerifyJSONL checks an exported JSONL trail.
func VerifyJSONL(r io.Reader) (int, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	line := 0
	return Chain(func() (Record, bool, error) {
		if !sc.Scan() {
			return Record{}, false, sc.Err()
		}
		line++
		var rec Record
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return Record{}, false, &Broken{Seq: int64(line), Reason: "line " + strconv.Itoa(line) + " is not a record: " + err.Error()}
		}
		return rec, true, nil
	})
}

// VerifyCSV checks an exported CSV trail.
func VerifyCSV(r io.Reader) (int, error) {
	cr := csv.NewReader(r)
	head, err := cr.Read()
	if err != nil || len(head) != len(csvHeader) || head[0] != "seq" {
		return 0, fmt.Errorf("audit: not an exported audit trail (header %v)", head)
	}
	line := 1
	return Chain(func() (Record, bool, error) {
		row, err := cr.Read()
		if err == io.EOF {
			return Record{}, false, nil
		}
		line++
		if err != nil || len(row) != 6 {
			return Record{}, false, &Broken{Seq: int64(line - 1), Reason: fmt.Sprintf("line %d is not a record", line)}
		}
		seq, err := strconv.ParseInt(row[0], 10, 64)
		if err != nil {
			return Record{}, false, &Broken{Seq: int64(line - 1), Reason: fmt.Sprintf("line %d has no number", line)}
		}
		return Record{Seq: seq, At: row[1], Kind: row[2], Data: json.RawMessage(row[3]), Prev: row[4], Hash: row[5]}, true, nil
	})
}
