package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/advocate-app/advocate/advocacy/managed"
)

func init() {
	commands["config"] = command{
		summary: "show what the organisation set on this computer",
		usage:   "config show [--json]   every setting the organisation enforces or recommends, and where it came from",
		run:     runConfig,
	}
}

// runConfig prints the organisation's settings for this computer (the
// managed files, registry policies or managed preferences; or
// ADVOCATE_CONFIG_DIR), each with its source, and what could not be used
// on standard error. Settings a user chose in the app are shown there.
func runConfig(ctx context.Context, args []string, std stdio) int {
	if len(args) == 0 || args[0] != "show" {
		return usageError(std, "config: say config show")
	}
	fs := newFlags("config show")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args[1:]); err != nil {
		return usageError(std, "config show: %v", err)
	}
	if fs.NArg() > 0 {
		return usageError(std, "config show: unexpected argument %q", fs.Arg(0))
	}
	m := managed.Load(ctx)
	for _, p := range m.Problems {
		fmt.Fprintf(std.err, "advocatectl: config: %s\n", p)
	}
	values := m.Resolve(nil, nil, nil)
	if *asJSON {
		data, err := json.Marshal(values)
		if err != nil {
			fmt.Fprintf(std.err, "advocatectl: config show: %v\n", err)
			return exitInternal
		}
		fmt.Fprintf(std.out, "%s\n", data)
		return exitOK
	}
	if m.Empty() {
		fmt.Fprintln(std.out, "The organisation has set nothing on this computer.")
		return exitOK
	}
	fmt.Fprint(std.out, managed.Text(values))
	return exitOK
}
