package publish

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/audit"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/policy"
	"github.com/advocate-app/advocate/advocacy/share"
	"github.com/advocate-app/advocate/advocacy/store"
)

func exampleEngine(t testing.TB, edits ...[2]string) *policy.Engine {
	t.Helper()
	data := Example()["policy.yaml"]
	for _, e := range edits {
		if !bytes.Contains(data, []byte(e[0])) {
			t.Fatalf("the example policy has no %q", e[0])
		}
		data = bytes.Replace(data, []byte(e[0]), []byte(e[1]), 1)
	}
	e, err := policy.Load("policy.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// stricter blocks link shorteners and marks "embargoed" confidential.
var stricter = [][2]string{
	{"severity: warn\n    detector: shortener", "severity: block\n    detector: shortener"},
	{"under NDA]", "under NDA, embargoed]"},
}

// TestReadTrailFromARealExport shares through a real outbox and reads its
// audit-trail export back.
func TestReadTrailFromARealExport(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	at := time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC)
	o := &share.Outbox{DB: st.DB(), Now: func() time.Time { return at }}
	e := exampleEngine(t)
	posts := []struct {
		text string
		net  network.ID
	}{
		{"Read this https://bit.ly/3xyz", network.X},
		{"The embargoed numbers look great", network.Mastodon},
		{"Lovely winter walk today", network.Bluesky},
	}
	for _, p := range posts {
		res, err := e.Check(policy.Input{Text: p.text, Role: "employee", Network: p.net, At: at})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := o.Enqueue(ctx, share.Share{Network: p.net, Text: p.text, PolicyVersion: "2026.12"}, res, "employee", "a reason to share"); err != nil {
			t.Fatal(err)
		}
	}
	rec := o.CheckRecord(share.Share{Network: network.LinkedIn}, policy.Result{Verdict: policy.Pass}, "alumni", "")
	if err := o.Note(ctx, share.KindBrowser, map[string]any{"network": network.LinkedIn, "text": "Embargoed until Monday", "check": rec}); err != nil {
		t.Fatal(err)
	}
	var trail bytes.Buffer
	if _, err := audit.ExportJSONL(ctx, st.DB(), &trail); err != nil {
		t.Fatal(err)
	}
	got, unpaired, err := ReadTrail(&trail, "trail.jsonl")
	if err != nil || unpaired != 0 || len(got) != 4 {
		t.Fatalf("%d posts, %d unpaired, %v", len(got), unpaired, err)
	}
	if got[0].Role != "employee" || got[0].Verdict != policy.WarnOnly || !got[0].At.Equal(at) || got[3].Role != "alumni" {
		t.Errorf("posts: %+v", got)
	}
	for _, tc := range []struct {
		name     string
		baseline *policy.Engine
		want     map[string]int
	}{
		{"against the recorded verdicts", nil, map[string]int{"warn→block": 1, "pass→block": 2}},
		{"against the old policy", exampleEngine(t), map[string]int{"warn→block": 1, "pass→block": 2}},
		{"the same policy", exampleEngine(t, stricter...), map[string]int{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := RunBacktest(got, exampleEngine(t, stricter...), tc.baseline)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(res.Transitions) != fmt.Sprint(tc.want) {
				t.Fatalf("transitions %v, want %v", res.Transitions, tc.want)
			}
			if len(tc.want) == 0 {
				return
			}
			first := res.Changed[0]
			if first.Line == 0 || !strings.Contains(strings.Join(first.Added, " "), "shorteners:block") {
				t.Errorf("first change: %+v", first)
			}
			var out bytes.Buffer
			res.WriteText(&out)
			if !strings.Contains(out.String(), "trail.jsonl:") || !strings.Contains(out.String(), "4 posts re-checked") {
				t.Errorf("report:\n%s", out.String())
			}
		})
	}
}

func TestReadTrailRefuses(t *testing.T) {
	for _, tc := range []struct {
		name, trail string
		posts       int
		unpaired    int
		err         string
	}{
		{"empty", "", 0, 0, ""},
		{"not JSON", "hello\n", 0, 0, "trail.jsonl:1: not an audit-trail export"},
		{"a share without its check", `{"seq":1,"at":"2026-12-01T00:00:00Z","kind":"share.queued","data":{"share":9,"network":"x","text":"hi"}}` + "\n", 0, 1, ""},
		{"bad time", `{"seq":1,"at":"yesterday","kind":"share.browser","data":{"network":"x","text":"hi","check":{"role":"employee","verdict":"pass"}}}` + "\n", 0, 0, "trail.jsonl:1:"},
		{"other records", `{"seq":1,"at":"2026-12-01T00:00:00Z","kind":"role","data":{"role":"alumni"}}` + "\n", 0, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			posts, unpaired, err := ReadTrail(strings.NewReader(tc.trail), "trail.jsonl")
			if tc.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %s…", err, tc.err)
				}
				return
			}
			if err != nil || len(posts) != tc.posts || unpaired != tc.unpaired {
				t.Fatalf("%d posts, %d unpaired, %v", len(posts), unpaired, err)
			}
		})
	}
}

// generatedTrail writes an export of n shares, as the outbox records
// them: each check, then the queued share.
func generatedTrail(n int) []byte {
	texts := []struct{ text, verdict, rules string }{
		{"Mover 2 ships today. I work at Example Robotics. https://robotics.example/mover-2", "pass", ""},
		{"Read this https://bit.ly/3xyz before Friday", "warn", `"shorteners:warn"`},
		{"Lovely winter walk along the river today, the light was amazing", "pass", ""},
		{"The embargoed numbers look great, can't wait to tell you more", "pass", ""},
		{"We deserve better pay and safer hours at the plant", "pass", ""},
	}
	nets := []string{"x", "linkedin", "mastodon", "bluesky"}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	start := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for i := 1; i <= n; i++ {
		t := texts[i%len(texts)]
		at := start.Add(time.Duration(i) * time.Minute).Format(time.RFC3339Nano)
		rules := "[]"
		if t.rules != "" {
			rules = "[" + t.rules + "]"
		}
		enc.Encode(audit.Record{Seq: int64(2*i - 1), At: at, Kind: share.KindCheck,
			Data: json.RawMessage(fmt.Sprintf(`{"check":{"network":%q,"role":"employee","verdict":%q,"rules":%s,"length":60,"policy_version":"2026.12","bundle_version":"2026.12.1"},"share":%d}`, nets[i%4], t.verdict, rules, i))})
		data, _ := json.Marshal(map[string]any{"share": i, "network": nets[i%4], "account": 0, "state": "queued", "text": t.text, "key": fmt.Sprintf("k%d", i)})
		enc.Encode(audit.Record{Seq: int64(2 * i), At: at, Kind: share.KindQueued, Data: data})
	}
	return b.Bytes()
}

func TestBacktestGeneratedTrail(t *testing.T) {
	posts, _, err := ReadTrail(bytes.NewReader(generatedTrail(1000)), "trail.jsonl")
	if err != nil || len(posts) != 1000 {
		t.Fatalf("%d posts: %v", len(posts), err)
	}
	res, err := RunBacktest(posts, exampleEngine(t, stricter...), nil)
	if err != nil {
		t.Fatal(err)
	}
	// One text in five uses a shortener (warn→block), one in five says
	// embargoed (pass→block).
	if res.Transitions["warn→block"] != 200 || res.Transitions["pass→block"] != 200 || len(res.Changed) != 400 {
		t.Fatalf("transitions %v", res.Transitions)
	}
	for i := 1; i < len(res.Changed); i++ {
		if res.Changed[i].Line <= res.Changed[i-1].Line {
			t.Fatal("changes are not in trail order")
		}
	}
}

// BenchmarkBacktest re-checks a generated trail of 100,000 posts with a
// stricter policy against the recorded verdicts; posts/s is per run, on
// every core the machine gives (GOMAXPROCS).
func BenchmarkBacktest(b *testing.B) {
	trail := generatedTrail(100_000)
	next := exampleEngine(b, stricter...)
	b.ResetTimer()
	for b.Loop() {
		posts, _, err := ReadTrail(bytes.NewReader(trail), "trail.jsonl")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := RunBacktest(posts, next, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(100_000*b.N)/b.Elapsed().Seconds(), "posts/s")
}
