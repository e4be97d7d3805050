package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/advocate-app/advocate/advocacy/report"
)

const reportUsage = "report --in DIR... --out report.html [--csv FILE] [--json]   the programme's report from weekly aggregates and audit exports\n" +
	"report --generate DIR [--desktops N] [--weeks N]                 write test input (N desktops × N weeks, and audit exports)"

func init() {
	commands["report"] = command{
		summary: "turn many desktops' weekly aggregates and audit exports into the programme's report",
		usage:   reportUsage,
		run:     runReport,
	}
}

// inputList is a flag that may be given many times, each with one path.
type inputList []string

func (l *inputList) String() string     { return strings.Join(*l, ",") }
func (l *inputList) Set(v string) error { *l = append(*l, v); return nil }

// runReport writes the report. Paths after --in that are not flags are
// inputs too, so that --in a b c reads all three. It exits 4 when an audit
// export fails verification (the report is still written, without it).
func runReport(ctx context.Context, args []string, std stdio) int {
	fs := newFlags("report")
	var in inputList
	fs.Var(&in, "in", "a folder or file of weekly aggregates or audit exports (repeatable)")
	out := fs.String("out", "", "the HTML report to write")
	csvFile := fs.String("csv", "", "also write the figures as CSV")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	gen := fs.String("generate", "", "write test input into this folder instead")
	desktops := fs.Int("desktops", 100, "with --generate: how many desktops")
	weeks := fs.Int("weeks", 12, "with --generate: how many weeks")
	rest, err := parseMixed(fs, args)
	if err != nil {
		return usageError(std, "report: %v", err)
	}
	if *gen != "" {
		if len(in) > 0 || len(rest) > 0 || *desktops < 1 || *weeks < 1 {
			return usageError(std, "usage: advocatectl report --generate DIR [--desktops N] [--weeks N]")
		}
		n, err := report.Generate(*gen, report.Generated{Desktops: *desktops, Weeks: *weeks, End: time.Now(), Exports: 5, Tampered: 1, Seed: uint64(time.Now().UnixNano())})
		if err != nil {
			return usageError(std, "report: %v", err)
		}
		fmt.Fprintf(std.out, "wrote %d records under %s: %d desktops × %d weeks of aggregates, and 5 audit exports (one tampered with)\n", n, *gen, *desktops, *weeks)
		return exitOK
	}
	in = append(in, rest...)
	if len(in) == 0 || (*out == "" && *csvFile == "" && !*asJSON) {
		return usageError(std, "usage: advocatectl %s", strings.SplitN(reportUsage, "\n", 2)[0])
	}
	r, err := report.Make(ctx, in, report.Options{})
	if err != nil {
		return usageError(std, "%v", err)
	}
	if *out != "" {
		if err := writeOutput(*out, r.WriteHTML); err != nil {
			return usageError(std, "report: %v", err)
		}
	}
	if *csvFile != "" {
		if err := writeOutput(*csvFile, r.WriteCSV); err != nil {
			return usageError(std, "report: %v", err)
		}
	}
	if *asJSON {
		if err := r.WriteJSON(std.out); err != nil {
			return exitInternal
		}
	} else {
		s := r.Sources
		fmt.Fprintf(std.out, "%d weeks, %d people, %d shares, %d reactions, from %d weekly aggregates (%d desktops) and %d audit exports\n",
			len(r.Weeks), r.Total.Advocates, r.Total.Shares, r.Total.Reactions, s.Aggregates, s.Installs, s.Exports)
		for _, f := range s.Skipped {
			fmt.Fprintf(std.out, "skipped %s: %s\n", f.File, f.Reason)
		}
	}
	for _, f := range r.Sources.Failed {
		fmt.Fprintf(std.err, "advocatectl: %s failed verification and was left out: %s\n", f.File, f.Reason)
	}
	if len(r.Sources.Failed) > 0 {
		return exitBlock
	}
	return exitOK
}

// writeOutput writes a file whole or not at all: into a temporary file
// beside it, renamed over it once complete.
func writeOutput(path string, write func(w io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
