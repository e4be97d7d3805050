package report

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/advocate-app/advocate/advocacy/audit"
	"github.com/advocate-app/advocate/advocacy/metrics"
)

// TestTheFastScannerReadsWhatEncodingJSONReads: on every generated line,
// and on odd ones, the scanner either gives up or agrees with
// encoding/json.
func TestTheFastScannerReadsWhatEncodingJSONReads(t *testing.T) {
	dir := t.TempDir()
	if _, err := Generate(dir, Generated{Desktops: 5, Weeks: 6, End: testEnd, Exports: 2, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	names := interned{}
	files, _ := inputs(dir)
	lines := 0
	for _, file := range files {
		f, _ := os.Open(file)
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			line := sc.Bytes()
			lines++
			if filepath.Base(filepath.Dir(file)) == "audit" {
				var want audit.Record
				json.Unmarshal(line, &want)
				got, ok := scanRecord(line, names)
				if !ok || !reflect.DeepEqual(got, want) {
					t.Fatalf("record %s: scanned %+v (%v), want %+v", line, got, ok, want)
				}
				continue
			}
			var want metrics.Aggregate
			json.Unmarshal(line, &want)
			got, ok := scanAggregate(line, names)
			if !ok || !reflect.DeepEqual(got, want) {
				t.Fatalf("aggregate %s: scanned %+v (%v), want %+v", line, got, ok, want)
			}
		}
		f.Close()
	}
	if lines == 0 {
		t.Fatal("nothing generated")
	}
	odd := []struct {
		line string
		ok   bool
	}{
		{`{"format":1,"install":"00000000000000000000000000000001","week":"2026-W46","week_start":"2026-11-09","rows":[],"extra":{"a":[1,"x\"y"]}}`, true},
		{`{"format":1,"install":"0000000000000000000000000000000\u0031","week_start":"2026-11-09","rows":[]}`, false},
		{`{"format":1,"install":"00000000000000000000000000000001","week_start":"2026-11-09","rows":[{"campaign":"caf\u00e9","network":"x","shares":1}]}`, false},
		{`{"format":1,"rows":[}`, false},
		{`{"format":1} trailing`, false},
	}
	for _, c := range odd {
		got, ok := scanAggregate([]byte(c.line), names)
		if ok != c.ok {
			t.Errorf("%s: ok %v", c.line, ok)
		}
		if ok {
			var want metrics.Aggregate
			json.Unmarshal([]byte(c.line), &want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: %+v, want %+v", c.line, got, want)
			}
		}
	}
	rec := `{"seq":1,"at":"2026-11-09T10:00:00Z","kind":"share.posted","data":{"share":1,"text":"a \"quoted\" post\n","network":"x","account":1},"prev":"p","hash":"h"}`
	got, ok := scanRecord([]byte(rec), names)
	if !ok || string(got.Data) != `{"share":1,"text":"a \"quoted\" post\n","network":"x","account":1}` {
		t.Fatalf("a record with escapes in its data: %+v %v", got, ok)
	}
}
