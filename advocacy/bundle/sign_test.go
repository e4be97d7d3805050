package bundle

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/signing"
)

// TestWithFilesKeepsTheManifestAsWritten: signing adds or replaces only
// the files member; the publisher's layout, order and other members stay.
func TestWithFilesKeepsTheManifestAsWritten(t *testing.T) {
	sums := map[string]string{"policy.yaml": strings.Repeat("a", 64), "content/x.json": strings.Repeat("b", 64)}
	cases := []struct{ name, in, want string }{
		{"added last, indented as the rest",
			"{\n  \"format\": 1,\n  \"audiences\": [\"employee\"]\n}\n",
			"{\n  \"format\": 1,\n  \"audiences\": [\"employee\"],\n  \"files\": {\n    \"content/x.json\": \"" + sums["content/x.json"] + "\",\n    \"policy.yaml\": \"" + sums["policy.yaml"] + "\"\n  }\n}\n"},
		{"replaced where it is",
			"{\n\t\"files\": {\"old\": \"x\"},\n\t\"format\": 1\n}",
			"{\n\t\"files\": {\n\t\t\"content/x.json\": \"" + sums["content/x.json"] + "\",\n\t\t\"policy.yaml\": \"" + sums["policy.yaml"] + "\"\n\t},\n\t\"format\": 1\n}"},
		{"compact stays compact",
			`{"format":1}`,
			`{"format":1,"files":{"content/x.json":"` + sums["content/x.json"] + `","policy.yaml":"` + sums["policy.yaml"] + `"}}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := WithFiles([]byte(c.in), sums)
			if err != nil || string(got) != c.want {
				t.Fatalf("WithFiles = %v\n%s\nwant\n%s", err, got, c.want)
			}
			var m Manifest
			if err := json.Unmarshal(got, &m); err != nil || len(m.Files) != 2 {
				t.Fatalf("decoded %+v, %v", m.Files, err)
			}
		})
	}
}

// TestWithFilesRefusesAmbiguousManifests: encoding/json matches members
// without regard to case and merges repeated maps, so a second "Files"
// member could add entries the signer never wrote; it is refused.
func TestWithFilesRefusesAmbiguousManifests(t *testing.T) {
	for _, in := range []string{`{"files":{},"Files":{"policy.yaml":"x"}}`, `[1]`, `{"format":1} {}`, `{"format":`, ``} {
		if out, err := WithFiles([]byte(in), map[string]string{"a": strings.Repeat("0", 64)}); err == nil {
			t.Errorf("WithFiles(%s) = %s", in, out)
		}
	}
}

func TestSignRefusesWhatCannotLoad(t *testing.T) {
	_, sec, _ := signing.GenerateKey(nil)
	for name, files := range map[string]map[string][]byte{
		"no manifest":        {"policy.yaml": []byte("rules: []")},
		"invalid manifest":   {ManifestName: []byte(`{"format": 2}`)},
		"name out of bundle": {ManifestName: []byte(`{}`), "../x": []byte("x")},
		"name with a tab":    {ManifestName: []byte(`{}`), "a\tb": []byte("x")},
	} {
		if _, err := Sign(files, sec, time.Now()); err == nil {
			t.Errorf("%s: signed", name)
		}
	}
}
