package policy

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestFindLinksIsLinear counts the bytes the link finder measures on the
// hostile shapes: at most a few times the text, at any size. The finder
// this replaced measured a dotted run again from each of its letters,
// a.a.a.… in 1 MiB taking minutes.
func TestFindLinksIsLinear(t *testing.T) {
	for _, h := range hostileShapes {
		for _, n := range []int{1 << 12, 1 << 16} {
			text := h.text(n)
			f := linkFinder{s: text}
			f.all(nil)
			if f.read > 3*len(text) {
				t.Errorf("%s, %d bytes: %d bytes read", h.name, len(text), f.read)
			}
		}
	}
}

// TestTokensInMatchesScan: the binary search finds the words a scan does.
func TestTokensInMatchesScan(t *testing.T) {
	e := demoEngine(t)
	d := e.doc(benchPost(600) + " N.D.A. a.b. x")
	defer d.release()
	scan := func(start, end int) []token {
		i := 0
		for i < len(d.tokens) && d.tokens[i].end <= start {
			i++
		}
		j := i
		for j < len(d.tokens) && d.tokens[j].start < end {
			j++
		}
		return d.tokens[i:j]
	}
	for start := 0; start <= len(d.text); start++ {
		for _, end := range []int{start, start + 1, start + 7, start + 40, len(d.text)} {
			if got, want := d.tokensIn(start, end), scan(start, end); !slices.Equal(got, want) {
				t.Fatalf("tokensIn(%d, %d) = %v, want %v", start, end, got, want)
			}
		}
	}
}

// TestNearestMatchesPairs: the windowed search for a near term finds the
// one the pair-by-pair search did, on random term positions.
func TestNearestMatchesPairs(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	pairs := func(bs []match, a match, within int) (match, bool) {
		for _, b := range bs {
			if gap := max(b.first-a.last, a.first-b.last); gap > 0 && gap <= within {
				return b, true
			}
		}
		return match{}, false
	}
	randomMatches := func() []match {
		var out []match
		for i := rng.IntN(3); i < 60; i += 1 + rng.IntN(6) {
			last := i + rng.IntN(3)
			out = append(out, match{first: i, last: last})
			i = last
		}
		return out
	}
	for range 3000 {
		as, bs, within := randomMatches(), randomMatches(), 1+rng.IntN(10)
		for _, a := range as {
			gb, gok := nearest(bs, a, within)
			wb, wok := pairs(bs, a, within)
			if gb != wb || gok != wok {
				t.Fatalf("a %+v within %d of %+v: got %+v %v, want %+v %v", a, within, bs, gb, gok, wb, wok)
			}
		}
	}
}

// TestChecksInParallel: checks running at once, each with its pooled
// scratch space (words, word buffers), give the results a lone check gives.
func TestChecksInParallel(t *testing.T) {
	e := demoEngine(t)
	texts := []string{"Sneak peek from a cоnfidential deck", "Mail jane.doe@gmail.com", benchPost(900), "a.a.a.a.a", "Big acquisition coming, not announced yet"}
	want := make([]Result, len(texts))
	for i, text := range texts {
		want[i] = check(t, e, text)
	}
	done := make(chan error)
	for g := range 8 {
		go func() {
			for k := range 200 {
				i := (g + k) % len(texts)
				res, err := e.Check(Input{Text: texts[i], Role: "employee", Network: "x", At: inForce})
				if err == nil && !slices.EqualFunc(res.Findings, want[i].Findings, func(a, b Finding) bool { return a == b }) {
					err = fmt.Errorf("%q: %+v, want %+v", texts[i], res.Findings, want[i].Findings)
				}
				if err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
