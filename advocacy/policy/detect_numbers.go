package policy

import "strings"

// span is a byte range [start, end) of the text that a detector found.
type span struct{ start, end int }

func isDigit(c byte) bool      { return c >= '0' && c <= '9' }
func isUpper(c byte) bool      { return c >= 'A' && c <= 'Z' }
func isLowerASCII(c byte) bool { return c >= 'a' && c <= 'z' }
func isAlnum(c byte) bool      { return isDigit(c) || isUpper(c) || isLowerASCII(c) }

// wordBefore reports whether the byte before i continues a word or number.
func wordBefore(s string, i int) bool { return i > 0 && byteClasses[s[i-1]]&wordClass != 0 }

// wordAfter reports whether the byte at i continues a word or number.
func wordAfter(s string, i int) bool { return i < len(s) && byteClasses[s[i]]&wordClass != 0 }

// The classes of bytes the detectors read, by bits of byteClasses: one
// look-up answers what takes several comparisons.
const (
	wordClass      = 1 << iota // a letter, a digit, or a byte of a non-ASCII character
	hostClass                  // hostChar
	secretRunClass             // secretRunChar
	cardClass                  // a digit, ' ' or '-': what card numbers are written with
	ibanClass                  // a capital, a digit or ' ': what IBANs are written with
	phoneClass                 // a digit, '+' or a phoneSep: what telephone numbers are written with
)

// byteClasses are the classes of each byte.
var byteClasses = func() (t [256]uint8) {
	for i := range t {
		c := byte(i)
		if isAlnum(c) || c >= 0x80 {
			t[i] |= wordClass
		}
		if isAlnum(c) || c == '-' || c == '.' {
			t[i] |= hostClass
		}
		if isAlnum(c) || c == '_' || c == '-' || c == '+' || c == '/' || c == '=' || c == '.' || c == '~' {
			t[i] |= secretRunClass
		}
		if isDigit(c) || c == ' ' || c == '-' {
			t[i] |= cardClass
		}
		if isUpper(c) || isDigit(c) || c == ' ' {
			t[i] |= ibanClass
		}
		if isDigit(c) || c == '+' || phoneSep(c) {
			t[i] |= phoneClass
		}
	}
	return t
}()

// findCards finds payment card numbers: 13 to 19 digits, grouped by single
// spaces or dashes or not at all, that pass the Luhn check. A number is 13
// bytes or more of digits, spaces and dashes (cardClass): where the 13th
// byte from here is another, none starts in these 13 bytes.
func findCards(s string) []span {
	var out []span
	for i := 0; i < len(s); i++ {
		if i+13 <= len(s) && byteClasses[s[i+12]]&cardClass == 0 {
			i += 12
			continue
		}
		if !isDigit(s[i]) || wordBefore(s, i) {
			continue
		}
		var digits [20]byte
		n, j, end := 0, i, i
		for j < len(s) && n < len(digits) {
			c := s[j]
			if isDigit(c) {
				digits[n] = c
				n++
				j++
				end = j
				continue
			}
			if (c == ' ' || c == '-') && j+1 < len(s) && isDigit(s[j+1]) && isDigit(s[j-1]) {
				j++
				continue
			}
			break
		}
		if n >= 13 && n <= 19 && !wordAfter(s, end) && luhn(digits[:n]) && !allSame(digits[:n]) {
			out = append(out, span{i, end})
		}
		i = end
	}
	return out
}

func luhn(d []byte) bool {
	sum := 0
	double := false
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i] - '0')
		if double {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
		double = !double
	}
	return sum%10 == 0
}

func allSame(d []byte) bool {
	for _, c := range d {
		if c != d[0] {
			return false
		}
	}
	return true
}

// findSSNs finds US Social Security numbers written AAA-GG-SSSS, leaving
// out numbers the SSA never issues (area 000, 666 or 9xx, group 00,
// serial 0000). A number is looked for only three bytes before each '-'.
func findSSNs(s string) []span {
	var out []span
	for d := 3; d < len(s); d++ {
		k := strings.IndexByte(s[d:], '-')
		if k < 0 {
			break
		}
		d += k
		i := d - 3
		if i+11 > len(s) {
			break
		}
		if wordBefore(s, i) || !digitsAt(s, i, 3) || s[i+3] != '-' || !digitsAt(s, i+4, 2) ||
			s[i+6] != '-' || !digitsAt(s, i+7, 4) || wordAfter(s, i+11) || (i+11 < len(s) && s[i+11] == '-') {
			continue
		}
		area, group, serial := s[i:i+3], s[i+4:i+6], s[i+7:i+11]
		if area == "000" || area == "666" || area[0] == '9' || group == "00" || serial == "0000" {
			continue
		}
		out = append(out, span{i, i + 11})
	}
	return out
}

func digitsAt(s string, i, n int) bool {
	if i+n > len(s) {
		return false
	}
	for k := i; k < i+n; k++ {
		if !isDigit(s[k]) {
			return false
		}
	}
	return true
}

// findIBANs finds international bank account numbers: a country code, two
// check digits and up to 30 letters and digits, written solid or in groups
// of four, that pass the ISO 7064 mod-97 check. An IBAN is 15 bytes or
// more of capitals, digits and spaces (ibanClass): where the 15th byte
// from here is another, none starts in these 15 bytes.
func findIBANs(s string) []span {
	var out []span
	for i := 0; i+15 <= len(s); i++ {
		if byteClasses[s[i+14]]&ibanClass == 0 {
			i += 14
			continue
		}
		if !isDigit(s[i+2]) || !isDigit(s[i+3]) || !isUpper(s[i]) || !isUpper(s[i+1]) || wordBefore(s, i) {
			continue
		}
		if end, ok := ibanAt(s, i); ok {
			out = append(out, span{i, end})
			i = end
		}
	}
	return out
}

// ibanAt reads an IBAN at i: up to 34 letters and digits, single spaces
// between groups, ending where a group ends; the longest that passes the
// check wins. It works in fixed space, reading each character once.
func ibanAt(s string, i int) (int, bool) {
	var chars [34]byte
	type groupEnd struct{ at, n int } // byte offset after a group, characters so far
	var ends [34]groupEnd
	n, groups := 0, 0
	for j := i; j < len(s) && n < len(chars); {
		c := s[j]
		if isDigit(c) || isUpper(c) {
			chars[n] = c
			n++
			j++
			if !(j < len(s) && (isDigit(s[j]) || isUpper(s[j]))) {
				ends[groups] = groupEnd{j, n}
				groups++
			}
			continue
		}
		if c == ' ' && j+1 < len(s) && (isDigit(s[j+1]) || isUpper(s[j+1])) {
			j++
			continue
		}
		break
	}
	// rem[k] is the remainder of chars[4:k], the account part read first.
	var rem [len(chars) + 1]int
	for k := 4; k < n; k++ {
		rem[k+1] = mod97Add(rem[k], chars[k])
	}
	for g := groups - 1; g >= 0; g-- {
		e := ends[g]
		if e.n >= 15 && e.n <= 34 && !wordAfter(s, e.at) && mod97Rest(rem[e.n], chars[:4]) == 1 {
			return e.at, true
		}
	}
	return 0, false
}

// mod97Rest goes on from remainder r with the four leading characters.
func mod97Rest(r int, head []byte) int {
	for _, c := range head {
		r = mod97Add(r, c)
	}
	return r
}

// mod97Add appends one character (a digit, or a letter as 10 to 35) to a
// remainder modulo 97.
func mod97Add(r int, c byte) int {
	if isDigit(c) {
		return (r*10 + int(c-'0')) % 97
	}
	return (r*100 + int(c-'A') + 10) % 97
}
