package policy

// span is a byte range [start, end) of the text that a detector found.
type span struct{ start, end int }

func isDigit(c byte) bool      { return c >= '0' && c <= '9' }
func isUpper(c byte) bool      { return c >= 'A' && c <= 'Z' }
func isLowerASCII(c byte) bool { return c >= 'a' && c <= 'z' }
func isAlnum(c byte) bool      { return isDigit(c) || isUpper(c) || isLowerASCII(c) }

// wordBefore reports whether the byte before i continues a word or number.
func wordBefore(s string, i int) bool { return i > 0 && (isAlnum(s[i-1]) || s[i-1] >= 0x80) }

// wordAfter reports whether the byte at i continues a word or number.
func wordAfter(s string, i int) bool { return i < len(s) && (isAlnum(s[i]) || s[i] >= 0x80) }

// findCards finds payment card numbers: 13 to 19 digits, grouped by single
// spaces or dashes or not at all, that pass the Luhn check.
func findCards(s string) []span {
	var out []span
	for i := 0; i < len(s); i++ {
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
// serial 0000).
func findSSNs(s string) []span {
	var out []span
	for i := 0; i+11 <= len(s); i++ {
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
// of four, that pass the ISO 7064 mod-97 check.
func findIBANs(s string) []span {
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
			n := countAlnum(s[i:end])
			if n >= 15 && n <= 34 && !wordAfter(s, end) && mod97(compact(s[i:end])) == 1 {
				out = append(out, span{i, end})
				i = end
				break
			}
		}
	}
	return out
}

func countAlnum(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if isAlnum(s[i]) {
			n++
		}
	}
	return n
}

func compact(s string) string {
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
func mod97(iban string) int {
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
