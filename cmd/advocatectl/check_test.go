package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type checkJSON struct {
	Verdict  string `json:"verdict"`
	Findings []struct {
		Rule     string `json:"rule"`
		Severity string `json:"severity"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
		Message  string `json:"message"`
		Fix      string `json:"fix"`
	} `json:"findings"`
	Length struct {
		Network string `json:"network"`
		Count   int    `json:"count"`
		Limit   int    `json:"limit"`
	} `json:"length"`
}

func runJSON(t *testing.T, v any, args ...string) int {
	t.Helper()
	code, out, errw := runCLI(t, args...)
	if code == exitUsage || code == exitInternal {
		t.Fatalf("%v: exit %d: %s", args, code, errw)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("%v: output is not JSON: %v\n%s", args, err, out)
	}
	return code
}

func TestCheckContract(t *testing.T) {
	var res checkJSON
	text := "Ça va? My card: 4111 1111 1111 1111"
	code := runJSON(t, &res, "check", "--role", "employee", "--network", "x", "--json", text)
	if code != exitBlock || res.Verdict != "block" {
		t.Fatalf("exit %d, verdict %s", code, res.Verdict)
	}
	f := res.Findings[0]
	if f.Rule != "pii-payment-card" || f.Severity != "block" || f.Message == "" || f.Fix == "" {
		t.Fatalf("finding = %+v", f)
	}
	// Offsets are code points: "Ça va? My card: " is 16 of them.
	if got := string([]rune(text)[f.Start:f.End]); f.Start != 16 || got != "4111 1111 1111 1111" {
		t.Fatalf("span %d-%d = %q", f.Start, f.End, got)
	}
	if res.Length.Network != "x" || res.Length.Limit != 280 || res.Length.Count != 35 {
		t.Fatalf("length = %+v", res.Length)
	}

	code = runJSON(t, &res, "check", "--role", "employee", "--network", "linkedin", "--json", "Atlas 3 is shipping")
	if code != exitWarn || res.Verdict != "warn" || res.Findings[0].Rule != "ftc-disclosure" {
		t.Fatalf("warn: exit %d, %+v", code, res)
	}
	code = runJSON(t, &res, "check", "--role", "alumni", "--network", "mastodon", "--json", "Atlas 3 is shipping")
	if code != exitOK || res.Verdict != "pass" || res.Findings == nil {
		t.Fatalf("pass: exit %d, %+v (findings must be [] not null)", code, res)
	}
	code = runJSON(t, &res, "check", "--role", "employee", "--network", "x", "--at", "2026-12-20T10:00:00Z", "--json", "Atlas 3 orders are flying in. I work at Larkspur.")
	if code != exitBlock || res.Findings[0].Rule != "quiet-period" {
		t.Fatalf("quiet period: exit %d, %+v", code, res)
	}
}

func TestCheckReadsStandardInput(t *testing.T) {
	var out, errw bytes.Buffer
	code := run(context.Background(), []string{"check", "--role", "employee", "--network", "bluesky", "-"},
		strings.NewReader("Details on http://10.0.0.7/dash\n"), &out, &errw)
	if code != exitBlock || !strings.Contains(out.String(), "internal-links") {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errw.String())
	}
}

func TestCheckBadInputExits2WithOneLine(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.yaml")
	os.WriteFile(broken, []byte("policy: {name: A, version: \"1\"}\nrules:\n  - id: a\n    title: A\n    severity: fatal\n"), 0o600)
	cases := map[string][]string{
		"no role":      {"check", "--network", "x", "hi"},
		"bad role":     {"check", "--role", "ceo", "--network", "x", "hi"},
		"bad network":  {"check", "--role", "employee", "--network", "myspace", "hi"},
		"bad time":     {"check", "--role", "employee", "--network", "x", "--at", "tomorrow", "hi"},
		"bad utf-8":    {"check", "--role", "employee", "--network", "x", "\xff\xfe"},
		"no policy":    {"check", "--policy", filepath.Join(dir, "none.yaml"), "--role", "employee", "--network", "x", "hi"},
		"broken rules": {"check", "--policy", broken, "--role", "employee", "--network", "x", "hi"},
		"count no net": {"count", "hi"},
	}
	for name, args := range cases {
		code, _, errw := runCLI(t, args...)
		if code != exitUsage || strings.Count(strings.TrimSpace(errw), "\n") != 0 || !strings.HasPrefix(errw, "advocatectl: ") {
			t.Errorf("%s: exit %d, stderr %q", name, code, errw)
		}
	}
	_, _, errw := runCLI(t, cases["broken rules"]...)
	if !strings.Contains(errw, "broken.yaml:3:") {
		t.Errorf("the broken policy's line is not named: %q", errw)
	}
}

func TestCountContract(t *testing.T) {
	var res struct {
		Network string `json:"network"`
		Count   int    `json:"count"`
		Limit   int    `json:"limit"`
		Valid   bool   `json:"valid"`
	}
	if code := runJSON(t, &res, "count", "--network", "x", "--json", "Hi http://test.co"); code != exitOK || res.Count != 26 || !res.Valid || res.Limit != 280 {
		t.Fatalf("count = %d %+v", code, res)
	}
	runJSON(t, &res, "count", "--network", "bluesky", "--json", strings.Repeat("a", 301))
	if res.Valid || res.Count != 301 || res.Limit != 300 {
		t.Fatalf("bluesky = %+v", res)
	}
}

func TestPolicyTestAndLint(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	data, err := os.ReadFile("../../assets/demo/policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(good, data, 0o600)
	code, out, _ := runCLI(t, "policy", "test", good)
	if code != exitOK || !strings.Contains(out, " passed, 0 failed") {
		t.Fatalf("policy test demo: exit %d\n%s", code, out)
	}
	if code, out, _ := runCLI(t, "policy", "lint", good); code != exitOK || !strings.Contains(out, "0 errors, 0 warnings") {
		t.Fatalf("policy lint demo: exit %d\n%s", code, out)
	}

	// A rule whose example it cannot meet fails the test, naming the line.
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte(`policy: {name: T, version: "1"}
rules:
  - id: cards
    title: Cards
    why: fraud
    source: policy
    severity: block
    detector: payment_card
    examples:
      flag: ["my number is 1234"]
      pass: ["nothing here"]
`), 0o600)
	code, out, _ = runCLI(t, "policy", "test", bad)
	if code != exitBlock || !strings.Contains(out, "bad.yaml:3: rule cards: \"my number is 1234\" should flag") || !strings.Contains(out, "1 passed, 1 failed") {
		t.Fatalf("policy test bad: exit %d\n%s", code, out)
	}
	os.WriteFile(bad, []byte("policy: {name: T, version: \"1\"}\nrules:\n  - id: x\n    title: X\n    severity: warn\n    lexicon: nope\n"), 0o600)
	code, out, _ = runCLI(t, "policy", "lint", bad)
	if code != exitBlock || !strings.Contains(out, "error: "+bad+":3: rule \"x\": no lexicon named \"nope\"") {
		t.Fatalf("policy lint bad: exit %d\n%s", code, out)
	}
	if code, _, _ := runCLI(t, "policy", "frob", bad); code != exitUsage {
		t.Fatalf("policy frob: exit %d", code)
	}
}

// TestNeverPanics feeds odd argument lists; every one must end in a
// defined exit status.
func TestNeverPanics(t *testing.T) {
	odd := [][]string{
		{"check", "--role"}, {"check", "--json", "--role", "employee", "--network", "x", ""},
		{"check", "--role", "employee", "--network", "x", "\u0000\u200b\U0001F469\u200d"},
		{"count", "--network", "linkedin", "--json", "-"}, {"policy"}, {"policy", "test"},
		{"store", "check", "--data-dir", "/dev/null/x"}, {"--"}, {"-x"},
	}
	for _, args := range odd {
		code, _, errw := runCLI(t, args...)
		if code == exitInternal || code < 0 || code > exitBlock {
			t.Errorf("%q: exit %d %s", args, code, errw)
		}
	}
}

// TestCheckNeverPrintsASecretItFinds: the finding said where a card
// number or a key was, and printed it in full.
func TestCheckNeverPrintsASecretItFinds(t *testing.T) {
	for _, secret := range []string{"4111 1111 1111 1111", "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"} {
		for _, asJSON := range []bool{false, true} {
			args := []string{"check", "--role", "employee", "--network", "linkedin"}
			if asJSON {
				args = append(args, "--json")
			}
			var out, errw bytes.Buffer
			code := run(context.Background(), append(args, "--", "Here you go: "+secret), strings.NewReader(""), &out, &errw)
			if code != exitBlock {
				t.Fatalf("exit %d for %q\n%s%s", code, secret, out.String(), errw.String())
			}
			if strings.Contains(out.String()+errw.String(), secret) || strings.Contains(out.String(), secret[len(secret)-8:]) {
				t.Fatalf("the secret was printed:\n%s", out.String())
			}
		}
	}
}
