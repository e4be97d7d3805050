package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/advocate-app/advocate/advocacy/appinfo"
	"github.com/advocate-app/advocate/advocacy/store"
)

func init() {
	commands["store"] = command{
		summary: "check the local database the app keeps",
		usage:   "store check [--data-dir DIR] [--json]",
		run:     runStore,
	}
}

// newFlags returns a flag set that leaves error reporting to its caller.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// usageError reports a usage problem in one line and returns exit status 2.
func usageError(std stdio, format string, args ...any) int {
	fmt.Fprintf(std.err, "advocatectl: "+format+"\n", args...)
	return exitUsage
}

func runStore(ctx context.Context, args []string, std stdio) int {
	if len(args) == 0 || args[0] != "check" {
		return usageError(std, "usage: advocatectl store check [--data-dir DIR] [--json]")
	}
	fs := newFlags("store check")
	dir := fs.String("data-dir", "", "data folder (default: $ADVOCATE_DATA_DIR, else the app's)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args[1:]); err != nil {
		return usageError(std, "store check: %v", err)
	}
	if fs.NArg() > 0 {
		return usageError(std, "store check: unexpected argument %q", fs.Arg(0))
	}
	if *dir == "" {
		*dir = store.DefaultDir(appinfo.ID)
	}
	report := struct {
		Path          string `json:"path"`
		SchemaVersion int    `json:"schema_version"`
		JournalMode   string `json:"journal_mode"`
		OK            bool   `json:"ok"`
		Error         string `json:"error,omitempty"`
	}{Path: filepath.Join(*dir, store.FileName)}
	st, err := store.OpenExisting(ctx, *dir)
	if err == nil {
		defer st.Close()
		err = st.Check(ctx)
	}
	if err == nil {
		report.SchemaVersion, err = st.Version(ctx)
	}
	if err == nil {
		report.JournalMode, err = st.JournalMode(ctx)
	}
	report.OK = err == nil
	if err != nil {
		report.Error = err.Error()
	}
	if *asJSON {
		json.NewEncoder(std.out).Encode(report)
	} else if report.OK {
		fmt.Fprintf(std.out, "%s: ok, schema version %d, %s journal\n", report.Path, report.SchemaVersion, report.JournalMode)
	}
	if err != nil {
		fmt.Fprintf(std.err, "advocatectl: %v\n", err)
		return exitUsage
	}
	return exitOK
}
