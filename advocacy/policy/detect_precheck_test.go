package policy

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestPreChecksNeverRejectAMatch: the quick tests some keyed rules run
// before their pattern (maybe) say no only where the pattern finds
// nothing, on windows made of the pieces those patterns are made of: the
// pre-checks only save time, they never lose a credential.
func TestPreChecksNeverRejectAMatch(t *testing.T) {
	pieces := []string{"-----BEGIN ", "-----begin ", "RSA ", "PRIVATE KEY", "private key", " BLOCK", " block", "-----",
		"KEY", "key", "\u212aEY", "K", "\u212a", "EY", "ey", " ", "\n", "-", "-u", "--user", "curl ", "curl", " -u ",
		"admin:Zx8fQ2mLw9", "'deploy:h7Gk2pQx'", "pat", "patABCDEFGHIJ1234", "patABCDEFGHIJ1234.",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "0123456789abcdef", ".", "a", "Z", "9", "é",
		"MIIEowIBAAKCAQEA7bq3", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"}
	rng := rand.New(rand.NewPCG(3, 4))
	matched := map[string]int{}
	for i := range 40000 {
		var b strings.Builder
		for range 1 + i%40 {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		w := b.String()
		for k := range keyedRules {
			r := &keyedRules[k]
			if r.maybe == nil {
				continue
			}
			for _, sub := range []string{w, w[min(len(w), rng.IntN(20)):]} {
				if r.re.MatchString(sub) {
					matched[r.id]++
					if !r.maybe(sub) {
						t.Fatalf("%s: %q matches its pattern, but its pre-check says it cannot", r.id, sub)
					}
				}
			}
		}
	}
	for _, id := range []string{"private-key", "curl-auth-user", "airtable-personnal-access-token"} {
		if matched[id] == 0 { // the windows must reach each pattern for the test to say anything
			t.Errorf("no window matched %s", id)
		}
	}
}

// TestLowerBytesLowersOnlyASCIICapitals: lowering eight bytes at a time
// gives what lowering byte by byte gives, for every byte value at every
// place in a word of eight, and for random texts.
func TestLowerBytesLowersOnlyASCIICapitals(t *testing.T) {
	oneByOne := func(b []byte) []byte {
		out := bytes.Clone(b)
		for i, c := range out {
			if 'A' <= c && c <= 'Z' {
				out[i] = c + 'a' - 'A'
			}
		}
		return out
	}
	check := func(b []byte) {
		t.Helper()
		want := oneByOne(b)
		got := bytes.Clone(b)
		lowerBytes(got)
		if !bytes.Equal(got, want) {
			t.Fatalf("lowerBytes(%q) = %q, want %q", b, got, want)
		}
	}
	for c := range 256 {
		for pos := range 17 {
			b := []byte("AzAzAzAzAzAzAzAzA")
			b[pos] = byte(c)
			check(b)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := range 20000 {
		b := make([]byte, n%40)
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		check(b)
	}
}
