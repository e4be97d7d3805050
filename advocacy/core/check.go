package core

import (
	"slices"
	"time"

	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/policy"
)

// DraftCheck is the policy's check of one draft on each network it is
// for: rules and lengths differ by network.
type DraftCheck struct {
	// Results holds each network's own check, kept with the share that
	// goes there.
	Results map[network.ID]policy.Result
	// Combined has the worst verdict and each finding once, in text
	// order.
	Combined policy.Result
}

// Draft is what the user is writing.
type Draft struct {
	Text     string
	Networks []network.ID
	// Locked lists the parts of approved content that must stay as they
	// are.
	Locked []string
	// At is when it would go; zero means now.
	At time.Time
}

// CheckAll checks d's text on each of its networks with the policy and
// role in force, at d.At (or now). It only computes: it may run on any
// goroutine.
func (c *Core) CheckAll(d Draft) (DraftCheck, error) {
	st := c.State()
	if st.Engine == nil {
		return DraftCheck{}, ErrNoPolicy
	}
	at := d.At
	if at.IsZero() {
		at = c.Now()
	}
	return CheckAll(st.Engine, policy.Input{Text: d.Text, Role: st.Role, At: at, Locked: d.Locked}, d.Networks)
}

// CheckAll checks in's text on each of networks (in's own network is
// ignored) with engine.
func CheckAll(engine *policy.Engine, in policy.Input, networks []network.ID) (DraftCheck, error) {
	dc := DraftCheck{Results: map[network.ID]policy.Result{}, Combined: policy.Result{Verdict: policy.Pass, Findings: []policy.Finding{}}}
	for _, n := range networks {
		in.Network = n
		res, err := engine.Check(in)
		if err != nil {
			return DraftCheck{}, err
		}
		dc.Results[n] = res
		dc.Combined.Verdict = policy.Worse(dc.Combined.Verdict, res.Verdict)
		for _, f := range res.Findings {
			if !slices.ContainsFunc(dc.Combined.Findings, func(g policy.Finding) bool {
				return g.Rule == f.Rule && g.Start == f.Start && g.End == f.End && g.Message == f.Message
			}) {
				dc.Combined.Findings = append(dc.Combined.Findings, f)
			}
		}
	}
	slices.SortStableFunc(dc.Combined.Findings, func(a, b policy.Finding) int { return a.Start - b.Start })
	return dc, nil
}
