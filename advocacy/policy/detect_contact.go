package policy

import (
	"slices"
	"strings"
)

func emailLocal(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

// hostChar is a character of a host name: a letter, a digit, '-' or '.'.
func hostChar(c byte) bool { return byteClasses[c]&hostClass != 0 }

// findEmails finds e-mail addresses: a local part, @, and a domain with at
// least one dot and a top-level label of two or more letters.
func findEmails(s string) []span {
	var out []span
	from := 0
	for {
		k := strings.IndexByte(s[from:], '@')
		if k < 0 {
			return out
		}
		at := from + k
		from = at + 1
		start := at
		for start > 0 && emailLocal(s[start-1]) {
			start--
		}
		for start < at && s[start] == '.' {
			start++
		}
		end := at + 1
		for end < len(s) && hostChar(s[end]) {
			end++
		}
		for end > at+1 && (s[end-1] == '.' || s[end-1] == '-') {
			end--
		}
		if start == at || !validDomain(s[at+1:end]) {
			continue
		}
		out = append(out, span{start, end})
		from = end
	}
}

// validDomain reports a dotted name whose last label is two or more letters.
func validDomain(host string) bool {
	dot := strings.LastIndexByte(host, '.')
	if dot <= 0 || len(host)-dot-1 < 2 {
		return false
	}
	for i := dot + 1; i < len(host); i++ {
		if !isUpper(host[i]) && !isLowerASCII(host[i]) {
			return false
		}
	}
	return true
}

func phoneSep(c byte) bool { return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' }

// findPhones finds telephone numbers in international form (+ and 8 to 15
// digits, grouped) and the common national forms (555) 123-4567,
// 555-123-4567 and 06 12 34 56 78. A number is 9 bytes or more
// (+12345678) of digits, '+' and separators (phoneClass): where the 9th
// byte from here is another, none starts in these 9 bytes.
func findPhones(s string) []span {
	var out []span
	for i := 0; i < len(s); i++ {
		if i+9 <= len(s) && byteClasses[s[i+8]]&phoneClass == 0 {
			i += 8
			continue
		}
		c := s[i]
		if c != '+' && c != '(' && !isDigit(c) || wordBefore(s, i) || (i > 0 && s[i-1] == '+') {
			continue
		}
		var end int
		switch {
		case c == '+' && i+1 < len(s) && isDigit(s[i+1]):
			end = phoneRun(s, i+1, 8, 15)
		case c == '(' || isDigit(c):
			end = nationalPhone(s, i)
		}
		if end > 0 {
			out = append(out, span{i, end})
			i = end
		}
	}
	return out
}

// phoneRun reads digits and single separators from i; it returns the end of
// the last digit when the count of digits is within [min, max], else 0.
func phoneRun(s string, i, min, max int) int {
	n, end := 0, 0
	for i < len(s) {
		switch {
		case isDigit(s[i]):
			n++
			i++
			end = i
		case phoneSep(s[i]) && digitWithin(s, i+1, 2):
			i++
		default:
			i = len(s)
		}
	}
	if n < min || n > max || wordAfter(s, end) {
		return 0
	}
	return end
}

// nationalPhone matches (555) 123-4567, 555-123-4567, 555.123.4567 and
// French-style 0X XX XX XX XX at i, returning the end or 0.
func nationalPhone(s string, i int) int {
	j := i
	if s[j] == '(' {
		if !digitsAt(s, j+1, 3) || j+4 >= len(s) || s[j+4] != ')' {
			return 0
		}
		j += 5
		if j < len(s) && s[j] == ' ' {
			j++
		}
	} else if digitsAt(s, j, 3) && j+3 < len(s) && (s[j+3] == '-' || s[j+3] == '.' || s[j+3] == ' ') {
		j += 4
	} else {
		return frenchPhone(s, i)
	}
	if !digitsAt(s, j, 3) || j+3 >= len(s) || !(s[j+3] == '-' || s[j+3] == '.' || s[j+3] == ' ') || !digitsAt(s, j+4, 4) {
		return frenchPhone(s, i)
	}
	end := j + 8
	if wordAfter(s, end) {
		return 0
	}
	return end
}

func frenchPhone(s string, i int) int {
	if s[i] != '0' || !digitsAt(s, i, 2) {
		return 0
	}
	if s[i+1] == '7' {
		if end := ukMobile(s, i); end > 0 {
			return end
		}
	}
	j := i + 2
	for g := 0; g < 4; g++ {
		if j+3 > len(s) || !(s[j] == ' ' || s[j] == '.' || s[j] == '-') || !digitsAt(s, j+1, 2) {
			return 0
		}
		j += 3
	}
	if wordAfter(s, j) {
		return 0
	}
	return j
}

// digitWithin reports a digit at i or after at most n-1 more separators,
// as in "+1 (555)".
func digitWithin(s string, i, n int) bool {
	for k := 0; k < n && i+k < len(s); k++ {
		if isDigit(s[i+k]) {
			return true
		}
		if !phoneSep(s[i+k]) {
			return false
		}
	}
	return false
}

// companyEmail reports an address on one of the company's own domains
// (or their subdomains): a work address, not personal data.
func companyEmail(addr string, domains []string) bool {
	at := strings.LastIndexByte(addr, '@')
	return at >= 0 && hostIn(strings.ToLower(addr[at+1:]), domains)
}

// phoneDigits returns a telephone number as international digits (country
// code first): "+33 6 12 34 56 78" and "06 12 34 56 78" are both
// "33612345678", "(800) 555-0199" is "18005550199". A national number of
// another shape is returned as written, digits only.
func phoneDigits(number string) string {
	b := make([]byte, 0, len(number)+2)
	for i := 0; i < len(number); i++ {
		if isDigit(number[i]) {
			b = append(b, number[i])
		}
	}
	switch {
	case strings.HasPrefix(strings.TrimSpace(number), "+"):
	case len(b) == 10 && b[0] == '0': // French national form
		b = append([]byte("33"), b[1:]...)
	case len(b) == 10: // North American national form
		b = append([]byte("1"), b...)
	case len(b) == 11 && b[0] == '0' && b[1] == '7': // UK mobile national form
		b = append([]byte("44"), b[1:]...)
	}
	return string(b)
}

// nanpTollFree are the North American toll-free area codes.
var nanpTollFree = []string{"800", "833", "844", "855", "866", "877", "888"}

// businessPhone reports a number that is not a person's: a toll-free or
// shared-cost business range (North American 8XX, the fictional
// 555-0100–0199, French 08, UK 0800/0808), or one of the company's own
// published numbers (given as phoneDigits).
func businessPhone(number string, company []string) bool {
	d := phoneDigits(number)
	if slices.Contains(company, d) {
		return true
	}
	switch {
	case len(d) == 11 && d[0] == '1':
		area, exchange, line := d[1:4], d[4:7], d[7:]
		if slices.Contains(nanpTollFree, area) {
			return true
		}
		return exchange == "555" && line >= "0100" && line <= "0199"
	case strings.HasPrefix(d, "338") && len(d) == 11: // numéros verts and shared-cost
		return true
	case strings.HasPrefix(d, "44800"), strings.HasPrefix(d, "44808"):
		return true
	}
	return false
}

// ukMobile matches a UK mobile number in national form, 07 and nine more
// digits, grouped by single spaces (07700 900461, 07700 900 461) or not at
// all, at i; it returns the end or 0.
func ukMobile(s string, i int) int {
	n, j, end := 0, i, 0
	for j < len(s) && n < 12 {
		switch {
		case isDigit(s[j]):
			n++
			j++
			end = j
		case s[j] == ' ' && n >= 5 && j+1 < len(s) && isDigit(s[j+1]):
			j++
		default:
			j = len(s)
		}
	}
	if n != 11 || wordAfter(s, end) {
		return 0
	}
	return end
}
