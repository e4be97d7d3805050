package policy

import (
	"encoding/binary"
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

// findSecrets finds credentials in s: see findSecretsIn.
func findSecrets(s string) []span { return findSecretsIn(s, findLinks(s)) }

// findSecretsIn finds access keys and tokens by their documented prefixes,
// private key blocks, JSON Web Tokens, "password: value" pairs, and by
// their shape (detect_credentials.go): values assigned to names, random
// tokens, passwords in links, Authorization tokens. links are the text's
// links. Spans may overlap; each finding covers one.
func findSecretsIn(s string, links []link) []span {
	buf := lowerBufs.Get().(*[]byte)
	h := keyHitsPool.Get().(*keyHits)
	defer func() {
		if cap(*buf) > 1<<16 { // a huge text's copy: not worth keeping
			*buf = nil
		}
		lowerBufs.Put(buf)
		h.trim()
		keyHitsPool.Put(h)
	}()
	low := lowerASCIIInto(buf, s)
	h.scan(s, low)
	var out []span
	for k := range secretPrefixes {
		out = secretPrefixes[k].find(s, h.iter(secretKeywords.prefixes[k]), out)
	}
	out = append(out, findKeyBlocks(s)...)
	out = findJWTs(s, h, out)
	out = passwordsIn(s, h, out)
	out = findAssignments(s, links, out)
	out = findRandomTokens(s, links, out)
	out = findLinkCredentials(s, out)
	out = findBearer(s, h, out)
	out = findPasswordSentences(s, h, out)
	out = findKeyed(s, low, h, out)
	return dedupeSpans(out)
}

// find appends to out the credentials of the prefix's format in s; keys
// are the prefix's offsets in s. A prefix counts only at the start of a
// word.
func (p *secretPrefix) find(s string, keys hitIter, out []span) []span {
	for i := keys.next(0); i >= 0; i = keys.next(i + 1) {
		if wordBefore(s, i) {
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
	return out
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

// findJWTs appends the JSON Web Tokens of s to out: three dot-separated
// parts of ten token characters or more, starting "eyJ" at the start of a
// word.
func findJWTs(s string, h *keyHits, out []span) []span {
	keys := h.iter(secretKeywords.jwt)
	for from := 0; ; {
		i := keys.next(from)
		if i < 0 {
			return out
		}
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

// passwordKeys are the names a password is given after, found in any case.
var passwordKeys = []string{"password", "passwd", "pwd", "passcode"}

// findPasswords finds "password: value", "pwd=value" and the like in s;
// low is s lowered by asciiLower. findSecretsIn finds them with its other
// keywords, in the same pass: see passwordsIn.
func findPasswords(s, low string) []span {
	var h keyHits
	h.scan(s, low)
	return passwordsIn(s, &h, nil)
}

// passwordsIn appends the values of "password: value", "pwd=value" and
// the like to out; h holds the keywords of s. A key inside a value already
// found is not looked at again.
func passwordsIn(s string, h *keyHits, out []span) []span {
	for k, key := range passwordKeys {
		keys := h.iter(secretKeywords.passwords[k])
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

// keyword is a word the secret detectors look for: as written, or in any
// ASCII case (fold).
type keyword struct {
	text   string
	fold   bool
	second byte // text[1] in lower case
}

// keywordSet is every keyword the secret detectors look for, so that one
// pass over a text finds them all (keyHits.scan), and each detector's
// keywords by their index in it.
type keywordSet struct {
	words []keyword
	// triples has a bit for the triple of each keyword's three leading
	// bytes in lower case; byFirst lists the keywords by their first byte
	// in lower case.
	triples [1 << 16 / 64]uint64
	byFirst [256][]int

	prefixes  []int   // secretPrefixes'
	jwt       int     // "eyJ"
	passwords []int   // passwordKeys'
	bearer    []int   // bearerKeys'
	sentences []int   // sentenceKeys'
	keyed     [][]int // keyedRules' keywords
}

// secretKeywords are the secret detectors' keywords.
var secretKeywords = func() *keywordSet {
	k := &keywordSet{}
	for _, p := range secretPrefixes {
		k.prefixes = append(k.prefixes, k.add(p.prefix, false))
	}
	k.jwt = k.add("eyJ", false)
	k.passwords = k.addAll(passwordKeys)
	k.bearer = k.addAll(bearerKeys)
	k.sentences = k.addAll(sentenceKeys)
	for _, r := range keyedRules {
		k.keyed = append(k.keyed, k.addAll(r.keywords))
	}
	return k
}()

// add adds a keyword of three bytes or more and returns its index.
func (k *keywordSet) add(text string, fold bool) int {
	id := len(k.words)
	a, b := lowerByte(text[0]), lowerByte(text[1])
	k.words = append(k.words, keyword{text, fold, b})
	t := triple(a, b, lowerByte(text[2]))
	k.triples[t/64] |= 1 << (t % 64)
	k.byFirst[a] = append(k.byFirst[a], id)
	return id
}

// addAll adds keywords to be found in any case and returns their indexes.
func (k *keywordSet) addAll(texts []string) []int {
	ids := make([]int, len(texts))
	for i, t := range texts {
		ids[i] = k.add(t, true)
	}
	return ids
}

// keyHits are the offsets where each keyword of secretKeywords occurs in a
// text, in order, overlapping ones included.
type keyHits struct {
	at [][]int
}

// keyHitsPool recycle the keyHits of findSecretsIn.
var keyHitsPool = sync.Pool{New: func() any { return new(keyHits) }}

// scan finds every keyword in s, low being s lowered by asciiLower: a
// keyword to be found in any case in low, any other in s. Keywords are
// tried only at offsets whose three bytes hash as a keyword's do.
func (h *keyHits) scan(s, low string) {
	set := secretKeywords
	if h.at == nil {
		h.at = make([][]int, len(set.words))
	}
	for id := range h.at {
		h.at[id] = h.at[id][:0]
	}
	if len(low) < 3 {
		return
	}
	a, b := low[0], low[1]
	for i := 2; i < len(low); i++ {
		c := low[i]
		t := triple(a, b, c)
		at := i - 2
		first, second := a, b
		a, b = b, c
		if set.triples[t/64]&(1<<(t%64)) == 0 {
			continue
		}
		for _, id := range set.byFirst[first] {
			kw := &set.words[id]
			if kw.second != second {
				continue
			}
			in := s
			if kw.fold {
				in = low
			}
			if strings.HasPrefix(in[at:], kw.text) {
				h.at[id] = append(h.at[id], at)
			}
		}
	}
}

// triple hashes three bytes to 16 bits.
func triple(a, b, c byte) uint16 { return uint16(a)<<10 ^ uint16(b)<<5 ^ uint16(c) }

// trim lets go of the offsets of a huge text, not worth keeping.
func (h *keyHits) trim() {
	for id := range h.at {
		if cap(h.at[id]) > 1<<12 {
			h.at[id] = nil
		}
	}
}

// iter returns an iterator over the offsets of keyword id.
func (h *keyHits) iter(id int) hitIter { return hitIter{at: h.at[id]} }

// hitIter finds a keyword's offsets from offsets that only grow.
type hitIter struct {
	at []int
	k  int
}

// next returns the first offset at or after from where the keyword
// occurs, or -1; from never decreases from one call to the next.
func (it *hitIter) next(from int) int {
	for it.k < len(it.at) && it.at[it.k] < from {
		it.k++
	}
	if it.k == len(it.at) {
		return -1
	}
	return it.at[it.k]
}

// lowerByte is c in lower case when it is an ASCII capital.
func lowerByte(c byte) byte {
	if isUpper(c) {
		return c + 'a' - 'A'
	}
	return c
}

// lowerBufs recycle the lowered copies of texts findSecretsIn searches.
var lowerBufs = sync.Pool{New: func() any { return new([]byte) }}

// lowerASCIIInto is asciiLower written into *buf, which it grows as
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
	lowerBytes(b[i:])
	*buf = b
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// lowerBytes lowers the ASCII capitals of b, eight bytes at a time. In
// each byte of a word, its low seven bits plus 0x80-'A' have the high bit
// set when they are 'A' or more, plus 0x80-'Z'-1 when they are beyond 'Z';
// neither sum carries into the next byte. Bytes with their own high bit
// set (not ASCII) are left as they are.
func lowerBytes(b []byte) {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for len(b) >= 8 {
		x := binary.LittleEndian.Uint64(b)
		low7 := x &^ highs
		atLeastA := low7 + (0x80-'A')*ones
		beyondZ := low7 + (0x80-'Z'-1)*ones
		capitals := atLeastA &^ beyondZ &^ x & highs // ASCII bytes from A to Z
		binary.LittleEndian.PutUint64(b, x+capitals>>2)
		b = b[8:]
	}
	for i := range b {
		if isUpper(b[i]) {
			b[i] += 'a' - 'A'
		}
	}
}
