package main

import (
	"flag"
	"fmt"
	"strings"
)

// errDashText explains an argument that reads as an option the command
// does not have: most often a text to check that starts with "-".
type errDashText struct{ arg string }

func (e *errDashText) Error() string {
	return fmt.Sprintf("there is no option %q; put -- before a text that starts with -, or pipe it on standard input (advocatectl --help lists the options)", e.arg)
}

// parseTextFlags parses the options of a command that takes a text after
// them. An argument that is not one of its options, such as the text
// "-5% today", is reported with how to give such a text (after --, or on
// standard input) rather than as an undefined flag.
func parseTextFlags(fs *flag.FlagSet, args []string) error {
	if bad := unknownOption(fs, args); bad != "" {
		return &errDashText{arg: bad}
	}
	return fs.Parse(args)
}

// unknownOption walks args as fs.Parse does and returns the first one
// that starts with "-" but names none of fs's options, or "". Parsing
// stops, as fs.Parse's does, at "--", at "-" (standard input) and at the
// first argument that is not an option.
func unknownOption(fs *flag.FlagSet, args []string) string {
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" || arg == "-" || !strings.HasPrefix(arg, "-") {
			return ""
		}
		name := strings.TrimPrefix(strings.TrimPrefix(arg, "-"), "-")
		name, _, hasValue := strings.Cut(name, "=")
		if name == "h" || name == "help" {
			return "" // fs.Parse answers with its help error
		}
		f := fs.Lookup(name)
		if name == "" || strings.HasPrefix(name, "-") || f == nil {
			return arg
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); (ok && b.IsBoolFlag()) || hasValue {
			continue
		}
		i++ // the option's value, whatever it starts with
	}
	return ""
}
