package policy

import (
	"math"
	mathbits "math/bits"
	"strings"
)

// This file finds credentials by their shape rather than by a vendor's
// prefix: a value assigned to a name (api_key=…, "token": "…"), a run of
// characters too random to be words (a vendor prefix and a random body,
// base64 blobs), a password in a link (https://user:pass@host), and an
// Authorization header's token. Each candidate is judged by its entropy and
// by how often its characters switch between lower case, upper case and
// digits: words, hyphenated phrases, camel-case names, dates, UUIDs and
// commit hashes do not pass; keys and tokens do.

// secretRunChar is a character of a token as keys are written: a letter,
// a digit, or one of _-+/=.~ (byteClasses).
func secretRunChar(c byte) bool { return byteClasses[c]&secretRunClass != 0 }

// segmentSep separates the parts of a token (prefix_body, a-b-c).
func segmentSep(c byte) bool { return c == '_' || c == '-' || c == '+' || c == '=' || c == '~' }

// charClass is 1 for lower case, 2 upper case, 3 digit, 0 other.
func charClass(c byte) int {
	switch {
	case isLowerASCII(c):
		return 1
	case isUpper(c):
		return 2
	case isDigit(c):
		return 3
	}
	return 0
}

// shape measures a string: its classes, entropy in bits per character, and
// the share of characters whose class differs from the one before.
type shape struct {
	lower, upper, digit, other bool
	entropy, flips             float64
}

func measure(s string) shape {
	var sh shape
	var counts [128]int32
	var seen [2]uint64 // the bytes below 128 that occur, by bits
	n, flips, prev := 0, 0, -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 128 {
			counts[c]++
			seen[c/64] |= 1 << (c % 64)
		}
		n++
		k := charClass(c)
		switch k {
		case 1:
			sh.lower = true
		case 2:
			sh.upper = true
		case 3:
			sh.digit = true
		default:
			sh.other = true
		}
		if prev >= 0 && k != prev {
			flips++
		}
		prev = k
	}
	if n == 0 {
		return sh
	}
	// The bytes that occur, in increasing order.
	for w, bits := range seen {
		for bits != 0 {
			c := w*64 + mathbits.TrailingZeros64(bits)
			bits &= bits - 1
			p := float64(counts[c]) / float64(n)
			sh.entropy -= p * math.Log2(p)
		}
	}
	sh.flips = float64(flips) / float64(n)
	return sh
}

// randomShape reports, from its shape, a part of a token of 16 characters
// or more that reads as random: letters and digits, high entropy, classes
// switching often (a commit hash switches often but has one case and no
// prefix: it is judged by the caller).
func randomShape(sh shape) bool {
	if !sh.digit { // letters only: both cases, switching more often than camel case does
		return sh.lower && sh.upper && sh.entropy >= 3.8 && sh.flips >= 0.5
	}
	return (sh.lower || sh.upper) && sh.entropy >= 3.3 && sh.flips >= 0.3
}

// uuid reports the 8-4-4-4-12 hexadecimal shape.
func uuid(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch i {
		case 8, 13, 18, 23:
			if s[i] != '-' {
				return false
			}
		default:
			if !isDigit(s[i]) && !(s[i]|0x20 >= 'a' && s[i]|0x20 <= 'f') {
				return false
			}
		}
	}
	return true
}

// randomToken reports a piece of a run (split at dots and slashes) that is
// a credential: a random part with both cases, or a random part after a
// short prefix (shpat_…, glpat-…, dop_v1_…), or a long mixed-case run.
// whole is the piece's shape when the caller has measured it, or nil.
func randomToken(p string, whole *shape) bool {
	if len(p) < 20 {
		return false
	}
	var all shape // p's, once known
	known := whole != nil
	if known {
		all = *whole
	}
	segs, start, prefixed := 0, 0, false
	for i := 0; i <= len(p); i++ {
		if i < len(p) && !segmentSep(p[i]) {
			continue
		}
		seg := p[start:i]
		if segs == 0 && len(seg) >= 2 && len(seg) <= 12 && i < len(p) {
			prefixed = true
		}
		if len(seg) >= 16 {
			sh := all
			if len(seg) < len(p) || !known {
				sh = measure(seg)
			}
			if len(seg) == len(p) {
				all, known = sh, true
			}
			if randomShape(sh) && ((sh.lower && sh.upper) || (prefixed && segs > 0)) {
				return true
			}
		}
		segs++
		start = i + 1
	}
	if !known {
		all = measure(p)
	}
	return len(p) >= 24 && all.lower && all.upper && all.digit && all.entropy >= 3.8 && all.flips >= 0.45
}

// linkCursor tells whether offsets that only grow lie in a link.
type linkCursor struct {
	links []link
	k     int
}

// at reports whether offset i lies inside a link; i never decreases from
// one call to the next.
func (c *linkCursor) at(i int) bool {
	for c.k < len(c.links) && c.links[c.k].end <= i {
		c.k++
	}
	return c.k < len(c.links) && c.links[c.k].start <= i
}

// findRandomTokens finds runs of token characters with a random piece, not
// in a link, a hashtag, a mention or an e-mail address, and appends them
// to out.
func findRandomTokens(s string, links []link, out []span) []span {
	li := 0
	// i is at no run's middle, and only runs of 20 or more matter: where
	// one of the 20 bytes from i is no run's, none starts before it.
	for i := 0; i+20 <= len(s); {
		k := i + 19
		for k >= i && secretRunChar(s[k]) {
			k--
		}
		if k >= i {
			i = k + 1
			continue
		}
		j := i + 20
		for j < len(s) && secretRunChar(s[j]) {
			j++
		}
		start, end := i, j
		i = j + 1
		if (start > 0 && (s[start-1] == '#' || s[start-1] == '@')) || (end < len(s) && s[end] == '@') {
			continue
		}
		for li < len(links) && links[li].end <= start {
			li++
		}
		if li < len(links) && links[li].start < end {
			continue // part of a link: links are judged by findLinkCredentials
		}
		// name=value inside the run: each side on its own (an equals sign
		// at the end is base64 padding).
		for part := start; part < end; {
			pe := part
			for pe < end && !(s[pe] == '=' && pe+1 < end && s[pe+1] != '=') {
				pe++
			}
			if pe < end {
				pe++ // the equals sign ends this part
			}
			if randomParts(s[part:pe]) {
				out = append(out, span{part, trimEquals(s, part, pe)})
			}
			part = pe
		}
	}
	return out
}

// randomParts reports a run with a random piece between dots and slashes.
func randomParts(run string) bool {
	if len(run) < 20 {
		return false
	}
	from := 0
	for k := 0; k <= len(run); k++ {
		if k < len(run) && run[k] != '.' && run[k] != '/' {
			continue
		}
		if randomToken(run[from:k], nil) {
			return true
		}
		from = k + 1
	}
	return false
}

// trimEquals drops an equals sign that ends a name=value part.
func trimEquals(s string, start, end int) int {
	if end-start > 1 && s[end-1] == '=' && s[end-2] != '=' && end < len(s) && secretRunChar(s[end]) {
		return end - 1
	}
	return end
}

// credentialName reports a name that says its value is a credential.
func credentialName(name string) bool {
	n := strings.ToLower(name)
	for _, w := range []string{"key", "token", "secret", "passw", "pwd", "auth", "credential", "bearer", "private", "signature", "session", "cookie", "api", "access", "client"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// assignValue is a character of an assigned value; an operator (= or :)
// ends it, but for base64 padding at its end.
func assignValue(c byte) bool {
	return c > ' ' && c < 0x7f && c != '"' && c != '\'' && c != '`' && c != ';' && c != ',' && c != '<' && c != '>' &&
		c != ')' && c != '(' && c != '\\' && c != '=' && c != ':'
}

// findAssignments finds a value assigned to a name, as configuration files
// and code write it (name=value, name: "value", "name" => 'value',
// name := value), when the value reads as a credential: random enough, or
// named as one. A value in a link counts only when its name is a
// credential's (https://…/reset?token=…), not ?v=… or ?utm_source=….
// The values are appended to out.
func findAssignments(s string, links []link, out []span) []span {
	inLink := linkCursor{links: links}
	eq, colon := -2, -2 // the first '=' and ':' at or after i (-1: none, -2: not looked for yet)
	for i := 0; i < len(s); i++ {
		if eq != -1 && eq < i {
			eq = indexByteFrom(s, i, '=')
		}
		if colon != -1 && colon < i {
			colon = indexByteFrom(s, i, ':')
		}
		switch {
		case eq < 0 && colon < 0:
			return out
		case eq < 0:
			i = colon
		case colon < 0:
			i = eq
		default:
			i = min(eq, colon)
		}
		// The operator: =, :, :=, ::=, =>, ?=, ||.
		opStart, opEnd := i, i+1
		for opStart > 0 && (s[opStart-1] == ':' || s[opStart-1] == '?' || s[opStart-1] == '|') && i-opStart < 3 {
			opStart--
		}
		for opEnd < len(s) && (s[opEnd] == '=' || s[opEnd] == '>') && opEnd-i < 2 {
			opEnd++
		}
		i = opEnd - 1
		// The name before it, past quotes and spaces.
		k := opStart
		for n := 0; n < 3 && k > 0 && (s[k-1] == '"' || s[k-1] == '\'' || s[k-1] == ' ' || s[k-1] == '\t'); n++ {
			k--
		}
		spaced := k < opStart && (s[k] == ' ' || s[k] == '\t')
		nameEnd := k
		for k > 0 && (isAlnum(s[k-1]) || s[k-1] == '_' || s[k-1] == '-' || s[k-1] == '.') {
			k--
		}
		name := s[k:nameEnd]
		if len(name) < 2 || !hasLetter(name) {
			continue
		}
		// The value after it, past quotes, spaces and equals signs.
		v := opEnd
		for n := 0; n < 5 && v < len(s) && (s[v] == '"' || s[v] == '\'' || s[v] == '`' || s[v] == ' ' || s[v] == '\t' || s[v] == '='); n++ {
			if s[v] == ' ' || s[v] == '\t' {
				spaced = true
			}
			v++
		}
		end := v
		for end < len(s) && assignValue(s[end]) {
			end++
		}
		for end < len(s) && s[end] == '=' && end-v >= 8 && (end+1 == len(s) || !assignValue(s[end+1])) {
			end++ // padding
		}
		for end > v && (s[end-1] == '.' || s[end-1] == '!' || s[end-1] == '?' || s[end-1] == ':') {
			end--
		}
		value := s[v:end]
		if len(value) < 8 || strings.HasPrefix(value, "//") {
			continue
		}
		named := credentialName(name)
		if hexDigits(value) && hashName(name) {
			continue // a checksum or a commit, published on purpose
		}
		if inLink.at(i) && !named {
			continue
		}
		if secretValue(value, named, spaced) {
			out = append(out, span{v, end})
			i = end - 1
		}
	}
	return out
}

// secretValue judges an assigned value: random, or, when its name says it
// is a credential, not an ordinary word. A value written after a space
// ("Title: …") must be random; digits alone count only when written
// right after the operator and 16 or more of them.
func secretValue(v string, named, spaced bool) bool {
	sh := measure(v)
	switch {
	case uuid(v): // an id or key in UUID form, given to a name
		return (named || !spaced) && sh.entropy >= 2.5
	case !sh.lower && !sh.upper: // digits (and symbols) only
		return !spaced && sh.digit && len(v) >= 16 && sh.entropy >= 2
	case len(v) >= 16 && randomShape(sh) || randomToken(v, &sh):
		return true
	case !spaced && len(v) >= 12 && sh.digit && sh.lower && sh.upper && sh.entropy >= 3.3 && sh.flips >= 0.3:
		return true
	case named && len(v) >= 12 && sh.entropy >= 3 && (sh.digit || sh.other || (sh.lower && sh.upper && sh.flips >= 0.3)):
		return true
	case !spaced && len(v) >= 16 && sh.entropy >= 3.5 && (sh.digit || sh.other) && sh.flips >= 0.2:
		return true
	}
	return false
}

// hashName reports a name under which hashes are published.
func hashName(name string) bool {
	n := strings.ToLower(name)
	for _, w := range []string{"sha", "md5", "hash", "commit", "checksum", "digest", "sum", "rev"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

func hexDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && !(s[i]|0x20 >= 'a' && s[i]|0x20 <= 'f') {
			return false
		}
	}
	return s != ""
}

func hasLetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if isUpper(s[i]) || isLowerASCII(s[i]) {
			return true
		}
	}
	return false
}

// findLinkCredentials finds the user name and password in links written
// scheme://user:password@host, and appends them to out; the span is
// "user:password".
func findLinkCredentials(s string, out []span) []span {
	from := 0
	for {
		k := strings.Index(s[from:], "://")
		if k < 0 {
			return out
		}
		i := from + k + 3
		from = i
		j, colon := i, -1
		for j < len(s) && s[j] > ' ' && s[j] != '/' && s[j] != '@' && s[j] != '?' && s[j] != '#' && j-i < 256 {
			if s[j] == ':' && colon < 0 {
				colon = j
			}
			j++
		}
		if j < len(s) && s[j] == '@' && colon > i && j > colon+1 && measure(s[colon+1:j]).entropy > 1 { // not "****"
			out = append(out, span{i, j})
			from = j
		}
	}
}

// bearerKeys name the scheme of an Authorization token, in any case.
var bearerKeys = []string{"bearer", "basic", "token"}

// findBearer finds the token of an Authorization header or a curl line:
// "Bearer …", "Basic …", "token …" followed by a random value.
// h holds the keywords of s; the tokens are appended to out.
func findBearer(s string, h *keyHits, out []span) []span {
	for k, key := range bearerKeys {
		keys := h.iter(secretKeywords.bearer[k])
		from := 0
		for {
			i := keys.next(from)
			if i < 0 {
				break
			}
			j := i + len(key)
			from = j
			if wordBefore(s, i) || j >= len(s) || s[j] != ' ' {
				continue
			}
			for j < len(s) && s[j] == ' ' {
				j++
			}
			start := j
			for j < len(s) && (isAlnum(s[j]) || s[j] == '-' || s[j] == '_' || s[j] == '.' || s[j] == '+' || s[j] == '/' || s[j] == '=' || s[j] == '~') {
				j++
			}
			if v := s[start:j]; len(v) >= 16 && bearerToken(v) {
				out = append(out, span{start, j})
				from = j
			}
		}
	}
	return out
}

// bearerToken reports an Authorization token of 16 characters or more
// that reads as random.
func bearerToken(v string) bool {
	sh := measure(v)
	return randomShape(sh) || randomToken(v, &sh) || sh.entropy >= 4
}

// sentenceKeys introduce a password in a sentence, in any case.
var sentenceKeys = []string{"password is ", "passcode is ", "pin is ", "mot de passe est ", "mot de passe : ", "mot de passe: ", "mdp : ", "mdp: "}

// findPasswordSentences finds a password given in a sentence: "the admin
// password is Sunshine!2026", "mot de passe : Lyon2026!", "le mot de passe
// est …". The value must look like a password (letters with digits or
// symbols, six characters or more), not a word ("my password is too
// long"). h holds the keywords of s; the values are appended to out.
func findPasswordSentences(s string, h *keyHits, out []span) []span {
	for k, key := range sentenceKeys {
		keys := h.iter(secretKeywords.sentences[k])
		from := 0
		for {
			i := keys.next(from)
			if i < 0 {
				break
			}
			j := i + len(key)
			from = j
			if wordBefore(s, i) {
				continue
			}
			start := j
			for j < len(s) && s[j] > ' ' && s[j] < 0x7f && s[j] != '"' && s[j] != '\'' {
				j++
			}
			for j > start && (s[j-1] == '.' || s[j-1] == ',' || s[j-1] == ')') {
				j--
			}
			v := s[start:j]
			if sh := measure(v); len(v) >= 6 && (sh.lower || sh.upper) && (sh.digit || sh.other) && sh.entropy > 2 {
				out = append(out, span{start, j})
				from = j
			}
		}
	}
	return out
}
