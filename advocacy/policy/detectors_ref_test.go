package policy

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// The detectors as they were before they were made linear, for the tests
// to check that the new ones find the same.

// findIBANs finds international bank account numbers: a country code, two
// check digits and up to 30 letters and digits, written solid or in groups
// of four, that pass the ISO 7064 mod-97 check.
func refFindIBANs(s string) []span {
	var out []span
	for i := 0; i+15 <= len(s); i++ {
		if !isUpper(s[i]) || !isUpper(s[i+1]) || !isDigit(s[i+2]) || !isDigit(s[i+3]) || wordBefore(s, i) {
			continue
		}
		// Collect characters, noting where each group ends.
		var chars []byte
		var ends []int // byte offset after each candidate end
		j := i
		for j < len(s) && len(chars) < 34 {
			c := s[j]
			if isDigit(c) || isUpper(c) {
				chars = append(chars, c)
				j++
				if !(j < len(s) && (isDigit(s[j]) || isUpper(s[j]))) {
					ends = append(ends, j)
				}
				continue
			}
			if c == ' ' && j+1 < len(s) && (isDigit(s[j+1]) || isUpper(s[j+1])) {
				j++
				continue
			}
			break
		}
		for k := len(ends) - 1; k >= 0; k-- {
			end := ends[k]
			n := refCountAlnum(s[i:end])
			if n >= 15 && n <= 34 && !wordAfter(s, end) && refMod97(refCompact(s[i:end])) == 1 {
				out = append(out, span{i, end})
				i = end
				break
			}
		}
	}
	return out
}

func refCountAlnum(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if isAlnum(s[i]) {
			n++
		}
	}
	return n
}

func refCompact(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' {
			b = append(b, s[i])
		}
	}
	return string(b)
}

// mod97 computes an IBAN's remainder: the first four characters moved to
// the end, letters as 10 to 35.
func refMod97(iban string) int {
	r := 0
	add := func(c byte) {
		if isDigit(c) {
			r = (r*10 + int(c-'0')) % 97
		} else {
			r = (r*100 + int(c-'A') + 10) % 97
		}
	}
	for i := 4; i < len(iban); i++ {
		add(iban[i])
	}
	for i := 0; i < 4; i++ {
		add(iban[i])
	}
	return r
}

func refFindKeyBlocks(s string) []span {
	var out []span
	from := 0
	for {
		k := strings.Index(s[from:], "-----BEGIN ")
		if k < 0 {
			return out
		}
		i := from + k
		line := s[i:]
		if nl := strings.IndexByte(line, '\n'); nl >= 0 {
			line = line[:nl]
		}
		from = i + len("-----BEGIN ")
		if !strings.Contains(line, "PRIVATE KEY-----") {
			continue
		}
		end := len(s)
		if e := strings.Index(s[i:], "-----END "); e >= 0 {
			end = i + e + len("-----END ")
			if close := strings.Index(s[end:], "-----"); close >= 0 {
				end += close + 5
			}
		}
		out = append(out, span{i, end})
		from = end
	}
}

// findPasswords finds "password: value", "pwd=value" and the like; the span
// is the value.
func refFindPasswords(s string) []span {
	var out []span
	for _, key := range []string{"password", "passwd", "pwd", "passcode"} {
		from := 0
		for {
			k := refIndexFold(s[from:], key)
			if k < 0 {
				break
			}
			i := from + k
			j := i + len(key)
			from = j
			if wordBefore(s, i) {
				continue
			}
			for j < len(s) && s[j] == ' ' {
				j++
			}
			if j >= len(s) || (s[j] != ':' && s[j] != '=') {
				continue
			}
			j++
			for j < len(s) && s[j] == ' ' {
				j++
			}
			start := j
			for j < len(s) && s[j] > ' ' {
				j++
			}
			if j-start >= 4 && measure(s[start:j]).entropy > 1 {
				out = append(out, span{start, j})
			}
		}
	}
	return out
}

// indexFold is strings.Index ignoring ASCII case; key must be lower case.
func refIndexFold(s, key string) int {
	first := key[0]
	for i := 0; i+len(key) <= len(s); {
		k := strings.IndexByte(s[i:], first)
		if u := strings.IndexByte(s[i:], first-'a'+'A'); u >= 0 && (k < 0 || u < k) {
			k = u
		}
		if k < 0 || i+k+len(key) > len(s) {
			return -1
		}
		i += k
		if strings.EqualFold(s[i:i+len(key)], key) {
			return i
		}
		i++
	}
	return -1
}

// randomDetectorText joins random pieces of IBANs, key blocks and
// password pairs.
func randomDetectorText(rng *rand.Rand, n int) string {
	pieces := []string{"DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "GB82 WEST 1234 5698 7654 32", "DE89", "3704", "0044", "0532", "0130", "00", "GB82", "WEST", "1234", "5698", "7654", "32", " ", "  ", "A", "1", "x",
		"-----BEGIN ", "RSA ", "PRIVATE KEY-----", "-----END ", "-----", "\n", "MIIE",
		"password", "PassWord", "pwd", "PWD", "passwd", "passcode", ":", "=", " ", "hunter22", "p", "P", "é"}
	var b strings.Builder
	for range n {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}

// TestDetectorsMatchReference: the linear IBAN and key block finders find
// what the old ones did; the password finder too, except values nested in
// a value it already found ("pwd=pwd=secret"), which the old one found
// again inside the first.
func TestDetectorsMatchReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	within := func(s span, in []span) bool {
		return slices.ContainsFunc(in, func(o span) bool { return o.start <= s.start && s.end <= o.end })
	}
	seen := [3]int{}
	defer func() {
		if seen[0] == 0 || seen[1] == 0 || seen[2] == 0 {
			t.Errorf("found IBANs, key blocks, passwords in %v texts", seen)
		}
	}()
	for i := range 20000 {
		text := randomDetectorText(rng, 1+i%30)
		seen[0] += min(1, len(refFindIBANs(text)))
		seen[1] += min(1, len(refFindKeyBlocks(text)))
		seen[2] += min(1, len(refFindPasswords(text)))
		if got, want := findIBANs(text), refFindIBANs(text); !slices.Equal(got, want) {
			t.Fatalf("IBANs in %q: %v, want %v", text, got, want)
		}
		if got, want := findKeyBlocks(text), refFindKeyBlocks(text); !slices.Equal(got, want) {
			t.Fatalf("key blocks in %q: %v, want %v", text, got, want)
		}
		got, want := findPasswords(text, asciiLower(text)), refFindPasswords(text)
		for _, s := range got {
			if !slices.Contains(want, s) {
				t.Fatalf("passwords in %q: %v, want %v", text, got, want)
			}
		}
		for _, s := range want {
			if !slices.Contains(got, s) && !within(s, got) {
				t.Fatalf("passwords in %q: %v, want %v", text, got, want)
			}
		}
	}
}
