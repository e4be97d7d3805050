package ui

import (
	"slices"

	"github.com/advocate-app/advocate/advocacy/policy"
)

// draftCheck is the policy's check of one draft on each network it is
// for: rules and lengths differ by network.
type draftCheck struct {
	// results holds each network's own check, kept with the share that
	// goes there.
	results map[string]policy.Result
	// combined has the worst verdict and each finding once, in text order.
	combined policy.Result
}

// checkDraft checks in's text on each of networks (in's own network is
// ignored).
func checkDraft(engine *policy.Engine, in policy.Input, networks []string) (draftCheck, error) {
	dc := draftCheck{results: map[string]policy.Result{}, combined: policy.Result{Verdict: policy.Pass, Findings: []policy.Finding{}}}
	for _, n := range networks {
		in.Network = n
		res, err := engine.Check(in)
		if err != nil {
			return draftCheck{}, err
		}
		dc.results[n] = res
		dc.combined.Verdict = worse(dc.combined.Verdict, res.Verdict)
		for _, f := range res.Findings {
			if !slices.ContainsFunc(dc.combined.Findings, func(g policy.Finding) bool {
				return g.Rule == f.Rule && g.Start == f.Start && g.End == f.End && g.Message == f.Message
			}) {
				dc.combined.Findings = append(dc.combined.Findings, f)
			}
		}
	}
	slices.SortStableFunc(dc.combined.Findings, func(a, b policy.Finding) int { return a.Start - b.Start })
	return dc, nil
}

// worse returns the stricter of two verdicts.
func worse(a, b policy.Verdict) policy.Verdict {
	if b == policy.Blocked || (b == policy.WarnOnly && a != policy.Blocked) {
		return b
	}
	return a
}
