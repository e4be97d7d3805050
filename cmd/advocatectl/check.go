package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/policy"
)

func init() {
	commands["check"] = command{
		summary: "check a post against the policy",
		usage:   "check [--policy FILE] --role employee|alumni --network x|linkedin|mastodon|bluesky [--at RFC3339] [--json] [TEXT | -]\n(put -- before a TEXT that starts with -, or give - and pipe it on standard input)",
		run:     runCheck,
	}
	commands["count"] = command{
		summary: "count a post's length as a network counts it",
		usage:   "count --network NAME [--json] [TEXT | -]\n(put -- before a TEXT that starts with -, or give - and pipe it on standard input)",
		run:     runCount,
	}
}

// loadEngine compiles the policy in file, or the demo policy when file is "".
func loadEngine(ctx context.Context, file string) (*policy.Engine, error) {
	name, data := file, []byte(nil)
	if file == "" {
		b, err := bundle.LoadDemo(ctx)
		if err != nil {
			return nil, err
		}
		name, data = "demo policy", b.Policy
	} else {
		var err error
		if data, err = readFile(file, maxPolicy); err != nil {
			return nil, fmt.Errorf("the policy: %w", err)
		}
	}
	e, err := policy.Load(name, data)
	if err != nil {
		return nil, oneLine(err)
	}
	return e, nil
}

// roleAndTime checks --role and parses --at (now when empty).
func roleAndTime(role, at string) (time.Time, error) {
	if role != bundle.RoleEmployee && role != bundle.RoleAlumni {
		return time.Time{}, fmt.Errorf("--role must be employee or alumni")
	}
	if at == "" {
		return time.Now(), nil
	}
	when, err := time.Parse(time.RFC3339, at)
	if err != nil {
		return time.Time{}, fmt.Errorf("--at %q is not an RFC 3339 time such as 2026-12-01T09:00:00Z", at)
	}
	return when, nil
}

// oneLine joins a multi-line error into one line, for the one-line reason
// the contract promises on stderr.
func oneLine(err error) error {
	return fmt.Errorf("%s", strings.ReplaceAll(err.Error(), "\n", "; "))
}

// readText returns the text from the arguments, or standard input for "-"
// or no argument. It must be valid UTF-8.
func readText(args []string, std stdio) (string, error) {
	var text string
	if len(args) == 0 || (len(args) == 1 && args[0] == "-") {
		data, err := io.ReadAll(io.LimitReader(std.in, 1<<20+1))
		if err != nil {
			return "", fmt.Errorf("cannot read standard input: %v", err)
		}
		if len(data) > 1<<20 {
			return "", fmt.Errorf("the text is larger than 1 MiB")
		}
		text = strings.TrimSuffix(string(data), "\n")
	} else {
		text = strings.Join(args, " ")
	}
	if !utf8.ValidString(text) {
		return "", fmt.Errorf("the text is not valid UTF-8")
	}
	return text, nil
}

// parseNetwork reads a --network value; ok is false for one that names
// no network.
func parseNetwork(name string) (id network.ID, ok bool) {
	id, err := network.Parse(name)
	return id, err == nil
}

func runCheck(ctx context.Context, args []string, std stdio) int {
	fs := newFlags("check")
	file := fs.String("policy", "", "policy file (default: the demo policy)")
	role := fs.String("role", "", "employee or alumni")
	networkName := fs.String("network", "", "x, linkedin, mastodon or bluesky")
	at := fs.String("at", "", "when it would be posted, RFC 3339 (default: now)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseTextFlags(fs, args); err != nil {
		return usageError(std, "check: %v", err)
	}
	when, err := roleAndTime(*role, *at)
	if err != nil {
		return usageError(std, "check: %v", err)
	}
	id, ok := parseNetwork(*networkName)
	if !ok {
		return usageError(std, "check: --network must be x, linkedin, mastodon or bluesky")
	}
	text, err := readText(fs.Args(), std)
	if err != nil {
		return usageError(std, "check: %v", err)
	}
	e, err := loadEngine(ctx, *file)
	if err != nil {
		return usageError(std, "check: %v", err)
	}
	res, err := e.Check(policy.Input{Text: text, Role: *role, Network: id, At: when})
	if err != nil {
		return usageError(std, "check: %v", err)
	}
	if *asJSON {
		json.NewEncoder(std.out).Encode(res)
	} else {
		printResult(std.out, text, res)
	}
	switch res.Verdict {
	case policy.Blocked:
		return exitBlock
	case policy.WarnOnly:
		return exitWarn
	}
	return exitOK
}

func printResult(w io.Writer, text string, res policy.Result) {
	runes := []rune(text)
	fmt.Fprintf(w, "%s — %d of %d characters on %s\n", res.Verdict, res.Length.Count, res.Length.Limit, res.Length.Network)
	for _, f := range res.Findings {
		span := fmt.Sprintf("%q", string(runes[f.Start:f.End]))
		if f.Sensitive { // a credential or a card, bank or id number: where, never what
			span = fmt.Sprintf("(%d characters, not shown)", f.End-f.Start)
		}
		fmt.Fprintf(w, "  %-5s %s at %d-%d %s\n        %s\n", f.Severity, f.Rule, f.Start, f.End, span, f.Message)
		if f.Fix != "" {
			fmt.Fprintf(w, "        fix: %s\n", f.Fix)
		}
	}
}

func runCount(ctx context.Context, args []string, std stdio) int {
	fs := newFlags("count")
	networkName := fs.String("network", "", "x, linkedin, mastodon or bluesky")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseTextFlags(fs, args); err != nil {
		return usageError(std, "count: %v", err)
	}
	id, ok := parseNetwork(*networkName)
	if !ok {
		return usageError(std, "count: --network must be x, linkedin, mastodon or bluesky")
	}
	text, err := readText(fs.Args(), std)
	if err != nil {
		return usageError(std, "count: %v", err)
	}
	l, err := policy.Count(id, text)
	if err != nil {
		return usageError(std, "count: %v", err)
	}
	if *asJSON {
		json.NewEncoder(std.out).Encode(struct {
			Network network.ID `json:"network"`
			Count   int        `json:"count"`
			Limit   int        `json:"limit"`
			Valid   bool       `json:"valid"`
		}{l.Network, l.Count, l.Limit, l.Valid()})
	} else {
		fmt.Fprintf(std.out, "%d of %d on %s\n", l.Count, l.Limit, l.Network)
	}
	return exitOK
}
