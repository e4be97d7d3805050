package policy

import (
	"strings"
	"testing"
	"time"
)

// TestAHugeTextsSpaceIsNotKept: the working space a check gives back to
// the pool after a huge text is dropped, words, hits and all, so it does
// not pin megabytes between checks; an ordinary post's is kept for the
// next check.
func TestAHugeTextsSpaceIsNotKept(t *testing.T) {
	e := demoEngine(t)
	at := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	spaceAfter := func(text string) *scratch {
		d := e.doc(text)
		sc := d.scratch
		in := Input{Text: text, Role: "employee", Network: "linkedin", At: at}
		length, err := d.length(in.Network)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range e.rules {
			sc.hits = r.find(e, d, in, length, sc.hits[:0])[:0]
		}
		d.links()
		d.release()
		return sc
	}
	ordinary := spaceAfter(benchPost(3000))
	if cap(ordinary.tokens) == 0 || cap(ordinary.next) == 0 {
		t.Fatal("an ordinary post's space was not kept")
	}
	huge := spaceAfter(strings.Repeat("Call 4111 1111 1111 1111 at https://larkspur.example/x now. ", 5000))
	if huge.huge() || cap(huge.tokens) != 0 || cap(huge.next) != 0 || cap(huge.hits) != 0 || cap(huge.links) != 0 {
		t.Fatalf("a huge text's space was kept: %d words, %d links, %d hits", cap(huge.tokens), cap(huge.links), cap(huge.hits))
	}
}
