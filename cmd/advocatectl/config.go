package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/advocate-app/advocate/advocacy/appinfo"
	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/managed"
	"github.com/advocate-app/advocate/advocacy/store"
)

func init() {
	commands["config"] = command{
		summary: "show what the organisation set on this computer",
		usage:   "config show [--data-dir DIR] [--json]   every setting's effective value and where it came from: the organisation (enforced or recommended), the user's choice in the app, or the default",
		run:     runConfig,
	}
}

// runConfig prints every setting the organisation can set with its
// effective value and where it came from: the organisation's managed
// files, registry policies or managed preferences (or
// ADVOCATE_CONFIG_DIR), the user's choice kept in the data folder's
// database (read only; none when there is no database yet), or the
// default. What could not be used goes to standard error.
func runConfig(ctx context.Context, args []string, std stdio) int {
	if len(args) == 0 || args[0] != "show" {
		return usageError(std, "config: say config show")
	}
	fs := newFlags("config show")
	dir := fs.String("data-dir", "", "data folder (default: $ADVOCATE_DATA_DIR, else the app's)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args[1:]); err != nil {
		return usageError(std, "config show: %v", err)
	}
	if fs.NArg() > 0 {
		return usageError(std, "config show: unexpected argument %q", fs.Arg(0))
	}
	if *dir == "" {
		*dir = store.DefaultDir(appinfo.ID)
	}
	m := managed.Load(ctx)
	for _, p := range m.Problems {
		fmt.Fprintf(std.err, "advocatectl: config: %s\n", p)
	}
	chosen, err := userSettings(ctx, *dir)
	if err != nil {
		fmt.Fprintf(std.err, "advocatectl: config: the user's choices are not shown: %v\n", err)
	}
	values := core.EffectiveSettings(m, func(key, def string) string {
		if v, ok := chosen[key]; ok {
			return v
		}
		return def
	})
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
	}
	fmt.Fprint(std.out, managed.Text(values))
	return exitOK
}

// userSettings reads the settings the app keeps in the data folder dir,
// without creating or changing anything: none when Advocate has not run
// there yet.
func userSettings(ctx context.Context, dir string) (map[string]string, error) {
	st, err := store.OpenExisting(ctx, dir)
	switch {
	case errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrEmpty):
		return nil, nil
	case err != nil:
		return nil, err
	}
	defer st.Close()
	return st.Settings(ctx)
}
