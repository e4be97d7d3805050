package report

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/advocate-app/advocate/advocacy/audit"
	"github.com/advocate-app/advocate/advocacy/metrics"
)

// million is 1,000,000 input records: 10,000 desktops × 50 weeks of
// weekly aggregates (500,000 lines) and 100 audit exports of 5,000
// records each (500,000 records), written once for every benchmark.
var million struct {
	once sync.Once
	dir  string
	n    int
	err  error
}

func millionRecords(b *testing.B) string {
	million.once.Do(func() {
		million.dir, million.err = os.MkdirTemp("", "report-1m-")
		if million.err == nil {
			million.n, million.err = Generate(million.dir, Generated{Desktops: 10000, Weeks: 50, End: testEnd, Exports: 100, RecordsEach: 5000, Seed: 1})
		}
	})
	if million.err != nil {
		b.Fatal(million.err)
	}
	if million.n != 1_000_000 {
		b.Fatalf("%d records", million.n)
	}
	return million.dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if million.dir != "" {
		os.RemoveAll(million.dir)
	}
	os.Exit(code)
}

// BenchmarkReport1M reads, verifies and adds up 1,000,000 records and
// makes the report (without writing it).
func BenchmarkReport1M(b *testing.B) {
	dir := millionRecords(b)
	b.ResetTimer()
	defer cpuPerOp(b)()
	for b.Loop() {
		r, err := Make(context.Background(), []string{dir}, Options{Now: testEnd})
		if err != nil || r.Sources.Aggregates != 500_000 || r.Sources.Records != 500_000 {
			b.Fatalf("%+v, %v", r.Sources, err)
		}
	}
}

// BenchmarkDecode1M is the baseline: the same files decoded into the same
// types, without checks, verification or adding up.
func BenchmarkDecode1M(b *testing.B) {
	dir := millionRecords(b)
	files, err := inputs(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	defer cpuPerOp(b)()
	for b.Loop() {
		n := 0
		for _, file := range files {
			f, err := os.Open(file)
			if err != nil {
				b.Fatal(err)
			}
			dec := json.NewDecoder(bufio.NewReaderSize(f, 1<<20))
			audited := filepath.Base(filepath.Dir(file)) == "audit"
			for {
				var err error
				if audited {
					var r audit.Record
					err = dec.Decode(&r)
				} else {
					var a metrics.Aggregate
					err = dec.Decode(&a)
				}
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				n++
			}
			f.Close()
		}
		if n != 1_000_000 {
			b.Fatalf("%d records", n)
		}
	}
}

// cpuPerOp reports the process's CPU time (user and system) per op as
// cpu-ns/op, beside the wall clock's ns/op: on a shared machine the wall
// clock also counts the time other work held the cores.
func cpuPerOp(b *testing.B) func() {
	start := cpuTime()
	return func() { b.ReportMetric(float64((cpuTime()-start).Nanoseconds())/float64(b.N), "cpu-ns/op") }
}
