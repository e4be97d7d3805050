package policy

import (
	"errors"
	"net/netip"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// link is a web address found in a text.
type link struct {
	start, end int // byte offsets
	host       string
}

// topLevel lists the top-level domains a link without a scheme may end in:
// the common generic ones, every country code, and the reserved names
// internal systems use.
var topLevel = func() map[string]bool {
	m := map[string]bool{}
	generic := "com net org edu gov mil int info biz name pro mobi aero coop museum travel jobs " +
		"io co ai app dev me tv ly gg to fm sh so xyz online site tech store blog news cloud page link live shop social " +
		"example test local localhost internal corp lan intranet"
	country := "ac ad ae af ag al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt bw by bz " +
		"ca cc cd cf cg ch ci ck cl cm cn cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er es et eu fi fj fk fo fr " +
		"ga gb gd ge gf gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in iq ir is it je jm jo jp " +
		"ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ma mc md mg mh mk ml mm mn mo mp mq mr ms mt mu mv " +
		"mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw " +
		"sa sb sc sd se sg si sk sl sm sn sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn tr tt tw tz ua ug uk us " +
		"uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw"
	for _, tld := range strings.Fields(generic + " " + country) {
		m[tld] = true
	}
	return m
}()

func urlChar(c byte) bool {
	return c > ' ' && c != '<' && c != '>' && c != '"' && c != '`' && c != '{' && c != '}' && c != '|' && c != '\\' && c != '^'
}

// findLinks finds http(s) addresses with their scheme, and addresses
// without one that start with www. or end in a known top-level domain.
// A host with a label longer than 63 characters (after IDNA encoding) is no
// address, as networks judge it. It reads the text once: see linkFinder.
func findLinks(s string) []link { return appendLinks(nil, s) }

// appendLinks appends the links of s to out.
func appendLinks(out []link, s string) []link {
	f := linkFinder{s: s}
	return f.all(out)
}

// linkFinder finds the links of one text in time linear in its length.
// Many places in one run of host characters can start an address
// ("a.a.a.…", "a-a-a-…"); the run is measured once, when the first of them
// is tried, and what an address starting anywhere in it needs (where the
// host ends, its last dot, whether its top-level domain is known, whether
// its later labels are valid) is answered from that.
type linkFinder struct {
	s   string
	run hostRun
	// read counts the bytes measured in runs and addresses, which tests
	// check stays linear in the text's length.
	read int
}

// hostRun is a run s[start:end] of host characters (letters, digits, dots,
// hyphens), measured once.
type hostRun struct {
	start, end int
	lastDot    int // the last '.' of the run, or -1
	// The host, measured when an address is first tried in the run:
	hostEnd  int  // end less trailing dots and hyphens; -1 until measured
	hostDot  int  // the last '.' before hostEnd, or -1
	tldKnown bool // the label after hostDot is a known top-level domain
	// lastBad is where the last label after a dot that is empty or longer
	// than 63 bytes starts, or -1.
	lastBad int
	// nextDot is the first '.' at or after the last start asked about, or
	// hostEnd, or -1 before the first; starts come in increasing order.
	nextDot int
}

func (f *linkFinder) all(out []link) []link {
	s := f.s
	f.run = hostRun{start: -1, end: -1}
	// dot and colon are the first '.' and ':' at or after i (-1: none, -2:
	// not looked for yet); no address starts before next.
	dot, colon, next := -2, -2, 0
	for i := 0; i < len(s); {
		if dot != -1 && dot < i || colon != -1 && colon < i {
			dot, colon, next = f.nextStart(i, dot, colon)
		}
		if next < 0 {
			break
		}
		i = max(i, next)
		c := s[i]
		if isAlnum(c) && !wordBefore(s, i) {
			if c == 'h' || c == 'H' {
				if l, ok := f.schemeLink(i); ok {
					out = append(out, l)
					i = l.end
					continue
				}
			}
			// A word: it can be an address only if it has a dot.
			end, lastDot := f.runAt(i)
			dotted := lastDot >= i
			if dotted && (i == 0 || (s[i-1] != '@' && s[i-1] != '.' && s[i-1] != '/')) {
				if l, ok := f.bareLink(i); ok {
					out = append(out, l)
					i = l.end
					continue
				}
			}
			if !dotted {
				i = end
				continue
			}
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return out
}

// nextStart tells where, at or after i, the next address may start. An
// address without a scheme has a dot after its start and one with a
// scheme a colon ("http:"), so none starts before the run of host
// characters that holds the next dot or ends at the next colon: the words
// before it need not be read. It returns the first '.' and ':' at or after
// i (-1 for none; one that was -1 already is not looked for again) and
// where that run starts, or -1 when no address can start.
func (f *linkFinder) nextStart(i, dot, colon int) (int, int, int) {
	s := f.s
	if dot != -1 {
		dot = indexByteFrom(s, i, '.')
	}
	if colon != -1 {
		colon = indexByteFrom(s, i, ':')
	}
	if dot < 0 && colon < 0 {
		return dot, colon, -1
	}
	next := len(s)
	for _, at := range []int{dot, colon} {
		if at < 0 {
			continue
		}
		k := at
		for k > i && hostChar(s[k-1]) {
			k--
		}
		f.read += at - k
		next = min(next, k)
	}
	return dot, colon, next
}

// indexByteFrom returns the first offset at or after i where c occurs in
// s, or -1.
func indexByteFrom(s string, i int, c byte) int {
	if k := strings.IndexByte(s[i:], c); k >= 0 {
		return i + k
	}
	return -1
}

// runAt returns the end and the last dot (or -1) of the run of host
// characters that i lies in, measuring it from i when it is not the one
// measured last. Only its end and last dot are found now; what an address
// needs, when one is tried (see host). A run without a dot, where no
// address starts, is not kept: the words of a text cost only their
// reading.
func (f *linkFinder) runAt(i int) (end, lastDot int) {
	r := &f.run
	if i >= r.start && i < r.end {
		return r.end, r.lastDot
	}
	s := f.s
	j := i
	lastDot = -1
	for j < len(s) && hostChar(s[j]) {
		if s[j] == '.' {
			lastDot = j
		}
		j++
	}
	f.read += j - i
	if lastDot >= 0 {
		*r = hostRun{start: i, end: j, lastDot: lastDot, hostEnd: -1}
	}
	return j, lastDot
}

// host measures the host of the run, once: where it ends, its last dot,
// whether its top-level domain is known and where its last bad label is.
func (r *hostRun) host(s string) {
	if r.hostEnd >= 0 {
		return
	}
	r.hostDot, r.lastBad, r.nextDot = -1, -1, -1
	r.hostEnd = r.end
	for r.hostEnd > r.start && (s[r.hostEnd-1] == '.' || s[r.hostEnd-1] == '-') {
		r.hostEnd--
	}
	r.hostDot = lastDotIn(s, r.start, r.hostEnd)
	if r.hostDot >= 0 {
		r.tldKnown = knownTopLevel(s[r.hostDot+1 : r.hostEnd])
	}
	for k := r.start; k < r.hostEnd; {
		d := strings.IndexByte(s[k:r.hostEnd], '.')
		if d < 0 {
			break
		}
		label := k + d + 1
		n := strings.IndexByte(s[label:r.hostEnd], '.')
		if n < 0 {
			n = r.hostEnd - label
		}
		if n == 0 || n > 63 {
			r.lastBad = label
		}
		k = label
	}
}

// lastDotIn returns the last '.' in s[from:to], or -1.
func lastDotIn(s string, from, to int) int {
	if k := strings.LastIndexByte(s[from:to], '.'); k >= 0 {
		return from + k
	}
	return -1
}

// knownTopLevel reports a top-level domain of topLevel, in any case.
func knownTopLevel(tld string) bool {
	var buf [16]byte
	if len(tld) > len(buf) {
		return false
	}
	for k := 0; k < len(tld); k++ {
		c := tld[k]
		if isUpper(c) {
			c += 'a' - 'A'
		}
		buf[k] = c
	}
	return topLevel[string(buf[:len(tld)])]
}

// firstLabelEnd returns the end of the first label of a host starting at i
// in the run: the next dot, or the host's end. Starts come in increasing
// order, so the search goes on from the last one.
func (r *hostRun) firstLabelEnd(s string, i int) int {
	if r.nextDot < i {
		r.nextDot = r.hostEnd
		if d := strings.IndexByte(s[i:r.hostEnd], '.'); d >= 0 {
			r.nextDot = i + d
		}
	}
	return r.nextDot
}

// bareLink reads an address without a scheme at i, which starts a word in
// the run measured last: its host is the run less trailing dots and
// hyphens, with a dot, starting with www. or ending in a known top-level
// domain, its labels 1 to 63 characters long.
func (f *linkFinder) bareLink(i int) (link, bool) {
	s, r := f.s, &f.run
	r.host(s)
	if r.hostDot <= i || !(r.tldKnown || (r.hostEnd-i >= 4 && strings.EqualFold(s[i:i+4], "www."))) {
		return link{}, false
	}
	if r.firstLabelEnd(s, i)-i > 63 || r.lastBad > i {
		return link{}, false
	}
	end := r.hostEnd
	if end < len(s) && (s[end] == '/' || s[end] == ':' || s[end] == '?' || s[end] == '#') {
		for end < len(s) && urlChar(s[end]) {
			end++
		}
		end = trimURL(s, r.hostEnd, end)
	} else if wordAfter(s, end) || (end < len(s) && s[end] == '@') {
		return link{}, false
	}
	return link{start: i, end: end, host: asciiLower(s[i:r.hostEnd])}, true
}

// schemeLink reads an http:// or https:// address at i. An address whose
// host is not valid costs only the reading of its authority (up to the
// first '/', '?' or '#'), so that "http:///http:///…" is read once.
func (f *linkFinder) schemeLink(i int) (link, bool) {
	s := f.s
	rest := s[i:]
	var after int
	switch {
	case len(rest) >= 8 && strings.EqualFold(rest[:8], "https://"):
		after = i + 8
	case len(rest) >= 7 && strings.EqualFold(rest[:7], "http://"):
		after = i + 7
	default:
		return link{}, false
	}
	a := urlEnd(s, after, true)
	f.read += a - after
	if a < len(s) && (s[a] == '/' || s[a] == '#' || (s[a] == '?' && !trimmableFrom(s, a))) {
		// Trimming stops after s[a], so the host is the authority's.
		if !validHost(hostOf(s[after:a])) {
			return link{}, false
		}
	}
	e := urlEnd(s, a, false)
	f.read += e - a
	end := trimURL(s, after, e)
	host := hostOf(s[after:end])
	if !validHost(host) {
		return link{}, false
	}
	return link{start: i, end: end, host: asciiLower(host)}, true
}

// urlEnd returns the end of the address characters from i, or with
// authority set, the first '/', '?' or '#' before it.
func urlEnd(s string, i int, authority bool) int {
	for i < len(s) {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if r < utf8.RuneSelf && !urlChar(byte(r)) || r >= utf8.RuneSelf && !letterOrDigit(r) {
			break
		}
		if authority && (r == '/' || r == '?' || r == '#') {
			break
		}
		i += size
	}
	return i
}

// trimmableFrom reports whether everything from i to the end of the
// address is punctuation that trimURL may drop. It reads only that
// punctuation.
func trimmableFrom(s string, i int) bool {
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf: // a letter or digit goes on with the address
			r, _ := utf8.DecodeRuneInString(s[i:])
			return !letterOrDigit(r)
		case !urlChar(c):
			return true
		case c != ')' && strings.IndexByte(trailingPunct, c) < 0:
			return false
		}
	}
	return true
}

// trailingPunct ends a sentence rather than an address.
const trailingPunct = ".,;:!?'\""

// trimURL drops trailing punctuation that ends a sentence rather than the
// address, and a closing parenthesis with no opening one. Parentheses are
// counted once, however many are dropped.
func trimURL(s string, from, end int) int {
	opens, closes := -1, -1
	for end > from {
		c := s[end-1]
		if strings.IndexByte(trailingPunct, c) >= 0 {
			end--
			continue
		}
		if c == ')' {
			if opens < 0 {
				opens, closes = strings.Count(s[from:end], "("), strings.Count(s[from:end], ")")
			}
			if opens < closes {
				end--
				closes--
				continue
			}
		}
		break
	}
	return end
}

// hostOf takes the host out of what follows "scheme://".
func hostOf(rest string) string {
	if k := strings.IndexAny(rest, "/?#"); k >= 0 {
		rest = rest[:k]
	}
	if k := strings.LastIndexByte(rest, '@'); k >= 0 {
		rest = rest[k+1:]
	}
	if strings.HasPrefix(rest, "[") {
		if k := strings.IndexByte(rest, ']'); k > 0 {
			return rest[1:k]
		}
	}
	if k := strings.LastIndexByte(rest, ':'); k >= 0 {
		rest = rest[:k]
	}
	return rest
}

func validHost(host string) bool {
	if host == "" {
		return false
	}
	if _, err := parseIP(host); err == nil {
		return true
	}
	ascii := host
	if !isASCII(host) {
		// Punycode writes at least a byte per character, so a label of more
		// than 63 characters is too long without encoding it (which takes
		// time quadratic in the label).
		for label := range strings.SplitSeq(host, ".") {
			if utf8.RuneCountInString(label) > 63 {
				return false
			}
		}
		var err error
		if ascii, err = idna.Punycode.ToASCII(host); err != nil {
			return false
		}
	}
	for label := range strings.SplitSeq(ascii, ".") {
		if len(label) == 0 || len(label) > 63 {
			return false
		}
	}
	return true
}

// internalHost reports hosts outsiders cannot or must not reach: private,
// loopback and link-local addresses, single-label names, reserved internal
// suffixes, and the intranet hosts the policy names (with their subdomains).
func internalHost(host string, intranet []string) bool {
	if addr, err := parseIP(host); err == nil {
		return addr.IsPrivate() || addr.IsLoopback() || addr.IsLinkLocalUnicast() || addr.IsUnspecified()
	}
	if !strings.Contains(host, ".") {
		return true
	}
	for _, suffix := range []string{".internal", ".corp", ".local", ".lan", ".intranet", ".localhost", ".home.arpa"} {
		if strings.HasSuffix(host, suffix) {
			return true
		}
	}
	return hostIn(host, intranet)
}

var errNotIP = errors.New("not an IP address")

// parseIP parses host as an IP address, answering at once for names that
// cannot be one (no colon, not dotted digits), without the parser's error.
func parseIP(host string) (netip.Addr, error) {
	if strings.IndexByte(host, ':') < 0 && strings.Trim(host, "0123456789.") != "" {
		return netip.Addr{}, errNotIP
	}
	return netip.ParseAddr(host)
}

// hostIn reports whether host is one of hosts or a subdomain of one; both
// in lower case.
func hostIn(host string, hosts []string) bool {
	for _, h := range hosts {
		if strings.HasSuffix(host, h) && (len(host) == len(h) || host[len(host)-len(h)-1] == '.') {
			return true
		}
	}
	return false
}

// lowerAll returns the strings in lower case.
func lowerAll(in []string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = strings.ToLower(s)
	}
	return out
}

// shorteners are link-shortening services.
var shorteners = []string{
	"bit.ly", "bitly.com", "t.co", "tinyurl.com", "goo.gl", "ow.ly", "buff.ly", "is.gd", "v.gd",
	"rebrand.ly", "cutt.ly", "shorturl.at", "tiny.cc", "lnkd.in", "bl.ink", "t.ly", "rb.gy", "s.id",
	"trib.al", "dlvr.it", "soo.gd", "qr.ae", "shorte.st", "adf.ly", "short.io", "tiny.one",
}

// Link is a web address in a post, found as the length counts and the
// rules find them: Start and End are byte offsets into the text, and Host
// is in lower case.
type Link struct {
	Start, End int
	Host       string
}

// Links returns the web addresses in text, in order: with a scheme, or
// without one when they start with www. or end in a known top-level domain.
func Links(text string) []Link {
	found := findLinks(text)
	out := make([]Link, len(found))
	for i, l := range found {
		out[i] = Link{Start: l.start, End: l.end, Host: l.host}
	}
	return out
}
