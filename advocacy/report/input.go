package report

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/advocate-app/advocate/advocacy/audit"
	"github.com/advocate-app/advocate/advocacy/metrics"
	"github.com/advocate-app/advocate/advocacy/network"
)

// Audit record kinds that mean a share reached a network (advocacy/share).
const (
	kindPosted    = "share.posted"
	kindConfirmed = "share.confirmed"
)

// Options change how a report is made.
type Options struct {
	// Now is when it is made; zero means time.Now.
	Now time.Time
}

// Make reads every weekly aggregate and audit export under paths (folders
// are walked; .json, .jsonl and .ndjson files are read, one JSON value a
// line or a file) and makes the report. An input it cannot use is listed
// in the report's Sources, not an error; only a path that cannot be read
// at all is.
func Make(ctx context.Context, paths []string, opt Options) (*Report, error) {
	var files []string
	for _, p := range paths {
		list, err := inputs(p)
		if err != nil {
			return nil, err
		}
		files = append(files, list...)
	}
	r := newReader()
	if err := r.readAll(ctx, files, runtime.GOMAXPROCS(0)); err != nil {
		return nil, err
	}
	return r.report(opt), nil
}

// readAll parses the files on workers goroutines, at most a few files
// ahead, and adds them up in file order, so that the result is the same
// whatever the number of workers. Every worker has ended when it returns.
func (r *reader) readAll(ctx context.Context, files []string, workers int) error {
	ctx, cancel := context.WithCancel(ctx)
	results := make([]chan parsed, len(files))
	for i := range results {
		results[i] = make(chan parsed, 1)
	}
	ahead := make(chan struct{}, 2*workers) // files parsed, not yet added up
	var next atomic.Int64
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }() // stop the workers, then wait for them
	for range max(1, workers) {
		wg.Go(func() {
			p := &parser{names: interned{}}
			for {
				select {
				case ahead <- struct{}{}:
				case <-ctx.Done():
					return
				}
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					return
				}
				results[i] <- p.parse(files[i])
			}
		})
	}
	for i := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		var got parsed
		select {
		case got = <-results[i]:
		case <-ctx.Done():
			return ctx.Err()
		}
		<-ahead
		if got.err != nil {
			return got.err
		}
		r.apply(got)
	}
	return nil
}

// inputs lists the files to read under path, in name order.
func inputs(path string) ([]string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	if !info.IsDir() {
		return []string{path}, nil
	}
	var out []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		ext := strings.ToLower(filepath.Ext(p))
		if d.Type().IsRegular() && (ext == ".json" || ext == ".jsonl" || ext == ".ndjson") {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	slices.Sort(out)
	return out, nil
}

// reader reads inputs into a collector.
type reader struct {
	c       *collector
	src     Sources
	seen    map[uint64]struct{}    // person and week of each aggregate read
	trails  map[string]trailShares // by each trail's first hash: its longest export
	install map[int32]struct{}     // the people who sent aggregates
}

func newReader() *reader {
	return &reader{c: newCollector(), seen: map[uint64]struct{}{}, trails: map[string]trailShares{}, install: map[int32]struct{}{}}
}

func (r *reader) report(opt Options) *Report {
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	r.src.Installs = len(r.install)
	for _, trail := range slices.Sorted(maps.Keys(r.trails)) {
		t := r.trails[trail]
		r.src.Exports++
		r.src.Records += t.records
		who := r.c.person(trail)
		for _, s := range t.shares {
			s.who = who
			r.c.add(s)
		}
	}
	r.trails = nil
	return r.c.build(r.src, now)
}

// trailShares are the shares one verified audit export holds.
type trailShares struct {
	records int
	shares  []share
}

// parser reads files, one at a time, on one goroutine.
type parser struct {
	names interned
	br    *bufio.Reader // one buffer for every file
	out   *parsed
}

// parsed is what one file holds: checked aggregates, or one audit export
// (verified, or why not), and what was skipped.
type parsed struct {
	file    string
	err     error
	skipped []Failure
	aggs    []metrics.Aggregate
	audit   bool
	trail   string
	records int
	shares  []share
	failed  *Failure
}

func (p *parser) parse(file string) parsed {
	p.out = &parsed{file: file}
	p.out.err = p.readFile(file)
	return *p.out
}

// apply adds up what one file held.
func (r *reader) apply(p parsed) {
	r.src.Files++
	r.src.Skipped = append(r.src.Skipped, p.skipped...)
	for _, a := range p.aggs {
		// Install identifiers are 32 hex digits, trails' first hashes 64:
		// one map of people holds both.
		start, _ := metrics.ParseWeekStart(a.WeekStart)
		week, who := weekIndex(start), r.c.person(a.Install)
		key := uint64(uint32(who))<<32 | uint64(uint32(week))
		if _, dup := r.seen[key]; dup {
			r.src.Duplicates++
			continue
		}
		r.seen[key] = struct{}{}
		r.install[who] = struct{}{}
		r.src.Aggregates++
		for _, row := range a.Rows {
			r.c.add(share{week: week, campaign: row.Campaign, net: row.Network, who: who,
				Totals: Totals{Shares: row.Shares, Measured: row.Measured, Reactions: row.Reactions, Reposts: row.Reposts, Replies: row.Replies}})
		}
	}
	if !p.audit {
		return
	}
	if p.failed != nil {
		r.src.Failed = append(r.src.Failed, *p.failed)
		return
	}
	if had, ok := r.trails[p.trail]; ok {
		r.src.Duplicates++
		if had.records >= p.records {
			return
		}
	}
	r.trails[p.trail] = trailShares{records: p.records, shares: p.shares}
}

// probe is enough of a JSON value to tell an aggregate from an audit
// record.
type probe struct {
	Seq       *int64 `json:"seq"`
	Hash      string `json:"hash"`
	Install   string `json:"install"`
	WeekStart string `json:"week_start"`
}

func (p *parser) skip(file, format string, a ...any) {
	p.out.skipped = append(p.out.skipped, Failure{File: file, Reason: fmt.Sprintf(format, a...)})
}

// readFile reads one file: weekly aggregates, or one audit export.
func (p *parser) readFile(file string) error {
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer f.Close()
	if p.br == nil {
		p.br = bufio.NewReaderSize(f, 256<<10)
	}
	br := p.br
	br.Reset(f)
	head, _ := br.Peek(64 << 10)
	dec := json.NewDecoder(bytes.NewReader(head))
	var pr probe
	if err := dec.Decode(&pr); err != nil {
		p.skip(file, "not JSON: %v", err)
		return nil
	}
	first, _, _ := bytes.Cut(head, []byte("\n"))
	in := &values{br: br, lines: json.Valid(first)}
	if !in.lines {
		in.dec = json.NewDecoder(br)
	}
	switch {
	case pr.Seq != nil && pr.Hash != "":
		p.readAudit(file, in)
	case pr.Install != "" && pr.WeekStart != "":
		p.readAggregates(file, in)
	default:
		p.skip(file, "neither weekly aggregates nor an audit export")
	}
	return nil
}

// values reads a file's JSON values: a line each when its first line is
// one (with the fast scanner, else encoding/json), or else one after
// another with a json.Decoder (an indented aggregate a file).
type values struct {
	br    *bufio.Reader
	lines bool
	dec   *json.Decoder
	buf   []byte
}

// next decodes the next value into v with scan, or encoding/json when
// scan cannot; io.EOF at the end.
func (in *values) next(v any, scan func([]byte) bool) error {
	if !in.lines {
		return in.dec.Decode(v)
	}
	for {
		line, err := in.line()
		if len(bytes.TrimSpace(line)) == 0 {
			if err != nil {
				return err
			}
			continue
		}
		if scan(line) {
			return nil
		}
		return json.Unmarshal(line, v)
	}
}

// line is the next line, without its newline; it stays valid until the
// next call.
func (in *values) line() ([]byte, error) {
	line, err := in.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		in.buf = append(in.buf[:0], line...)
		for err == bufio.ErrBufferFull {
			line, err = in.br.ReadSlice('\n')
			in.buf = append(in.buf, line...)
		}
		line = in.buf
	}
	if err == io.EOF && len(line) > 0 {
		err = nil
	}
	return bytes.TrimSuffix(line, []byte("\n")), err
}

// readAggregates reads weekly aggregates.
func (p *parser) readAggregates(file string, in *values) {
	for n := 1; ; n++ {
		var a metrics.Aggregate
		err := in.next(&a, func(line []byte) bool {
			var ok bool
			a, ok = scanAggregate(line, p.names)
			return ok
		})
		if err == io.EOF {
			return
		}
		if err != nil {
			p.skip(file, "aggregate %d: %v", n, err)
			if in.lines {
				continue
			}
			return
		}
		if err := a.Check(); err != nil {
			p.skip(file, "aggregate %d: %v", n, err)
			continue
		}
		p.out.aggs = append(p.out.aggs, a)
	}
}

// posted is the part of a share.posted record the report reads.
type posted struct {
	Share    int64      `json:"share"`
	Network  network.ID `json:"network"`
	Account  int64      `json:"account"`
	Campaign string     `json:"campaign"`
}

// readAudit reads one audit export, verifying its chain with the audit
// package as it goes; its shares count only when the whole chain holds.
// The trail is one person, named by its first record's hash, so that the
// same trail exported twice counts once (the longer export).
func (p *parser) readAudit(file string, in *values) {
	p.out.audit = true
	var trail string
	var shares []share
	seen := map[int64]bool{}
	line := int64(0)
	var lastAt string
	var lastWeek int32
	n, err := audit.Chain(func() (audit.Record, bool, error) {
		var rec audit.Record
		line++
		err := in.next(&rec, func(b []byte) bool {
			var ok bool
			rec, ok = scanRecord(b, p.names)
			return ok
		})
		if err == io.EOF {
			return rec, false, nil
		} else if err != nil {
			return rec, false, &audit.Broken{Seq: line, Reason: "not a record: " + err.Error()}
		}
		if trail == "" {
			trail = rec.Hash
		}
		if rec.Kind != kindPosted && rec.Kind != kindConfirmed {
			return rec, true, nil
		}
		post, ok := scanPosted(rec.Data, p.names)
		if !ok && json.Unmarshal(rec.Data, &post) != nil {
			return rec, true, nil
		}
		if post.Account == 0 || !post.Network.Known() || seen[post.Share] {
			return rec, true, nil
		}
		if len(rec.At) < 10 || len(lastAt) < 10 || rec.At[:10] != lastAt[:10] { // one parse a day
			at, err := time.Parse(time.RFC3339Nano, rec.At)
			if err != nil {
				return rec, true, nil
			}
			lastAt, lastWeek = rec.At, weekIndex(metrics.WeekStart(at))
		}
		seen[post.Share] = true
		shares = append(shares, share{week: lastWeek, campaign: post.Campaign, net: post.Network, Totals: Totals{Shares: 1}})
		return rec, true, nil
	})
	var broken *audit.Broken
	switch {
	case errors.As(err, &broken):
		p.out.failed = &Failure{File: file, Reason: fmt.Sprintf("%d records intact, then record %d is broken: %s", n, broken.Seq, broken.Reason)}
	case err != nil:
		p.out.failed = &Failure{File: file, Reason: err.Error()}
	default:
		p.out.trail, p.out.records, p.out.shares = trail, n, shares
	}
}
