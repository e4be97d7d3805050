package feeds

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestW3CFeedValidatorCases parses every feed of the W3C Feed Validator's
// test suite: each parses or fails with a clear feeds: error, none panics,
// and none takes a second.
func TestW3CFeedValidatorCases(t *testing.T) {
	root := "../../shared/conformance/feeds/testcases"
	if _, err := os.Stat(root); err != nil {
		t.Skipf("conformance feeds not present: %v", err)
	}
	var parsed, refused, files int
	var slowest time.Duration
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		feed, perr := parseNoPanic(data)
		took := time.Since(start)
		slowest = max(slowest, took)
		switch {
		case took > time.Second:
			t.Errorf("%s took %v", path, took)
		case perr != nil && !strings.HasPrefix(perr.Error(), "feeds: "):
			t.Errorf("%s: unclear error %v", path, perr)
		case perr != nil:
			refused++
		default:
			parsed++
			for _, it := range feed.Items {
				if it.Link != "" && !strings.HasPrefix(it.Link, "http") {
					t.Errorf("%s: unsafe link %q", path, it.Link)
				}
			}
		}
		return nil
	})
	if files < 1700 {
		t.Fatalf("only %d files", files)
	}
	t.Logf("%d files: %d parsed, %d refused with a reason; slowest %v", files, parsed, refused, slowest)
}

func parseNoPanic(data []byte) (f *Feed, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return Parse(data)
}

func TestHostileDocuments(t *testing.T) {
	laughs := `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>x</title></item></channel></rss>`
	start := time.Now()
	f, err := Parse([]byte(laughs))
	if time.Since(start) > time.Second {
		t.Fatalf("billion laughs took %v", time.Since(start))
	}
	if err == nil && len(f.Title) > 1000 {
		t.Fatalf("entities were expanded: title of %d bytes", len(f.Title))
	}
	bad := "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>caf\xe9 \xff</title><item><title>ok \xfe</title><link>https://a.example/1</link></item></channel></rss>"
	f, err = Parse([]byte(bad))
	if err != nil {
		if !strings.HasPrefix(err.Error(), "feeds: ") {
			t.Fatalf("invalid UTF-8: %v", err)
		}
		return
	}
	for _, s := range []string{f.Title, f.Items[0].Title} {
		if !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 kept: %q", s)
		}
	}
}
