package publish

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadSuggestions(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		n        int
		err      string
	}{
		{"good", `{"url":"https://news.example/a","why":"nice","role":"employee","at":"2026-12-02T10:00:00Z"}` + "\n\n" + `{"url":"https://news.example/b","why":"","role":"alumni","at":"2026-12-02T10:00:00Z"}`, 2, ""},
		{"not JSON", "hello", 0, "s.jsonl:1: not a suggestion"},
		{"unknown field", `{"url":"https://news.example/a","role":"employee","colour":"blue"}`, 0, `unknown field "colour"`},
		{"bad role", `{"url":"https://news.example/a","role":"boss"}`, 0, `role "boss"`},
		{"javascript", `{"url":"javascript:alert(1)","role":"employee"}`, 0, "is not an https address"},
		{"plain http", `{"url":"http://news.example/a","role":"employee"}`, 0, "is not an https address"},
		{"every bad line", "x\n" + `{"url":"https://news.example/a","role":"employee"}` + "\ny", 0, "s.jsonl:3:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadSuggestions(strings.NewReader(tc.in), "s.jsonl")
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || len(got) != tc.n {
				t.Fatalf("%d suggestions, %v", len(got), err)
			}
		})
	}
}

func TestDraftItems(t *testing.T) {
	dir := exampleDir(t)
	list, err := ReadSuggestions(strings.NewReader(strings.Join([]string{
		`{"url":"https://news.example/review","why":"A *great* review","title":"Review: Mover 2","role":"employee","at":"2026-12-02T10:00:00Z"}`,
		`{"url":"https://news.example/review","why":"the same link again","role":"alumni","at":"2026-12-02T11:00:00Z"}`,
		`{"url":"https://robotics.example/careers","why":"an item has it","role":"employee","at":"2026-12-02T10:00:00Z"}`,
		`{"url":"https://robotics.example/blog","why":"a draft has it","role":"employee","at":"2026-12-02T10:00:00Z"}`,
		`{"url":"https://wiki.robotics.example/x","why":"internal","role":"employee","at":"2026-12-02T10:00:00Z"}`,
	}, "\n")), "s.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	root, _ := os.OpenRoot(dir)
	defer root.Close()
	files, imported, err := DraftItems(root.FS(), list)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || len(imported) != 5 {
		t.Fatalf("%d files, %d imported", len(files), len(imported))
	}
	for i, want := range []string{"", "items/suggestion-", "items/hiring.md", "items/draft-idea.md", "internal address"} {
		im := imported[i]
		if i == 0 {
			if im.Skipped {
				t.Errorf("the first suggestion was skipped: %s", im.Why)
			}
			continue
		}
		if !im.Skipped || !strings.Contains(im.File+im.Why, want) {
			t.Errorf("suggestion %d: %+v, want it skipped for %q", i, im, want)
		}
	}
	if err := AddFiles(dir, files); err != nil {
		t.Fatal(err)
	}
	// The draft is read as one, left out of the build, and builds once
	// published.
	out, err := buildDir(t, dir)
	if err != nil || len(out.Drafts) != 2 {
		t.Fatalf("drafts %v: %v", out, err)
	}
	name := imported[0].File
	data, _ := os.ReadFile(filepath.Join(dir, name))
	if !strings.Contains(string(data), "draft: true") || !strings.Contains(string(data), `A \*great\* review`) {
		t.Errorf("draft:\n%s", data)
	}
	os.WriteFile(filepath.Join(dir, name), []byte(strings.Replace(string(data), "draft: true\n", "", 1)), 0o644)
	out, err = buildDir(t, dir)
	if err != nil || out.Items != 4 {
		t.Fatalf("published draft: %v", err)
	}
	// Importing the same suggestions again writes nothing.
	files, _, err = DraftItems(root.FS(), list)
	if err != nil || len(files) != 0 {
		t.Fatalf("imported again: %d files, %v", len(files), err)
	}
}
