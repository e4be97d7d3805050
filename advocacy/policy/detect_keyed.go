package policy

import (
	"regexp"
	"strings"
)

// This file finds the credential formats that neither a prefix nor a
// shape describes well (detect_secrets.go, detect_credentials.go): their
// parts are fixed lengths of one case, or the credential is a command line
// or a URL. Each is found the way gitleaks finds it: a keyword first (case
// folded), then the rule's RE2 pattern only in a window around the
// keyword, then the secret's entropy and the rule's allowlist.
//
// The patterns are ported from gitleaks' default rule set
// (https://github.com/gitleaks/gitleaks, config/gitleaks.toml, MIT
// License, Copyright (c) 2019 Zachary Rice); the capture group is the part
// measured for entropy and reported. TestGitleaksRules checks them, with
// every other rule of that set, against the set itself.

// keyedRule is a credential format found by keyword then pattern.
type keyedRule struct {
	id       string
	keywords []string // lower case; found case-folded
	// before and after are how far around a keyword the pattern may
	// reach (after -1: to the end of the text).
	before, after int
	re            *regexp.Regexp // group 1 is the secret
	entropy       float64        // least bits per character of the secret
	allow         []*regexp.Regexp
	// anchored rules' patterns start with ^ and are tried at each keyword
	// that gate follows on its line (when gate is set): each line is read
	// once for its gate, and each try stops at its first match.
	anchored bool
	gate     string
	// maybe, when set, is a quick test of the window w the pattern is
	// tried on (from the keyword, for an anchored rule): false only where
	// the pattern cannot match, so the pattern need not be tried.
	maybe func(w string) bool
}

var keyedRules = []keyedRule{
	{
		id: "1password-secret-key", keywords: []string{"a3-"}, before: 0, after: 64,
		re:      regexp.MustCompile(`\b(A3-[A-Z0-9]{6}-(?:(?:[A-Z0-9]{11})|(?:[A-Z0-9]{6}-[A-Z0-9]{5}))-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5})\b`),
		entropy: 3.8,
	},
	{
		// gitleaks keys this rule on "airtable"; a post pasting the token
		// alone would pass, so the token's own prefix is the keyword here.
		id: "airtable-personnal-access-token", keywords: []string{"pat"}, before: 0, after: 96,
		re:      regexp.MustCompile(`\b(pat[[:alnum:]]{14}\.[a-f0-9]{64})\b`),
		entropy: 3,
		maybe:   airtableShape,
	},
	{
		id: "cloudflare-origin-ca-key", keywords: []string{"v1.0-"}, before: 0, after: 192,
		re:      regexp.MustCompile(`\b(v1\.0-[a-f0-9]{24}-[a-f0-9]{146})(?:[\x60'"\s;]|\\[nr]|$)`),
		entropy: 2,
	},
	{
		id: "curl-auth-user", keywords: []string{"curl"}, before: 0, after: 1024,
		re:      regexp.MustCompile(`\bcurl\b(?:.*|.*(?:[\r\n]{1,2}.*){1,5})[ \t\n\r](?:-u|--user)(?:=|[ \t]{0,5})((?:"(?::[^"]{3,}|[^:"]{3,}:|[^:"]{3,}:[^"]{3,})")|'(?:[^:']{3,}:[^']{3,})'|(?:(?:"[^"]{3,}"|'[^']{3,}'|[\w$@.-]+):(?:"[^"]{3,}"|'[^']{3,}'|[\w${}@.-]+)))(?:\s|\z)`),
		entropy: 2,
		maybe:   func(w string) bool { return strings.Contains(w, "-u") }, // -u or --user
		allow: []*regexp.Regexp{
			regexp.MustCompile(`[^:]+:(?:change(?:it|me)|pass(?:word)?|pwd|test|token|\*+|x+)`),
			regexp.MustCompile(`['"]?<[^>]+>['"]?:['"]?<[^>]+>|<[^:]+:[^>]+>['"]?`),
			regexp.MustCompile(`[^:]+:\[[^]]+]`),
			regexp.MustCompile(`['"]?[^:]+['"]?:['"]?\$(?:\d|\w+|\{(?:\d|\w+)})['"]?`),
			regexp.MustCompile(`\$\([^)]+\):\$\([^)]+\)`),
			regexp.MustCompile(`['"]?\$?{{[^}]+}}['"]?:['"]?\$?{{[^}]+}}['"]?`),
		},
	},
	{
		// The webhook's own 32-character token is measured: the rest of
		// the link is fixed text and identifiers.
		id: "microsoft-teams-webhook", keywords: []string{"webhook.office.com"}, before: 64, after: 256,
		re:      regexp.MustCompile(`https://[a-z0-9]+\.webhook\.office\.com/webhookb2/[a-z0-9]{8}-(?:[a-z0-9]{4}-){3}[a-z0-9]{12}@[a-z0-9]{8}-(?:[a-z0-9]{4}-){3}[a-z0-9]{12}/IncomingWebhook/([a-z0-9]{32})/[a-z0-9]{8}-(?:[a-z0-9]{4}-){3}[a-z0-9]{12}`),
		entropy: 3,
	},
	{
		// Any case and any label between BEGIN and PRIVATE KEY, as gitleaks
		// has it; findKeyBlocks also finds a block cut short before its end.
		id: "private-key", keywords: []string{"-----begin"}, before: 0, after: 16384,
		re:       regexp.MustCompile(`^(?i)(-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S-]{64,}?KEY(?: BLOCK)?-----)`),
		entropy:  2,
		anchored: true, gate: "private key",
		maybe: privateKeyEnd,
	},
	{
		id: "sidekiq-secret", keywords: []string{"contribsys__com"}, before: 80, after: 64,
		re:      regexp.MustCompile(`(?i)[\w.-]{0,50}?(?:BUNDLE_ENTERPRISE__CONTRIBSYS__COM|BUNDLE_GEMS__CONTRIBSYS__COM)(?:[ \t\w.-]{0,20})[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[\x60'"\s=]{0,5}([a-f0-9]{8}:[a-f0-9]{8})(?:[\x60'"\s;]|\\[nr]|$)`),
		entropy: 2,
	},
}

// findKeyed appends the credentials of keyedRules in s to out; low is s
// lowered by asciiLower, and h holds the keywords of s.
func findKeyed(s, low string, h *keyHits, out []span) []span {
	for i := range keyedRules {
		out = keyedRules[i].find(s, low, h, secretKeywords.keyed[i], out)
	}
	return out
}

// find appends the rule's secrets in s to out. A keyword inside a window
// already searched is not searched again, so each rule reads the text a
// bounded number of times however many keywords it holds. h holds the
// keywords of s, ids are the rule's keywords' in it.
func (r *keyedRule) find(s, low string, h *keyHits, ids []int, out []span) []span {
	for k, kw := range r.keywords {
		keys := h.iter(ids[k])
		lineEnd, lastGate := -1, -1 // the line looked at last: its end, and where its gate last occurs
		for from := 0; ; {
			i := keys.next(from)
			if i < 0 {
				break
			}
			if r.anchored {
				from = i + len(kw)
				if r.gate != "" {
					if i > lineEnd { // a new line: find its end and its gate once
						lineEnd = len(low)
						if nl := strings.IndexByte(low[i:], '\n'); nl >= 0 {
							lineEnd = i + nl
						}
						lastGate = strings.LastIndex(low[i:lineEnd], r.gate)
						if lastGate >= 0 {
							lastGate += i
						}
					}
					if lastGate < i { // no gate after this keyword on its line
						from = lineEnd
						continue
					}
				}
				if m, ok := r.tryAt(s, i); ok {
					out = append(out, m)
					from = m.end
				}
				continue
			}
			lo, hi := max(0, i-r.before), len(s)
			if r.after >= 0 {
				hi = min(len(s), i+len(kw)+r.after)
			}
			// Widen the window to whole words, so that its edges are no
			// word boundaries the text does not have.
			for lo > 0 && !isSpaceByte(s[lo-1]) {
				lo--
			}
			for hi < len(s) && !isSpaceByte(s[hi]) {
				hi++
			}
			from = hi
			if r.maybe != nil && !r.maybe(s[lo:hi]) {
				continue
			}
			for _, m := range r.re.FindAllStringSubmatchIndex(s[lo:hi], -1) {
				if m[2] < 0 {
					continue
				}
				secret := s[lo+m[2] : lo+m[3]]
				if measure(secret).entropy < r.entropy || r.allowed(secret) {
					continue
				}
				out = append(out, span{lo + m[2], lo + m[3]})
			}
		}
	}
	return out
}

// airtableShape reports a window holding "pat", 14 letters or digits, a
// dot and room for the 64 hexadecimal digits after it: the shape of an
// Airtable token, which few of the words starting "pat" have.
func airtableShape(w string) bool {
	for k := 0; ; k++ {
		d := strings.Index(w[k:], "pat")
		if d < 0 {
			return false
		}
		k += d
		if k+82 > len(w) {
			return false
		}
		j := k + 3
		for j < k+17 && isAlnum(w[j]) {
			j++
		}
		if j == k+17 && w[j] == '.' {
			return true
		}
	}
}

// privateKeyEnd reports a window, from a "-----BEGIN", where a private
// key block can end: "KEY-----" or "KEY BLOCK-----" in any case, its "KEY"
// 90 bytes or more from the start (the shortest "-----BEGIN", "PRIVATE
// KEY", "-----" and 64 characters of key). A "K" may be the Kelvin sign,
// which (?i) matches.
func privateKeyEnd(w string) bool {
	if len(w) < 91 {
		return false
	}
	w = w[91:] // from the "EY" of "KEY" on
	for k := 0; ; k++ {
		d := strings.Index(w[k:], "-----")
		if d < 0 {
			return false
		}
		k += d
		before := w[:k]
		if foldSuffix(before, "ey") {
			return true
		}
		for _, kelvin := range []string{"k", "\u212a"} {
			if foldSuffix(before, kelvin) && foldSuffix(before[:len(before)-len(kelvin)], "ey bloc") {
				return true
			}
		}
	}
}

// foldSuffix reports whether s ends with suffix in any ASCII case.
func foldSuffix(s, suffix string) bool {
	if len(s) < len(suffix) {
		return false
	}
	s = s[len(s)-len(suffix):]
	for i := 0; i < len(s); i++ {
		if lowerByte(s[i]) != lowerByte(suffix[i]) {
			return false
		}
	}
	return true
}

// tryAt tries an anchored rule at keyword offset i: its pattern over the
// window after i.
func (r *keyedRule) tryAt(s string, i int) (span, bool) {
	hi := len(s)
	if r.after >= 0 {
		hi = min(len(s), i+r.after)
	}
	if r.maybe != nil && !r.maybe(s[i:hi]) {
		return span{}, false
	}
	m := r.re.FindStringSubmatchIndex(s[i:hi])
	if m == nil || m[2] < 0 {
		return span{}, false
	}
	secret := s[i+m[2] : i+m[3]]
	if measure(secret).entropy < r.entropy || r.allowed(secret) {
		return span{}, false
	}
	return span{i + m[2], i + m[3]}, true
}

// allowed reports a secret the rule's allowlist excuses (placeholders and
// sample values).
func (r *keyedRule) allowed(secret string) bool {
	for _, a := range r.allow {
		if a.MatchString(secret) {
			return true
		}
	}
	return false
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
