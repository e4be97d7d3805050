package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/advocate-app/advocate/feeds"
)

func init() {
	commands["feed"] = command{
		summary: "read a feed the way the app does (limits, parse, sanitise)",
		usage:   "feed inspect [--json] [--allow-private] FILE|URL",
		run:     runFeed,
	}
}

func runFeed(ctx context.Context, args []string, std stdio) int {
	if len(args) == 0 || args[0] != "inspect" {
		return usageError(std, "usage: advocatectl feed inspect [--json] [--allow-private] FILE|URL")
	}
	fs := newFlags("feed inspect")
	asJSON := fs.Bool("json", false, "print JSON")
	allowPrivate := fs.Bool("allow-private", false, "allow addresses on private networks")
	if err := fs.Parse(args[1:]); err != nil {
		return usageError(std, "feed inspect: %v", err)
	}
	if fs.NArg() != 1 {
		return usageError(std, "usage: advocatectl feed inspect [--json] [--allow-private] FILE|URL")
	}
	target := fs.Arg(0)
	var data []byte
	if strings.Contains(target, "://") {
		var allow []string
		if *allowPrivate {
			allow = []string{"*"}
		}
		resp, err := feeds.NewFetcher(allow).Fetch(ctx, target, feeds.Validators{})
		if err != nil {
			return usageError(std, "feed inspect: %v", err)
		}
		data = resp.Body
	} else {
		var err error
		if data, err = readFile(target, feeds.MaxFeedSize); err != nil {
			return usageError(std, "feed inspect: %v", err)
		}
	}
	f, err := feeds.Parse(data)
	if err != nil {
		return usageError(std, "feed inspect: %s", strings.ReplaceAll(err.Error(), "\n", " "))
	}
	if *asJSON {
		json.NewEncoder(std.out).Encode(struct {
			Format string `json:"format"`
			Title  string `json:"title"`
			Items  int    `json:"items"`
		}{f.Format, f.Title, len(f.Items)})
		return exitOK
	}
	fmt.Fprintf(std.out, "%s feed %q, %d items\n", f.Format, f.Title, len(f.Items))
	for _, it := range f.Items {
		fmt.Fprintf(std.out, "  %s  %s  %s\n", it.Published.UTC().Format("2006-01-02"), it.Title, it.Link)
	}
	return exitOK
}
