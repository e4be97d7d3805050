package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/advocate-app/advocate/advocacy/accounts"
	"github.com/advocate-app/advocate/advocacy/appinfo"
	"github.com/advocate-app/advocate/advocacy/audit"
	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/credentials"
	"github.com/advocate-app/advocate/advocacy/store"
)

func init() {
	commands["audit"] = command{
		summary: "verify or export the tamper-evident audit trail",
		usage: "audit verify [--data-dir DIR] [--export FILE]   exit 0 when intact, 4 naming the first broken record\n" +
			"audit export [--data-dir DIR] [--format jsonl|csv] [FILE]",
		run: runAudit,
	}
}

func runAudit(ctx context.Context, args []string, std stdio) int {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "export") {
		return usageError(std, "usage: advocatectl audit verify|export ...")
	}
	fs := newFlags("audit " + args[0])
	dir := fs.String("data-dir", "", "data folder (default: $ADVOCATE_DATA_DIR, else the app's)")
	exportFile := fs.String("export", "", "verify this exported trail (.jsonl or .csv) instead of the database")
	format := fs.String("format", "jsonl", "jsonl or csv")
	if err := fs.Parse(args[1:]); err != nil {
		return usageError(std, "audit %s: %v", args[0], err)
	}
	if *dir == "" {
		*dir = store.DefaultDir(appinfo.ID)
	}
	if args[0] == "verify" && *exportFile != "" {
		return verifyExport(*exportFile, std)
	}
	// Read only: a verify or an export changes nothing, not even by
	// creating or migrating a database.
	st, err := store.OpenExisting(ctx, *dir)
	switch {
	case errors.Is(err, store.ErrEmpty) && args[0] == "verify":
		fmt.Fprintf(std.out, "%s is empty: the trail is gone\n", filepath.Join(*dir, store.FileName))
		return exitBlock
	case errors.Is(err, store.ErrNotFound):
		return usageError(std, "audit %s: no Advocate data in %s (give --data-dir)", args[0], *dir)
	case err != nil:
		return usageError(std, "audit %s: %v", args[0], err)
	}
	defer st.Close()
	if args[0] == "export" {
		return exportTrail(ctx, st, *format, fs.Args(), std)
	}
	n, err := audit.Verify(ctx, st.DB())
	if code := reportChain(n, err, st.Path(), std); code != exitOK {
		return code
	}
	return reportAnchor(ctx, st, *dir, std)
}

// trailKeyring is where the app keeps the trail's anchor; tests replace
// it with a keyring of their own.
var trailKeyring accounts.Secrets = credentials.New(appinfo.ID)

// reportAnchor checks the trail against the head the app anchored in the
// keyring, which the chain alone cannot do (records removed from the end,
// or rewritten with the chain recomputed), and against what the
// organisation's archive acknowledged.
func reportAnchor(ctx context.Context, st *store.Store, dir string, std stdio) int {
	head, err := audit.HeadOf(ctx, st.DB())
	if err != nil {
		return usageError(std, "audit verify: %v", err)
	}
	code := exitOK
	if archived := audit.Archived(ctx, st.DB()); archived > head.Seq {
		fmt.Fprintf(std.out, "the organisation's archive acknowledged record %d, but the trail ends at record %d: records were removed\n", archived, head.Seq)
		code = exitBlock
	} else if archived > 0 {
		fmt.Fprintf(std.out, "the organisation's archive has acknowledged records 1 to %d of %d\n", archived, head.Seq)
	}
	raw, err := trailKeyring.Get(ctx, core.TrailService, core.TrailAccount(dir))
	switch {
	case errors.Is(err, credentials.ErrNotFound):
		fmt.Fprintln(std.out, "no anchor in the keyring for this data folder (Advocate has not run here as this user), so only the chain was checked")
		return code
	case err != nil:
		fmt.Fprintf(std.out, "the keyring could not be read (%v), so only the chain was checked\n", err)
		return code
	}
	anchor, err := audit.ParseAnchor(raw)
	if err != nil {
		return usageError(std, "audit verify: the keyring's anchor: %v", err)
	}
	if err := audit.CheckAnchor(ctx, st.DB(), anchor); err != nil {
		fmt.Fprintf(std.out, "the keyring's anchor does not match: %v\n", strings.TrimPrefix(err.Error(), "audit: "))
		return exitBlock
	}
	fmt.Fprintf(std.out, "it holds record %d as anchored in the keyring\n", anchor.Seq)
	return code
}

func reportChain(n int, err error, what string, std stdio) int {
	var b *audit.Broken
	switch {
	case errors.As(err, &b):
		fmt.Fprintf(std.out, "%s: %d records intact, then record %d is broken: %s\n", what, n, b.Seq, b.Reason)
		return exitBlock
	case err != nil:
		return usageError(std, "audit verify: %v", err)
	}
	fmt.Fprintf(std.out, "%s: %d records, the chain is intact\n", what, n)
	return exitOK
}

// verifyExport checks an exported trail as it reads it, so that its size
// costs no memory; a pipe or device is refused.
func verifyExport(file string, std stdio) int {
	f, err := openRegular(file)
	if err != nil {
		return usageError(std, "audit verify: %v", err)
	}
	defer f.Close()
	var n int
	if strings.HasSuffix(strings.ToLower(file), ".csv") {
		n, err = audit.VerifyCSV(f)
	} else {
		n, err = audit.VerifyJSONL(f)
	}
	return reportChain(n, err, fmt.Sprintf("%q", file), std)
}

// exportTrail writes the trail to the file args names, or to standard
// output for none or "-". The format is checked before the file is
// touched.
func exportTrail(ctx context.Context, st *store.Store, format string, args []string, std stdio) int {
	if format != "jsonl" && format != "csv" {
		return usageError(std, "audit export: --format must be jsonl or csv")
	}
	if len(args) > 1 {
		return usageError(std, "audit export: give one file, or - for standard output")
	}
	var w io.Writer = std.out
	if len(args) == 1 && args[0] != "-" {
		f, err := os.Create(args[0])
		if err != nil {
			return usageError(std, "audit export: %v", err)
		}
		defer f.Close()
		w = f
	}
	var n int
	var err error
	switch format {
	case "jsonl":
		n, err = audit.ExportJSONL(ctx, st.DB(), w)
	case "csv":
		n, err = audit.ExportCSV(ctx, st.DB(), w)
	default:
		return usageError(std, "audit export: --format must be jsonl or csv")
	}
	if err != nil {
		return usageError(std, "audit export: %v", err)
	}
	fmt.Fprintf(std.err, "exported %d records\n", n)
	return exitOK
}
