package policy

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestPlainWordEndAgreesWithWordEnd: where the shortcut for plain ASCII
// words answers, it gives the end wordEnd gives, for every byte that can
// follow a word and for random texts of letters, digits, punctuation,
// leet symbols, apostrophes, invisible characters and accents.
func TestPlainWordEndAgreesWithWordEnd(t *testing.T) {
	check := func(text string) {
		t.Helper()
		if end := plainWordEnd(text, 0); end >= 0 && end != wordEnd(text, 0) {
			t.Fatalf("%q: plainWordEnd %d, wordEnd %d", text, end, wordEnd(text, 0))
		}
	}
	answered := 0
	for c := range 256 {
		for _, after := range []string{"", "a", "1", " ", "é", "\u200b"} {
			text := "word" + string([]byte{byte(c)}) + after
			check(text)
			if plainWordEnd(text, 0) >= 0 {
				answered++
			}
		}
	}
	pieces := []string{"a", "Z", "7", " ", ".", ",", "-", "'", "’", "@", "!", "$", "+", "|", "\x00", "\u200b", "é", "о", "n't", "\n", "(", ")", "/", "#"}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		var b strings.Builder
		for range 1 + rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		check("w" + b.String())
	}
	if answered == 0 {
		t.Fatal("the shortcut never answered")
	}
}

// TestPlainWordsFoldAsAnyWord: a word the shortcut reads (ASCII letters
// and digits) folds to what foldWord makes of it, and is read for leet
// spellings exactly when foldWord says it may be one.
func TestPlainWordsFoldAsAnyWord(t *testing.T) {
	const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	rng := rand.New(rand.NewPCG(7, 8))
	for range 20000 {
		b := make([]byte, 1+rng.IntN(12))
		for i := range b {
			b[i] = alnum[rng.IntN(len(alnum))]
		}
		w := string(b)
		want, mayLeet := foldWord(nil, w)
		if got := foldPlain(nil, w); string(got) != string(want) || hasLetterAndDigit(w) != mayLeet {
			t.Fatalf("%q: foldPlain %q, leet %v; foldWord %q, leet %v", w, got, hasLetterAndDigit(w), want, mayLeet)
		}
	}
}
