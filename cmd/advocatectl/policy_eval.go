package main

import (
	"bytes"
	"context"

	"github.com/advocate-app/advocate/advocacy/policy"
)

// maxCases bounds an evaluation set's size.
const maxCases = 16 << 20

func init() {
	if c, ok := commands["policy"]; ok {
		c.usage += "\npolicy eval [--policy FILE] CASES.tsv   precision and recall per category on labelled posts; exit 4 if any case gets another verdict"
		commands["policy"] = c
	}
}

// runPolicyEval checks every labelled post of an evaluation set against
// the policy (the demo policy without --policy), prints the cases that got
// another verdict than expected, then the table of precision and recall per
// category. It exits 4 when any case fails.
func runPolicyEval(ctx context.Context, args []string, std stdio) int {
	fs := newFlags("policy eval")
	file := fs.String("policy", "", "policy file (default: the demo policy)")
	if err := fs.Parse(args); err != nil {
		return usageError(std, "policy eval: %v", err)
	}
	if fs.NArg() != 1 {
		return usageError(std, "usage: advocatectl policy eval [--policy FILE] CASES.tsv")
	}
	name := fs.Arg(0)
	data, err := readFile(name, maxCases)
	if err != nil {
		return usageError(std, "policy eval: %v", err)
	}
	cases, err := policy.ReadCases(name, bytes.NewReader(data))
	if err != nil {
		return usageError(std, "policy eval: %v", err)
	}
	e, err := loadEngine(ctx, *file)
	if err != nil {
		return usageError(std, "policy eval: %v", err)
	}
	rep, err := e.Evaluate(cases)
	if err != nil {
		return usageError(std, "policy eval: %v", err)
	}
	rep.Write(std.out, name)
	if rep.Total.Failed > 0 {
		return exitBlock
	}
	return exitOK
}
