package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// manyItems writes the example sources with n items made from its first.
func manyItems(b testing.TB, n int) string {
	dir := exampleDir(b)
	tmpl, err := os.ReadFile(filepath.Join(dir, "items", "mover-2.md"))
	if err != nil {
		b.Fatal(err)
	}
	for i := range n {
		text := strings.Replace(string(tmpl), "id: mover-2", fmt.Sprintf("id: item-%05d", i), 1)
		if err := os.WriteFile(filepath.Join(dir, "items", fmt.Sprintf("item-%05d.md", i)), []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// BenchmarkBuild5000 builds sources of 5,000 items (each with five
// captions, checked for one audience on four networks at two instants).
func BenchmarkBuild5000(b *testing.B) {
	dir := manyItems(b, 5000)
	for b.Loop() {
		out, err := buildDir(b, dir)
		if err != nil {
			b.Fatal(err)
		}
		if out.Items != 5003 {
			b.Fatalf("%d items", out.Items)
		}
	}
}
