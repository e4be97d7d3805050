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
// address, as networks judge it.
func findLinks(s string) []link {
	var out []link
	for i := 0; i < len(s); {
		c := s[i]
		if (c == 'h' || c == 'H') && !wordBefore(s, i) {
			if l, ok := schemeLink(s, i); ok {
				out = append(out, l)
				i = l.end
				continue
			}
		}
		if isAlnum(c) && !wordBefore(s, i) {
			// A word: it can be an address only if it has a dot.
			j, dotted := i, false
			for j < len(s) && hostChar(s[j]) {
				dotted = dotted || s[j] == '.'
				j++
			}
			if dotted && (i == 0 || (s[i-1] != '@' && s[i-1] != '.' && s[i-1] != '/')) {
				if l, ok := bareLink(s, i); ok {
					out = append(out, l)
					i = l.end
					continue
				}
			}
			if !dotted {
				i = j
				continue
			}
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return out
}

func schemeLink(s string, i int) (link, bool) {
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
	end := after
	for end < len(s) {
		r, size := utf8.DecodeRuneInString(s[end:])
		if r < utf8.RuneSelf && !urlChar(byte(r)) || r >= utf8.RuneSelf && !letterOrDigit(r) {
			break
		}
		end += size
	}
	end = trimURL(s, after, end)
	host := hostOf(s[after:end])
	if !validHost(host) {
		return link{}, false
	}
	return link{start: i, end: end, host: asciiLower(host)}, true
}

func bareLink(s string, i int) (link, bool) {
	j := i
	for j < len(s) && hostChar(s[j]) {
		j++
	}
	host := strings.TrimRight(s[i:j], ".-")
	j = i + len(host)
	dot := strings.LastIndexByte(host, '.')
	if dot <= 0 {
		return link{}, false
	}
	lower := asciiLower(host)
	if !strings.HasPrefix(lower, "www.") && !topLevel[lower[dot+1:]] {
		return link{}, false
	}
	if !validHost(host) || strings.Contains(host, "..") {
		return link{}, false
	}
	end := j
	if end < len(s) && (s[end] == '/' || s[end] == ':' || s[end] == '?' || s[end] == '#') {
		for end < len(s) && urlChar(s[end]) {
			end++
		}
		end = trimURL(s, j, end)
	} else if wordAfter(s, end) || (end < len(s) && s[end] == '@') {
		return link{}, false
	}
	return link{start: i, end: end, host: lower}, true
}

// trimURL drops trailing punctuation that ends a sentence rather than the
// address, and a closing parenthesis with no opening one.
func trimURL(s string, from, end int) int {
	for end > from {
		c := s[end-1]
		if strings.IndexByte(".,;:!?'\"", c) >= 0 {
			end--
			continue
		}
		if c == ')' && strings.Count(s[from:end], "(") < strings.Count(s[from:end], ")") {
			end--
			continue
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
