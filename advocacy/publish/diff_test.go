package publish

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/advocate-app/advocate/advocacy/bundle"
)

func builtBundle(t *testing.T, edits ...edit) *bundle.Bundle {
	t.Helper()
	out, err := buildDir(t, exampleDir(t, edits...))
	if err != nil {
		t.Fatal(err)
	}
	b, err := bundle.Cached("built", out.Files, "").Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDiff(t *testing.T) {
	old := builtBundle(t)
	for _, tc := range []struct {
		name  string
		edits []edit
		check func(Report) bool
		text  []string
	}{
		{"nothing changed", nil, Report.Empty, []string{"no changes"}},
		{"an added item", []edit{{file: "items/webinar.md", new: "---\ntitle: Webinar\naudience: [alumni]\n---\nSoon.\n"}},
			func(r Report) bool { return len(r.Items.Added) == 1 && r.Items.Added[0].ID == "webinar" },
			[]string{"items: 1 added, 0 removed, 0 changed", `+ webinar "Webinar" (alumni)`}},
		{"a removed item", []edit{{file: "items/hiring.md", remove: true}, {file: "bundle.yaml", old: "order: [mover-2, hiring, alumni-meetup]", new: ""}},
			func(r Report) bool { return len(r.Items.Removed) == 1 && r.Items.Removed[0].ID == "hiring" },
			[]string{`- hiring "We're hiring`}},
		{"a window and a caption changed", []edit{{file: "items/hiring.md", old: "expires: 2027-02-28T23:59:00Z", new: "expires: 2027-03-10T23:59:00Z"},
			{file: "items/hiring.md", old: "25 open roles", new: "30 open roles"}},
			func(r Report) bool {
				c := r.Items.Changed
				return len(c) == 1 && c[0].Window && len(c[0].Captions) == 1 && c[0].Captions[0].Change == "changed"
			},
			[]string{"(sharing window changed)", "expires: 2027-02-28T23:59:00Z → 2027-03-10T23:59:00Z", "captions.x[0] changed", "- My team is hiring! 25", "+ My team is hiring! 30"}},
		{"a changed rule", []edit{{file: "policy.yaml", old: "severity: warn\n    detector: shortener", new: "severity: block\n    detector: shortener"}},
			func(r Report) bool {
				c := r.Policy.Changed
				return len(c) == 1 && c[0].ID == "shorteners" && c[0].Fields[0] == Change{"severity", "warn", "block"}
			},
			[]string{"1 changed", `~ rule shorteners "Link shortener"`, "severity: warn → block"}},
		{"an added rule and lexicon term", []edit{{file: "policy.yaml", old: "under NDA]", new: "under NDA, embargoed]"},
			{file: "policy.yaml", new: "\n  - id: no-crypto\n    title: Crypto tips\n    why: Not financial advice.\n    source: Policy §9\n    severity: warn\n    terms: [bitcoin]\n    examples:\n      flag: [\"buy bitcoin\"]\n"}},
			func(r Report) bool {
				p := r.Policy
				return len(p.Added) == 1 && p.Added[0].ID == "no-crypto" && len(p.Lexicons) == 1 && p.Lexicons[0].Added[0] == "embargoed"
			},
			[]string{`+ rule no-crypto "Crypto tips" (warn)`, `~ lexicon markers: +"embargoed"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Diff(old, builtBundle(t, tc.edits...))
			if !tc.check(r) {
				t.Errorf("report: %+v", r)
			}
			var out bytes.Buffer
			r.WriteText(&out)
			for _, want := range tc.text {
				if !strings.Contains(out.String(), want) {
					t.Errorf("no %q in\n%s", want, out.String())
				}
			}
		})
	}
}
