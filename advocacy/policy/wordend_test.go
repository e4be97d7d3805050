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
