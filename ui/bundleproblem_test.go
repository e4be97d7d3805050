package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/core"
)

// TestABundleProblemReadsAsOneSentenceAndOffersWhatCanBeDone: the
// problem's own sentence is not ended twice, and a bundle the
// organisation enforces is not offered to be chosen again in Settings.
func TestABundleProblemReadsAsOneSentenceAndOffersWhatCanBeDone(t *testing.T) {
	st := &core.State{Problem: context.DeadlineExceeded, Ref: "https://advocacy.example.com/larkspur/",
		Bundle: &bundle.Bundle{Manifest: bundle.Manifest{Org: bundle.Org{Name: "advocacy.example.com"}}}}
	free, locked := bundleProblem(st, false), bundleProblem(st, true)
	for _, msg := range []string{free, locked} {
		if msg == "" || strings.Contains(msg, "..") {
			t.Errorf("the problem reads %q", msg)
		}
	}
	if !strings.Contains(free, "choose the bundle again in Settings") {
		t.Errorf("a bundle the user chose: %q", free)
	}
	if strings.Contains(locked, "Settings") || !strings.Contains(locked, "tries it again") {
		t.Errorf("a bundle the organisation enforces: %q", locked)
	}
}
