package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/advocate-app/advocate/advocacy/policy"
)

func TestComposeChecksAsYouType(t *testing.T) {
	sh, _ := newTestShell(t)
	c := sh.compose
	sh.tabs.SelectIndex(2)
	test.Type(c.editor, "Refund went to 4111 1111 1111 1111")
	if c.result.Verdict != policy.Blocked || !strings.HasPrefix(c.checks.verdict.Text, "Blocked") {
		t.Fatalf("verdict %s, %q", c.result.Verdict, c.checks.verdict.Text)
	}
	if len(c.checks.findings.Objects) != 1 || c.result.Findings[0].Rule != "pii-payment-card" {
		t.Fatalf("findings = %+v", c.result.Findings)
	}
	card := c.checks.findings.Objects[0]
	test.Type(c.editor, ", please help")
	if c.checks.findings.Objects[0] != card {
		t.Fatal("a keystroke that changes no finding redrew the findings")
	}
	test.Type(c.editor, " at alice@example.com")
	if len(c.checks.findings.Objects) != 2 {
		t.Fatalf("%d findings shown after adding an e-mail address, want 2", len(c.checks.findings.Objects))
	}
	c.editor.SetText("")
	if c.result.Verdict != policy.Pass || len(c.checks.findings.Objects) != 0 {
		t.Fatalf("empty draft: %s, %d findings", c.result.Verdict, len(c.checks.findings.Objects))
	}
}

func TestComposeOffersTheDisclosure(t *testing.T) {
	sh, _ := newTestShell(t)
	c := sh.compose
	sh.tabs.SelectIndex(2)
	test.Type(c.editor, "Atlas 3 is shipping today!")
	if c.result.Verdict != policy.WarnOnly {
		t.Fatalf("verdict %s", c.result.Verdict)
	}
	add := findButton(c.checks.findings, "Add “I work at Larkspur”")
	if add == nil {
		t.Fatal("no button to add the disclosure")
	}
	test.Tap(add)
	if !strings.HasSuffix(c.editor.Text, "\n\nI work at Larkspur.") || c.result.Verdict != policy.Pass {
		t.Fatalf("after the fix: %q, %s", c.editor.Text, c.result.Verdict)
	}
}

func TestComposeChecksForTheRoleAndLockedText(t *testing.T) {
	sh, _ := newTestShell(t)
	c := sh.compose
	sh.s.compose(draft{network: "x", text: "Atlas 3 is out", locked: []string{"I work at Larkspur."}, origin: "Atlas"})
	if c.result.Verdict != policy.Pass {
		t.Fatalf("approved caption with its locked text: %s %+v", c.result.Verdict, c.result.Findings)
	}
	c.editor.SetText(strings.Replace(c.editor.Text, "I work at Larkspur.", "", 1))
	if c.result.Verdict != policy.Blocked {
		t.Fatalf("locked text removed: %s", c.result.Verdict)
	}
	c.editor.SetText("Atlas 3 is shipping")
	switchRole(t, sh, "Alumni")
	if c.result.Verdict != policy.Blocked || c.result.Findings[0].Rule != "locked-text" {
		t.Fatalf("alumni, still locked: %+v", c.result.Findings)
	}
	c.load(draft{network: "x", text: "Atlas 3 is shipping"})
	if c.result.Verdict != policy.Pass {
		t.Fatalf("alumni need no employee disclosure: %+v", c.result.Findings)
	}
}

func TestComposeGolden(t *testing.T) {
	sh, w := newTestShell(t)
	sh.tabs.SelectIndex(2)
	sh.compose.editor.SetText("Big acquisition coming, not announced yet! Details: http://wiki.larkspur.example/deal")
	test.AssertImageMatches(t, "compose_blocked.png", w.Canvas().Capture())
}

// TestComposeGoldenSeveralNetworks draws a draft for three networks that is
// too long for two: a count per network, the nudge under the preview.
func TestComposeGoldenSeveralNetworks(t *testing.T) {
	sh, w := newTestShell(t)
	sh.tabs.SelectIndex(2)
	sh.compose.load(draft{network: "x", text: strings.Repeat("Atlas 3 ships today with 40% more picks an hour. ", 6) + "https://larkspur.example/atlas-3 I work at Larkspur."})
	sh.compose.choose("x", "linkedin", "bluesky")
	test.AssertImageMatches(t, "compose_networks.png", w.Canvas().Capture())
}

func TestPolicyTestBench(t *testing.T) {
	sh, _ := newTestShell(t)
	b := sh.policy.bench
	if !strings.Contains(sh.policy.summary.Text, "every file signed by key "+sh.s.state().Bundle.KeyID) {
		t.Fatalf("summary %q", sh.policy.summary.Text)
	}
	test.Type(b.text, "Larkspur had a strong quarter")
	if b.result.Verdict != policy.WarnOnly {
		t.Fatalf("employee now: %s", b.result.Verdict)
	}
	b.at.SetText("2026-12-20 09:00")
	if b.result.Verdict != policy.Blocked || b.result.Findings[0].Rule != "quiet-period" {
		t.Fatalf("in the quiet period: %+v", b.result)
	}
	b.role.SetSelected("Alumni")
	if b.result.Verdict != policy.Pass {
		t.Fatalf("alumni: %+v", b.result)
	}
	b.at.SetText("next week")
	if !strings.Contains(b.checks.verdict.Text, "not a time") {
		t.Fatalf("bad time: %q", b.checks.verdict.Text)
	}
	b.runExamples()
	if !strings.HasPrefix(b.examples.Text, "108 examples: 108 passed, 0 failed.") {
		t.Fatalf("examples %q", b.examples.Text)
	}
}

// TestLiveCheckWaitsForAPauseAndShareChecksAgain stands in for the timer:
// each keystroke asks for a check after checkDelay and cancels the one it
// asked for before, so a burst of typing leaves one check to run.
func TestLiveCheckWaitsForAPauseAndShareChecksAgain(t *testing.T) {
	sh, _ := newTestShell(t)
	c := sh.compose
	type timer struct {
		d         time.Duration
		f         func()
		cancelled bool
	}
	var timers []*timer
	sh.s.after = func(d time.Duration, f func()) func() {
		tm := &timer{d: d, f: f}
		timers = append(timers, tm)
		return func() { tm.cancelled = true }
	}
	pending := func() []*timer {
		var out []*timer
		for _, tm := range timers {
			if !tm.cancelled {
				out = append(out, tm)
			}
		}
		return out
	}
	c.load(draft{network: "x"})
	if c.result.Verdict != policy.Pass || c.stale {
		t.Fatalf("loaded draft: %s, stale %v", c.result.Verdict, c.stale)
	}
	timers = nil
	test.Type(c.editor, "Refund 4111 1111 1111 1111")
	if c.result.Verdict != policy.Pass || !c.stale {
		t.Fatalf("while typing: %s, stale %v", c.result.Verdict, c.stale)
	}
	left := pending()
	if len(timers) < 26 || len(left) != 1 || left[0].d != checkDelay {
		t.Fatalf("%d checks asked for 26 keys, %d left to run", len(timers), len(left))
	}
	left[0].f() // the pause
	if c.result.Verdict != policy.Blocked || c.stale {
		t.Fatalf("after the pause: %s, stale %v", c.result.Verdict, c.stale)
	}

	c.load(draft{network: "x"})
	test.Type(c.editor, "Refund 4111 1111 1111 1111")
	c.share() // before the pending check has run
	if c.result.Verdict != policy.Blocked || c.stale {
		t.Fatalf("share with a pending check used %s", c.result.Verdict)
	}
	// The check asked for before Share, run late, changes nothing.
	for _, tm := range pending() {
		tm.f()
	}
	if c.result.Verdict != policy.Blocked || c.stale {
		t.Fatalf("a late check left %s, stale %v", c.result.Verdict, c.stale)
	}
}

func TestAHugePasteIsCheckedOnlyUpToACap(t *testing.T) {
	long := strings.Repeat("é", maxChecked+10)
	if got, cut := capped(long); !cut || len([]rune(got)) != maxChecked {
		t.Fatalf("cut %v to %d characters", cut, len([]rune(got)))
	}
	short := strings.Repeat("é", maxChecked) // more bytes than the cap, as many characters
	if got, cut := capped(short); cut || got != short {
		t.Fatal("a draft at the cap was cut")
	}
}
