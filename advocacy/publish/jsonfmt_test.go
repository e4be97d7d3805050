package publish

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestLayoutWritesJSONAsTheDemoWasWrittenByHand: short lists of words on
// one line, small records one a line, long lists and objects one member
// a line, members in the order given (not sorted), no HTML escapes.
func TestLayoutWritesJSONAsTheDemoWasWrittenByHand(t *testing.T) {
	v := ordered{
		{"audiences", []string{"employee", "alumni"}},
		{"content", ordered{{"employee", []string{"content/employee.json"}}, {"alumni", []string{"content/alumni.json"}}}},
		{"news", []any{map[string]any{"title": "R&D <news>", "audience": []string{"alumni"}}}},
		{"captions", []string{"A caption long enough that it does not fit on the line of its key at all"}},
		{"empty", []string{}},
		{"none", ordered{}},
	}
	got, err := encode(v)
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "audiences": ["employee", "alumni"],
  "content": {
    "employee": ["content/employee.json"],
    "alumni": ["content/alumni.json"]
  },
  "news": [
    {"audience": ["alumni"], "title": "R&D <news>"}
  ],
  "captions": [
    "A caption long enough that it does not fit on the line of its key at all"
  ],
  "empty": [],
  "none": {}
}
`
	if string(got) != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

// BenchmarkLayoutFeed5000 lays out the JSON Feed of 5,000 items, against
// encoding/json's plain indentation of the same bytes as the baseline.
func BenchmarkLayoutFeed5000(b *testing.B) {
	out, err := buildDir(b, manyItems(b, 5000))
	if err != nil {
		b.Fatal(err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, out.Files["content/employee.json"]); err != nil {
		b.Fatal(err)
	}
	b.Run("indent", func(b *testing.B) {
		b.SetBytes(int64(compact.Len()))
		for b.Loop() {
			var buf bytes.Buffer
			if err := json.Indent(&buf, compact.Bytes(), "", "  "); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("layout", func(b *testing.B) {
		b.SetBytes(int64(compact.Len()))
		for b.Loop() {
			if _, err := layout(compact.Bytes()); err != nil {
				b.Fatal(err)
			}
		}
	})
}
