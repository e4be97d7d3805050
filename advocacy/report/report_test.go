package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/metrics"
)

var testEnd = time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)

// generated writes 100 desktops × 12 weeks of aggregates and 5 audit
// exports, the first of them tampered with.
func generated(t testing.TB) string {
	dir := t.TempDir()
	if _, err := Generate(dir, Generated{Desktops: 100, Weeks: 12, End: testEnd, Exports: 5, Tampered: 1, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestReportOnHundredDesktopsOverTwelveWeeks(t *testing.T) {
	dir := generated(t)
	r, err := Make(context.Background(), []string{dir}, Options{Now: testEnd})
	if err != nil {
		t.Fatal(err)
	}
	s := r.Sources
	if s.Installs != 100 || s.Aggregates != 1200 || s.Exports != 4 || len(s.Failed) != 1 || len(s.Skipped) != 0 {
		t.Fatalf("sources %+v", s)
	}
	if !strings.HasSuffix(s.Failed[0].File, "trail-000.jsonl") || !strings.Contains(s.Failed[0].Reason, "does not match its hash") {
		t.Fatalf("failed export %+v", s.Failed[0])
	}
	if len(r.Weeks) != 12 || !r.Weeks[11].Start.Equal(metrics.WeekStart(testEnd).AddDate(0, 0, -7)) {
		t.Fatalf("%d weeks, the last %v", len(r.Weeks), r.Weeks[len(r.Weeks)-1].Start)
	}
	if len(r.Forecast.Shares) != 4 || len(r.Forecast.Reactions) != 4 {
		t.Fatalf("projection %+v", r.Forecast)
	}
	names := map[string]bool{}
	for _, g := range r.Campaigns {
		names[g.Name] = true
		if g.Advocates < MinGroup {
			t.Errorf("campaign %q shown with %d people", g.Name, g.Advocates)
		}
	}
	if names["pilot-emea"] || !names["launch-2027"] || !names[NoCampaign] {
		t.Fatalf("leaderboard %v: the three-desktop pilot must not show on its own", names)
	}
	if r.Campaigns[0].Name != "launch-2027" || r.Total.Shares == 0 || r.Total.Advocates != 104 {
		t.Fatalf("leaderboard %+v, total %+v", r.Campaigns, r.Total)
	}
	var html, tab bytes.Buffer
	if err := r.WriteHTML(&html); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteCSV(&tab); err != nil {
		t.Fatal(err)
	}
	page := html.String()
	for _, want := range []string{"<svg", "Campaign leaderboard", "launch-2027", "trail-000.jsonl", "UTM", "Holt"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(page, "pilot-emea") || strings.Contains(tab.String(), "pilot-emea") || strings.Contains(page, "<script") {
		t.Error("the page or CSV shows the small pilot, or runs a script")
	}
	recs, err := csv.NewReader(&tab).ReadAll()
	if err != nil || !slices.Equal(recs[0], CSVHeader) || len(recs) < 12+len(r.Campaigns)+len(r.Networks) {
		t.Fatalf("CSV: %d rows, %v", len(recs), err)
	}
	var back Report
	var js bytes.Buffer
	if err := r.WriteJSON(&js); err != nil || json.Unmarshal(js.Bytes(), &back) != nil || back.Total != r.Total {
		t.Fatalf("JSON round trip: %v", err)
	}
}

// write puts aggregates for the installs into file, one a line.
func write(t *testing.T, file string, aggs ...metrics.Aggregate) {
	var b bytes.Buffer
	for _, a := range aggs {
		line, _ := json.Marshal(a)
		b.Write(line)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func agg(install, week string, rows ...metrics.Row) metrics.Aggregate {
	start, _ := time.Parse(time.DateOnly, week)
	return metrics.Aggregate{Format: 1, Install: install, Week: metrics.WeekName(start), WeekStart: week, Rows: rows}
}

func TestGroupsUnderFivePeopleAreSuppressed(t *testing.T) {
	dir := t.TempDir()
	var aggs []metrics.Aggregate
	id := func(i int) string { return fmt.Sprintf("%032x", i+1) }
	for i := range 6 { // six people share "big" in week 1, on LinkedIn; four of them also "tiny", on Mastodon
		rows := []metrics.Row{{Campaign: "big", Network: "linkedin", Shares: 2, Measured: 2, Reactions: 10}}
		if i < 4 {
			rows = append(rows, metrics.Row{Campaign: "tiny", Network: "mastodon", Shares: 3, Measured: 3, Reactions: 5})
		}
		aggs = append(aggs, agg(id(i), "2026-11-09", rows...))
	}
	for i := range 4 { // and in week 2, only those four share
		aggs = append(aggs, agg(id(i), "2026-11-16", metrics.Row{Campaign: "tiny", Network: "mastodon", Shares: 1, Measured: 1, Reactions: 7}))
	}
	aggs = append(aggs, aggs[0]) // sent twice: counted once
	write(t, filepath.Join(dir, "in.jsonl"), aggs[:6]...)
	write(t, filepath.Join(dir, "more.jsonl"), aggs[6:]...)
	r, err := Make(context.Background(), []string{dir}, Options{Now: testEnd})
	if err != nil {
		t.Fatal(err)
	}
	if r.Sources.Duplicates != 1 {
		t.Errorf("%d duplicates", r.Sources.Duplicates)
	}
	if len(r.Weeks) != 2 || r.Weeks[0].Suppressed || !r.Weeks[1].Suppressed || r.Weeks[1].Shares != 0 || r.Weeks[1].Advocates != 0 {
		t.Fatalf("weeks %+v: the week with four people must show nothing", r.Weeks)
	}
	w := r.Weeks[0]
	if len(w.Campaigns) != 1 || w.Campaigns[0].Name != "big" || w.Shares != 12 || w.Reactions != 60 || w.Advocates != 6 {
		t.Fatalf("week 1 %+v: tiny (4 people) must be left out, totals included", w)
	}
	if len(r.Campaigns) != 1 || r.Campaigns[0].Name != "big" || len(r.Networks) != 1 || r.Networks[0].Name != "linkedin" {
		t.Fatalf("leaderboard %+v, networks %+v", r.Campaigns, r.Networks)
	}
	if r.Total.Shares != 12 {
		t.Fatalf("the total %+v would give the small group away", r.Total)
	}
	var html, tab bytes.Buffer
	r.WriteHTML(&html)
	r.WriteCSV(&tab)
	for _, out := range []string{html.String(), tab.String()} {
		if strings.Contains(out, "tiny") || strings.Contains(out, "Mastodon") || strings.Contains(out, "mastodon") {
			t.Fatalf("a group of four people shows:\n%s", out)
		}
	}
	// A fifth person makes "tiny" a group of five: shown on its own.
	write(t, filepath.Join(dir, "fifth.jsonl"), agg(id(6), "2026-11-09", metrics.Row{Campaign: "tiny", Network: "mastodon", Shares: 1}))
	r, _ = Make(context.Background(), []string{dir}, Options{Now: testEnd})
	if len(r.Campaigns) != 2 || r.Campaigns[0].Name != "tiny" || r.Campaigns[0].Advocates != 5 || r.Campaigns[0].Shares != 17 {
		t.Fatalf("with five people: %+v", r.Campaigns)
	}
	// Two more small campaigns of three people each, with "tiny" (four),
	// make an Other of ten.
	dir2 := t.TempDir()
	aggs = aggs[:6]
	for i := range 6 {
		aggs = append(aggs, agg(id(10+i), "2026-11-09", metrics.Row{Campaign: fmt.Sprintf("small-%d", i%2), Network: "linkedin", Shares: 1}))
	}
	write(t, filepath.Join(dir2, "in.jsonl"), aggs...)
	r, _ = Make(context.Background(), []string{dir2}, Options{Now: testEnd})
	if len(r.Campaigns) != 2 || r.Campaigns[1].Name != Other || r.Campaigns[1].Advocates != 10 || r.Campaigns[1].Shares != 12+6 {
		t.Fatalf("folded: %+v", r.Campaigns)
	}
}

func TestUnreadableInputsAreListedNotFatal(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.json"), []byte(`{"hello":"world"}`), 0o644)
	os.WriteFile(filepath.Join(dir, "broken.jsonl"), []byte(`{"install":`), 0o644)
	write(t, filepath.Join(dir, "bad.jsonl"), agg("me@example.com", "2026-11-09"))
	r, err := Make(context.Background(), []string{dir}, Options{Now: testEnd})
	if err != nil || len(r.Sources.Skipped) != 3 || r.Sources.Aggregates != 0 {
		t.Fatalf("%+v, %v", r.Sources, err)
	}
	if _, err := Make(context.Background(), []string{filepath.Join(dir, "missing")}, Options{}); err == nil {
		t.Fatal("a missing input folder is not an error")
	}
	var html bytes.Buffer
	if err := r.WriteHTML(&html); err != nil || !strings.Contains(html.String(), "No projection") {
		t.Fatalf("an empty report: %v", err)
	}
}

// TestTheReportIsTheSameWhateverTheWorkers: parsed on one goroutine or
// many, the files add up in the same order to the same report.
func TestTheReportIsTheSameWhateverTheWorkers(t *testing.T) {
	dir := generated(t)
	files, err := inputs(dir)
	if err != nil {
		t.Fatal(err)
	}
	var reports []string
	for _, workers := range []int{1, 2, 7} {
		r := newReader()
		if err := r.readAll(context.Background(), files, workers); err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		r.report(Options{Now: testEnd}).WriteJSON(&b)
		reports = append(reports, b.String())
	}
	if reports[0] != reports[1] || reports[0] != reports[2] {
		t.Fatal("the report depends on the number of workers")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := newReader().readAll(ctx, files, 2); err == nil {
		t.Fatal("a cancelled read went on")
	}
}
