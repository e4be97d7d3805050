package core

import (
	"net/url"
	"path/filepath"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/org"
	"github.com/advocate-app/advocate/advocacy/policy"
)

// awaitPolicy is the policy in force while the organisation's enforced
// bundle has not loaded yet: it blocks every post, since none can be
// checked against a policy that is not here.
const awaitPolicy = `policy:
  name: Waiting for the organisation's policy
  version: "0"
rules:
  - id: policy-not-loaded-yet
    title: The organisation's policy has not loaded yet
    why: Nothing can be shared before it can be checked against the organisation's policy.
    severity: block
    pattern: "(?s)^.+"
    fix: Wait until the organisation's bundle has loaded.
`

// awaitRetry is how soon the first fetch of an enforced bundle is tried
// again after it failed (the regular refresh is hourly).
const awaitRetry = bundleEvery / 60

// awaiting is what is in force on a first start with an enforced bundle
// of which no copy is kept, while its first fetch is under way or after
// it failed: not the demo, but the organisation itself, named after its
// address, with nothing to share yet and a policy that blocks every post.
// It is never kept nor journalled as a bundle in force.
func awaiting(ref string) (org.InForce, error) {
	name := ref
	if u, err := url.Parse(ref); err == nil && u.Host != "" {
		name = u.Hostname()
	} else if base := filepath.Base(ref); base != "." && base != string(filepath.Separator) {
		name = base
	}
	e, err := policy.Load("policy.yaml", []byte(awaitPolicy))
	if err != nil {
		return org.InForce{}, err
	}
	b := &bundle.Bundle{Source: ref, Manifest: bundle.Manifest{Org: bundle.Org{Name: name}}, Files: map[string][]byte{}}
	return org.InForce{Bundle: b, Engine: e}, nil
}

// isAwaiting reports whether b is the stand-in awaiting returns: the only
// bundle in force that was never verified.
func isAwaiting(b *bundle.Bundle) bool { return b != nil && !b.Verified && b.Source != bundle.DemoRef }
