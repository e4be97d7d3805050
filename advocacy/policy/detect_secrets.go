package policy

import (
	"slices"
	"strings"
	"sync"
	"unsafe"
)

// secretPrefix is a credential format recognised by its prefix: after the
// prefix come at least min characters of the given kind.
type secretPrefix struct {
	prefix string
	min    int
	ok     func(byte) bool
}

func keyChar(c byte) bool   { return isAlnum(c) }
func tokenChar(c byte) bool { return isAlnum(c) || c == '_' || c == '-' }
func upperNum(c byte) bool  { return isUpper(c) || isDigit(c) }

var secretPrefixes = []secretPrefix{
	{"AKIA", 16, upperNum}, // AWS access key id
	{"ASIA", 16, upperNum}, // AWS temporary access key id
	{"ABIA", 16, upperNum},
	{"ACCA", 16, upperNum},
	{"A3T", 17, upperNum},
	{"dapi", 32, keyChar}, // Databricks
	{"ghp_", 36, keyChar}, // GitHub tokens
	{"gho_", 36, keyChar},
	{"ghu_", 36, keyChar},
	{"ghs_", 36, keyChar},
	{"ghr_", 36, keyChar},
	{"github_pat_", 22, tokenChar},
	{"glpat-", 20, tokenChar}, // GitLab
	{"xoxb-", 10, tokenChar},  // Slack
	{"xoxp-", 10, tokenChar},
	{"xoxa-", 10, tokenChar},
	{"xoxr-", 10, tokenChar},
	{"xoxs-", 10, tokenChar},
	{"AIza", 35, tokenChar}, // Google API key
	{"sk_live_", 16, keyChar},
	{"rk_live_", 16, keyChar}, // Stripe
	{"sk-", 32, tokenChar},    // OpenAI-style secret keys
	{"npm_", 36, keyChar},
}

// prefixesByFirst are secretPrefixes by their first byte.
var prefixesByFirst = func() (by [256][]secretPrefix) {
	for _, p := range secretPrefixes {
		by[p.prefix[0]] = append(by[p.prefix[0]], p)
	}
	return by
}()

// findSecrets finds credentials in s: see findSecretsIn.
func findSecrets(s string) []span { return findSecretsIn(s, findLinks(s)) }

// findSecretsIn finds access keys and tokens by their documented prefixes,
// private key blocks, JSON Web Tokens, "password: value" pairs, and by
// their shape (detect_credentials.go): values assigned to names, random
// tokens, passwords in links, Authorization tokens. links are the text's
// links. Spans may overlap; each finding covers one.
func findSecretsIn(s string, links []link) []span {
	var out []span
	// One pass over the text: a prefix is looked for only at the start of
	// a word, and only the prefixes starting with that byte.
	for i := 0; i < len(s); i++ {
		ps := prefixesByFirst[s[i]]
		if len(ps) == 0 || wordBefore(s, i) {
			continue
		}
		for _, p := range ps {
			if !strings.HasPrefix(s[i:], p.prefix) {
				continue
			}
			j := i + len(p.prefix)
			for j < len(s) && p.ok(s[j]) {
				j++
			}
			if j-i-len(p.prefix) >= p.min && !wordAfter(s, j) && measure(s[i+len(p.prefix):j]).entropy >= 2 {
				out = append(out, span{i, j})
			}
		}
	}
	out = append(out, findKeyBlocks(s)...)
	out = append(out, findJWTs(s)...)
	buf := lowerBufs.Get().(*[]byte)
	defer func() {
		if cap(*buf) > 1<<16 { // a huge text's copy: not worth keeping
			*buf = nil
		}
		lowerBufs.Put(buf)
	}()
	low := lowerASCIIInto(buf, s)
	out = append(out, findPasswords(s, low)...)
	out = append(out, findAssignments(s, links)...)
	out = append(out, findRandomTokens(s, links)...)
	out = append(out, findLinkCredentials(s)...)
	out = append(out, findBearer(s, low)...)
	out = append(out, findPasswordSentences(s, low)...)
	out = findKeyed(s, low, out)
	return dedupeSpans(out)
}

// dedupeSpans sorts spans and drops those inside another.
func dedupeSpans(in []span) []span {
	if len(in) < 2 {
		return in
	}
	slices.SortFunc(in, func(a, b span) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return b.end - a.end
	})
	out := in[:1]
	for _, sp := range in[1:] {
		if last := out[len(out)-1]; sp.end <= last.end {
			continue
		}
		out = append(out, sp)
	}
	return out
}

// findKeyBlocks finds PEM private key blocks: a "-----BEGIN " whose line
// says "PRIVATE KEY-----", up to the matching "-----END …-----" (or the end
// of the text). Each line is looked at once, however many BEGINs it holds.
func findKeyBlocks(s string) []span {
	var out []span
	from := 0
	lineEnd, lastKey := -1, -1 // the line looked at last: its end, and its last "PRIVATE KEY-----"
	for {
		k := strings.Index(s[from:], "-----BEGIN ")
		if k < 0 {
			return out
		}
		i := from + k
		from = i + len("-----BEGIN ")
		if i > lineEnd {
			lineEnd = len(s)
			if nl := strings.IndexByte(s[i:], '\n'); nl >= 0 {
				lineEnd = i + nl
			}
			lastKey = strings.LastIndex(s[i:lineEnd], "PRIVATE KEY-----")
			if lastKey >= 0 {
				lastKey += i
			}
		}
		if lastKey < i { // no "PRIVATE KEY-----" after this BEGIN on its line
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

func findJWTs(s string) []span {
	var out []span
	from := 0
	for {
		k := strings.Index(s[from:], "eyJ")
		if k < 0 {
			return out
		}
		i := from + k
		j, parts := i, 0
		for parts < 3 {
			start := j
			for j < len(s) && tokenChar(s[j]) {
				j++
			}
			if j-start < 10 {
				break
			}
			parts++
			if parts < 3 && j < len(s) && s[j] == '.' {
				j++
			}
		}
		from = max(j, i+3)
		if parts == 3 && !wordBefore(s, i) {
			out = append(out, span{i, j})
		}
	}
}

// findPasswords finds "password: value", "pwd=value" and the like; the span
// is the value. A key inside a value already found is not looked at again.
func findPasswords(s, low string) []span {
	var out []span
	for _, key := range []string{"password", "passwd", "pwd", "passcode"} {
		keys := newFoldIndex(low, key)
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
			if j-start >= 4 && measure(s[start:j]).entropy > 1 { // not "****" nor a placeholder
				out = append(out, span{start, j})
			}
			from = j
		}
	}
	return out
}

// foldIndex finds a key in a text ignoring ASCII case, from offsets that
// only grow: it searches the text lowered once (lowerASCII), whose byte
// offsets are the text's, so each search is one strings.Index.
type foldIndex struct {
	low, key string
}

// newFoldIndex prepares a search for key, which is lower-case ASCII, in
// low, a text lowered by lowerASCII.
func newFoldIndex(low, key string) *foldIndex {
	return &foldIndex{low: low, key: key}
}

// next returns the first offset at or after from where the key occurs, or -1.
func (f *foldIndex) next(from int) int {
	if from > len(f.low) {
		return -1
	}
	if k := strings.Index(f.low[from:], f.key); k >= 0 {
		return from + k
	}
	return -1
}

// lowerBufs recycle the lowered copies of texts findSecretsIn searches.
var lowerBufs = sync.Pool{New: func() any { return new([]byte) }}

// lowerASCIIInto is lowerASCII written into *buf, which it grows as
// needed; the string it returns shares *buf's bytes, so it is valid only
// until *buf is used again.
func lowerASCIIInto(buf *[]byte, s string) string {
	i := 0
	for i < len(s) && !isUpper(s[i]) {
		i++
	}
	if i == len(s) {
		return s
	}
	b := append((*buf)[:0], s...)
	for ; i < len(b); i++ {
		if isUpper(b[i]) {
			b[i] += 'a' - 'A'
		}
	}
	*buf = b
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// lowerASCII returns s with its ASCII capitals in lower case and every
// other byte as it is: the same length and offsets as s.
func lowerASCII(s string) string {
	i := 0
	for i < len(s) && !isUpper(s[i]) {
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if isUpper(b[i]) {
			b[i] += 'a' - 'A'
		}
	}
	return string(b)
}
