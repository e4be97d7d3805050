package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/policy"
	"github.com/advocate-app/advocate/advocacy/publish"
)

const backtestUsage = "policy backtest --policy NEW [--baseline OLD] TRAIL.jsonl... [--json]   re-check the posts of audit-trail exports; list every verdict that changes"

// enginefor compiles a loaded bundle's policy.
func enginefor(b *bundle.Bundle) (*policy.Engine, error) {
	e, err := policy.Load(b.Manifest.Policy, b.Policy)
	if err != nil {
		return nil, oneLine(err)
	}
	return e, nil
}

func policyBacktest(ctx context.Context, args []string, std stdio) int {
	fs := newFlags("policy backtest")
	next := fs.String("policy", "", "the new policy file")
	base := fs.String("baseline", "", "the policy to compare with (default: the verdicts recorded in the trail)")
	asJSON := fs.Bool("json", false, "print JSON")
	trails, err := parseMixed(fs, args)
	if err != nil {
		return usageError(std, "policy backtest: %v", err)
	}
	if *next == "" || len(trails) == 0 {
		return usageError(std, "usage: advocatectl %s", backtestUsage)
	}
	e, err := loadEngine(ctx, *next)
	if err != nil {
		return usageError(std, "policy backtest: %v", err)
	}
	var baseline *policy.Engine
	if *base != "" {
		if baseline, err = loadEngine(ctx, *base); err != nil {
			return usageError(std, "policy backtest: --baseline: %v", err)
		}
	}
	var posts []publish.TrailPost
	unpaired := 0
	for _, file := range trails {
		f, err := openRegular(file)
		if err != nil {
			return usageError(std, "policy backtest: %v", err)
		}
		got, n, err := publish.ReadTrail(f, file)
		f.Close()
		if err != nil {
			return usageError(std, "policy backtest: %v", err)
		}
		posts, unpaired = append(posts, got...), unpaired+n
	}
	res, err := publish.RunBacktest(posts, e, baseline)
	if err != nil {
		return usageError(std, "policy backtest: %v", err)
	}
	if *asJSON {
		json.NewEncoder(std.out).Encode(struct {
			publish.Backtest
			Unpaired int `json:"unpaired"`
		}{res, unpaired})
		return exitOK
	}
	res.WriteText(std.out)
	if unpaired > 0 {
		fmt.Fprintf(std.out, "%d shares had no check record beside them (an export cut short?) and were left out\n", unpaired)
	}
	return exitOK
}
