package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/advocate-app/advocate/advocacy/appinfo"
)

// Exit statuses, as DESIGN.md's advocatectl contract sets them.
const (
	exitOK       = 0
	exitInternal = 1
	exitUsage    = 2
	exitWarn     = 3
	exitBlock    = 4
)

// command is one advocatectl subcommand.
type command struct {
	summary string
	usage   string
	run     func(ctx context.Context, args []string, io stdio) int
}

// stdio is where a command reads and writes.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}

// commands are the subcommands that exist, by name. Later work adds to it.
var commands = map[string]command{}

// run parses the command line and runs the subcommand, returning the exit
// status. It never panics: an internal failure exits 1 with a message.
func run(ctx context.Context, args []string, in io.Reader, out, errw io.Writer) (status int) {
	std := stdio{in: in, out: out, err: errw}
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(errw, "advocatectl: internal error: %v\n", r)
			status = exitInternal
		}
	}()
	if len(args) == 0 {
		usage(errw)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage(out)
		return exitOK
	case "-version", "--version", "version":
		fmt.Fprintf(out, "advocatectl %s\n", appinfo.Version)
		return exitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(errw, "advocatectl: unknown command %q; run advocatectl --help for the list\n", args[0])
		return exitUsage
	}
	return cmd.run(ctx, args[1:], std)
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "advocatectl %s: Advocate's tool for compliance staff, publishers and scripts.\n\n", appinfo.Version)
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  advocatectl COMMAND [ARGUMENTS]")
	fmt.Fprintln(w, "  advocatectl --help | --version")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(w, "  %-10s %s\n", name, commands[name].summary)
		for _, line := range strings.Split(commands[name].usage, "\n") {
			if line != "" {
				fmt.Fprintf(w, "             %s\n", line)
			}
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Exit status: 0 success or pass, 3 warn, 4 block, 2 bad input or usage, 1 internal error.")
}
