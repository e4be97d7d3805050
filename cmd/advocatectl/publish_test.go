package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/signing"
)

// publisherKeys makes a key pair without a password.
func publisherKeys(t *testing.T) (string, string) {
	t.Helper()
	dir := t.TempDir()
	sec, pub := filepath.Join(dir, "org.key"), filepath.Join(dir, "org.pub")
	if code, _, errw := runWithInput(t, "", "bundle", "keygen", "--no-password", "--key", sec, "--pubkey", pub); code != exitOK {
		t.Fatalf("keygen: %d %s", code, errw)
	}
	return sec, pub
}

// initSource writes the example sources and applies edits (old → new in
// a file; an empty old appends).
func initSource(t *testing.T, edits ...[3]string) string {
	t.Helper()
	src := filepath.Join(t.TempDir(), "src")
	if code, _, errw := runWithInput(t, "", "bundle", "init", src); code != exitOK {
		t.Fatalf("init: %d %s", code, errw)
	}
	for _, e := range edits {
		p := filepath.Join(src, filepath.FromSlash(e[0]))
		data, _ := os.ReadFile(p)
		if e[1] == "" {
			data = append(data, e[2]...)
		} else if !bytes.Contains(data, []byte(e[1])) {
			t.Fatalf("%s has no %q", e[0], e[1])
		} else {
			data = bytes.Replace(data, []byte(e[1]), []byte(e[2]), 1)
		}
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return src
}

func TestBundleInitBuildVerify(t *testing.T) {
	sec, pub := publisherKeys(t)
	src := initSource(t)
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, errw := runWithInput(t, "", "bundle", "build", "--key", sec, src, out)
	if code != exitOK || !strings.Contains(stdout, "3 items, 6 files, every file signed by key") || !strings.Contains(stdout, "left out 1 drafts") {
		t.Fatalf("build: %d\n%s%s", code, stdout, errw)
	}
	if !strings.Contains(stdout, filepath.Join(src, "items", "mover-2.md")+":15: warning:") {
		t.Errorf("the quiet-period warning is not named by file:line:\n%s", stdout)
	}
	var files []string
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, bundle.SignatureSuffix) {
			files = append(files, p)
		}
		return nil
	})
	if code, stdout, errw := runWithInput(t, "", append([]string{"bundle", "verify", "--pubkey", pub}, files...)...); code != exitOK || strings.Count(stdout, "good signature") != 6 {
		t.Fatalf("verify: %d\n%s%s", code, stdout, errw)
	}
	code, stdout, errw = runWithInput(t, "", "content", "list", "--json", "--bundle", out, "--pubkey", pub, "--role", "employee", "--at", "2026-12-10T09:00:00Z")
	var listed struct {
		Bundle struct{ Verified bool }
		Items  []struct{ ID string }
	}
	if code != exitOK || json.Unmarshal([]byte(stdout), &listed) != nil || !listed.Bundle.Verified || len(listed.Items) != 2 || listed.Items[0].ID != "mover-2" {
		t.Fatalf("content list: %d %s %s", code, stdout, errw)
	}
	if minisign, err := exec.LookPath("minisign"); err == nil {
		for _, f := range files {
			if msg, err := exec.Command(minisign, "-Vm", f, "-p", pub).CombinedOutput(); err != nil {
				t.Errorf("minisign -V %s: %v %s", f, err, msg)
			}
		}
	}
	// Building again gives the same bytes, the signatures included.
	again := filepath.Join(t.TempDir(), "again")
	if code, _, errw := runWithInput(t, "", "bundle", "build", "--key", sec, src, again); code != exitOK {
		t.Fatalf("build again: %d %s", code, errw)
	}
	for _, f := range files {
		rel, _ := filepath.Rel(out, f)
		for _, name := range []string{rel, rel + bundle.SignatureSuffix} {
			a, _ := os.ReadFile(filepath.Join(out, name))
			b, _ := os.ReadFile(filepath.Join(again, name))
			if !bytes.Equal(a, b) {
				t.Errorf("%s differs between two builds", name)
			}
		}
	}
}

func TestBundleBuildExitStatus(t *testing.T) {
	sec, _ := publisherKeys(t)
	for _, tc := range []struct {
		name   string
		edits  [][3]string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"as written", nil, []string{"SRC", "OUT"}, exitOK, "built", ""},
		{"warnings with --strict", nil, []string{"SRC", "OUT", "--strict"}, exitWarn, "warning:", ""},
		{"card number", [][3]string{{"items/hiring.md", "25 open roles", "25 open roles, card 4111 1111 1111 1111,"}}, []string{"SRC", "OUT"}, exitBlock,
			filepath.Join("items", "hiring.md") + ":12: block: captions.x[0] for employee at 2026-12-01T09:00:00Z: blocked by pii-payment-card (Payment card number): \"4111 1111 1111 1111\"",
			"1 blocked captions, 0 errors"},
		{"unknown key", [][3]string{{"items/hiring.md", "campaign: winter-hiring", "campaign: winter-hiring\ncolour: blue"}}, []string{"SRC", "OUT"}, exitUsage,
			filepath.Join("items", "hiring.md") + `:7: error: unknown key "colour"`, "nothing written"},
		{"no such source", nil, []string{"--key", sec, "/nonexistent/src", "OUT"}, exitUsage, "", "no source folder at /nonexistent/src"},
		{"wrong arguments", nil, []string{"only-one"}, exitUsage, "", "usage: advocatectl bundle build"},
		{"sources inside the output", nil, []string{"SRC", "SRC/.."}, exitUsage, "", "which the build replaces as a whole"},
		{"output is the sources", nil, []string{"SRC", "SRC"}, exitUsage, "", "which the build replaces as a whole"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := initSource(t, tc.edits...)
			out := filepath.Join(t.TempDir(), "out")
			args := []string{"bundle", "build"}
			for _, a := range tc.args {
				args = append(args, strings.NewReplacer("SRC", src, "OUT", out).Replace(a))
			}
			code, stdout, errw := runWithInput(t, "", args...)
			if code != tc.code || !strings.Contains(stdout, tc.stdout) || !strings.Contains(errw, tc.stderr) {
				t.Fatalf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tc.code, stdout, errw)
			}
			if tc.code == exitBlock || tc.code == exitUsage {
				if _, err := os.Stat(out); err == nil {
					t.Error("a failed build wrote its output")
				}
			}
		})
	}
}

func TestBundleBuildJSON(t *testing.T) {
	src := initSource(t, [3]string{"items/hiring.md", "25 open roles", "25 open roles, card 4111 1111 1111 1111,"})
	code, stdout, _ := runWithInput(t, "", "bundle", "build", "--json", src, filepath.Join(t.TempDir(), "out"))
	var report struct {
		OK       bool
		Problems []struct {
			File, Severity, Rule string
			Line                 int
		}
	}
	if code != exitBlock || json.Unmarshal([]byte(stdout), &report) != nil || report.OK {
		t.Fatalf("%d %s", code, stdout)
	}
	for _, p := range report.Problems {
		if p.Severity == "block" && p.Rule == "pii-payment-card" && p.Line == 12 && strings.HasSuffix(p.File, filepath.Join("items", "hiring.md")) {
			return
		}
	}
	t.Fatalf("no block in %s", stdout)
}

func TestBundleDiffAndPreview(t *testing.T) {
	oldSrc := initSource(t)
	newSrc := initSource(t,
		[3]string{"items/webinar.md", "", "---\ntitle: Webinar\naudience: [alumni]\n---\nSoon.\n"},
		[3]string{"policy.yaml", "severity: warn\n    detector: shortener", "severity: block\n    detector: shortener"},
		[3]string{"bundle.yaml", `version: "2026.12.1"`, `version: "2026.12.2"`})
	oldOut := filepath.Join(t.TempDir(), "old")
	if code, _, errw := runWithInput(t, "", "bundle", "build", oldSrc, oldOut); code != exitOK {
		t.Fatalf("build: %s", errw)
	}
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"built and source", []string{oldOut, newSrc}, []string{"Example Robotics 2026.12.1 → Example Robotics 2026.12.2", `+ webinar "Webinar" (alumni)`, `~ rule shorteners "Link shortener"`, "severity: warn → block"}},
		{"json", []string{"--json", oldSrc, newSrc}, []string{`"added":[{"id":"webinar"`, `"field":"severity","old":"warn","new":"block"`}},
		{"the same", []string{oldSrc, oldOut}, []string{"no changes"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, errw := runWithInput(t, "", append([]string{"bundle", "diff"}, tc.args...)...)
			if code != exitOK {
				t.Fatalf("%d %s", code, errw)
			}
			for _, w := range tc.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("no %q in\n%s", w, stdout)
				}
			}
		})
	}
	prev := filepath.Join(t.TempDir(), "preview")
	code, stdout, errw := runWithInput(t, "", "bundle", "preview", newSrc, "--out", prev)
	if code != exitOK || !strings.Contains(stdout, filepath.Join(prev, "employee.html")) {
		t.Fatalf("preview: %d %s %s", code, stdout, errw)
	}
	page, _ := os.ReadFile(filepath.Join(prev, "alumni.html"))
	if !strings.Contains(string(page), "Webinar") {
		t.Error("the preview lacks the new item")
	}
	if code, _, errw := runWithInput(t, "", "bundle", "preview", newSrc, "--out", prev); code != exitUsage || !strings.Contains(errw, "not empty") {
		t.Errorf("preview over an existing folder: %d %s", code, errw)
	}
}

func TestBundleInitFrom(t *testing.T) {
	sec, pub := publisherKeys(t)
	src := initSource(t)
	out := filepath.Join(t.TempDir(), "out")
	if code, _, errw := runWithInput(t, "", "bundle", "build", "--key", sec, src, out); code != exitOK {
		t.Fatal(errw)
	}
	back := filepath.Join(t.TempDir(), "back")
	if code, stdout, errw := runWithInput(t, "", "bundle", "init", "--from", out, "--pubkey", pub, back); code != exitOK || !strings.Contains(stdout, "3 items") {
		t.Fatalf("init --from: %d %s %s", code, stdout, errw)
	}
	if code, stdout, errw := runWithInput(t, "", "bundle", "diff", src, back); code != exitOK || !strings.Contains(stdout, "no changes") {
		t.Fatalf("the sources written back differ: %d\n%s%s", code, stdout, errw)
	}
	if code, _, errw := runWithInput(t, "", "bundle", "init", back); code != exitUsage || !strings.Contains(errw, "not empty") {
		t.Fatalf("init over a folder: %d %s", code, errw)
	}
	other, _, _ := signing.GenerateKey(nil)
	otherPub := filepath.Join(t.TempDir(), "other.pub")
	os.WriteFile(otherPub, other.MarshalText(), 0o644)
	if code, _, errw := runWithInput(t, "", "bundle", "init", "--from", out, "--pubkey", otherPub, filepath.Join(t.TempDir(), "x")); code != exitUsage || !strings.Contains(errw, "signed with another key") {
		t.Fatalf("init from a bundle signed by another key: %d %s", code, errw)
	}
}

func TestPolicyBacktest(t *testing.T) {
	src := initSource(t)
	stricter := initSource(t, [3]string{"policy.yaml", "severity: warn\n    detector: shortener", "severity: block\n    detector: shortener"})
	trail := filepath.Join(t.TempDir(), "trail.jsonl")
	var lines []string
	for i, text := range []string{"Read this https://bit.ly/3xyz", "Lovely winter walk today"} {
		verdict, rules := "pass", "[]"
		if i == 0 {
			verdict, rules = "warn", `["shorteners:warn"]`
		}
		id := string(rune('1' + i))
		lines = append(lines,
			`{"seq":1,"at":"2026-12-10T09:00:00Z","kind":"check","data":{"check":{"network":"x","role":"employee","verdict":"`+verdict+`","rules":`+rules+`},"share":`+id+`},"prev":"","hash":""}`,
			`{"seq":2,"at":"2026-12-10T09:00:00Z","kind":"share.queued","data":{"share":`+id+`,"network":"x","text":"`+text+`"},"prev":"","hash":""}`)
	}
	os.WriteFile(trail, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"recorded verdicts", []string{"--policy", filepath.Join(stricter, "policy.yaml"), trail}, exitOK,
			"trail.jsonl:2: share 1 (x, employee, 2026-12-10T09:00:00Z): warn → block +shorteners:block -shorteners:warn"},
		{"summary", []string{"--policy", filepath.Join(stricter, "policy.yaml"), trail}, exitOK, "2 posts re-checked against recorded verdicts: 1 verdicts change: warn→block 1"},
		{"baseline after the files", []string{"--policy", filepath.Join(stricter, "policy.yaml"), trail, "--baseline", filepath.Join(src, "policy.yaml")}, exitOK, "against policy 2026.12"},
		{"json", []string{"--json", "--policy", filepath.Join(stricter, "policy.yaml"), trail}, exitOK, `"transitions":{"warn→block":1}`},
		{"no policy", []string{trail}, exitUsage, ""},
		{"not a trail", []string{"--policy", filepath.Join(src, "policy.yaml"), filepath.Join(src, "bundle.yaml")}, exitUsage, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, errw := runWithInput(t, "", append([]string{"policy", "backtest"}, tc.args...)...)
			if code != tc.code || !strings.Contains(stdout, tc.want) {
				t.Fatalf("exit %d (want %d)\n%s%s", code, tc.code, stdout, errw)
			}
		})
	}
}

func TestSuggestionsImport(t *testing.T) {
	src := initSource(t)
	file := filepath.Join(t.TempDir(), "suggestions.jsonl")
	os.WriteFile(file, []byte(`{"url":"https://news.example/review","why":"A great review","role":"employee","at":"2026-12-02T10:00:00Z"}`+"\n"+
		`{"url":"https://robotics.example/careers","why":"again","role":"employee","at":"2026-12-02T10:00:00Z"}`+"\n"), 0o644)
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	os.WriteFile(bad, []byte(`{"url":"javascript:alert(1)","role":"employee"}`+"\n"), 0o644)
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"new", []string{"import", file, src}, exitOK, "2 suggestions, 1 new draft items", ""},
		{"again", []string{"import", file, src}, exitOK, "2 suggestions, 0 new draft items", ""},
		{"bad line", []string{"import", bad, src}, exitUsage, "", "bad.jsonl:1: not a suggestion"},
		{"no source", []string{"import", file, filepath.Join(src, "nope")}, exitUsage, "", "no source folder"},
		{"usage", []string{"import", file}, exitUsage, "", "usage: advocatectl suggestions import"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, errw := runWithInput(t, "", append([]string{"suggestions"}, tc.args...)...)
			if code != tc.code || !strings.Contains(stdout, tc.stdout) || !strings.Contains(errw, tc.stderr) {
				t.Fatalf("exit %d (want %d)\n%s%s", code, tc.code, stdout, errw)
			}
		})
	}
	if code, stdout, _ := runWithInput(t, "", "bundle", "build", src, filepath.Join(t.TempDir(), "out")); code != exitOK || !strings.Contains(stdout, "left out 2 drafts") {
		t.Fatalf("build after the import: %d %s", code, stdout)
	}
}

func TestHelpListsThePublishingDesk(t *testing.T) {
	_, stdout, _ := runWithInput(t, "", "--help")
	for _, want := range []string{"bundle init", "bundle build", "bundle preview", "bundle diff", "policy backtest", "suggestions import"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("--help lacks %q", want)
		}
	}
}
