package policy

import "strings"

func emailLocal(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

func hostChar(c byte) bool { return isAlnum(c) || c == '-' || c == '.' }

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
// 555-123-4567 and 06 12 34 56 78.
func findPhones(s string) []span {
	var out []span
	for i := 0; i < len(s); i++ {
		c := s[i]
		if wordBefore(s, i) || (i > 0 && s[i-1] == '+') {
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
