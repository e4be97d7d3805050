package main

import (
	"context"
	"fmt"

	"github.com/advocate-app/advocate/advocacy/policy"
)

func init() {
	commands["policy"] = command{
		summary: "test, lint or back-test a policy file",
		usage: "policy test FILE   run every rule's examples; exit 4 if any fails\n" +
			"policy lint FILE   report problems with file:line; exit 4 on errors, 3 on warnings only\n" + backtestUsage,
		run: runPolicy,
	}
}

func runPolicy(ctx context.Context, args []string, std stdio) int {
	if len(args) > 0 && args[0] == "backtest" {
		return policyBacktest(ctx, args[1:], std)
	}
	if len(args) > 0 && args[0] == "eval" {
		return runPolicyEval(ctx, args[1:], std)
	}
	if len(args) != 2 || (args[0] != "test" && args[0] != "lint") {
		return usageError(std, "usage: advocatectl policy test|lint FILE")
	}
	file := args[1]
	data, err := readFile(file, maxPolicy)
	if err != nil {
		return usageError(std, "policy %s: %v", args[0], err)
	}
	if args[0] == "lint" {
		return lintPolicy(file, data, std)
	}
	p, err := policy.Parse(file, data)
	if err != nil {
		return usageError(std, "policy test: %v", oneLine(err))
	}
	e, err := policy.Compile(p)
	if err != nil {
		return usageError(std, "policy test: %s: %v", file, err)
	}
	fails, ran, err := e.RunExamples()
	if err != nil {
		return usageError(std, "policy test: %v", err)
	}
	for _, f := range fails {
		fmt.Fprintf(std.out, "%s:%d: %s\n", file, f.Line, f)
	}
	fmt.Fprintf(std.out, "%d passed, %d failed\n", ran-len(fails), len(fails))
	if len(fails) > 0 {
		return exitBlock
	}
	return exitOK
}

func lintPolicy(file string, data []byte, std stdio) int {
	errs, warns := 0, 0
	for _, p := range policy.Lint(data) {
		kind := "warning"
		if p.Error {
			kind = "error"
			errs++
		} else {
			warns++
		}
		fmt.Fprintf(std.out, "%s: %s\n", kind, p.Format(file))
	}
	fmt.Fprintf(std.out, "%s: %d errors, %d warnings\n", file, errs, warns)
	switch {
	case errs > 0:
		return exitBlock
	case warns > 0:
		return exitWarn
	}
	return exitOK
}
