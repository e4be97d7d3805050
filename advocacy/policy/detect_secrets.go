package policy

import "strings"

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
	{"ghp_", 36, keyChar},  // GitHub tokens
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

// findSecrets finds access keys and tokens by their documented prefixes,
// private key blocks, JSON Web Tokens, and "password: value" pairs.
func findSecrets(s string) []span {
	var out []span
	for _, p := range secretPrefixes {
		from := 0
		for {
			k := strings.Index(s[from:], p.prefix)
			if k < 0 {
				break
			}
			i := from + k
			j := i + len(p.prefix)
			for j < len(s) && p.ok(s[j]) {
				j++
			}
			from = j
			if j-i-len(p.prefix) >= p.min && !wordBefore(s, i) && !wordAfter(s, j) {
				out = append(out, span{i, j})
			}
		}
	}
	out = append(out, findKeyBlocks(s)...)
	out = append(out, findJWTs(s)...)
	return append(out, findPasswords(s)...)
}

func findKeyBlocks(s string) []span {
	var out []span
	from := 0
	for {
		k := strings.Index(s[from:], "-----BEGIN ")
		if k < 0 {
			return out
		}
		i := from + k
		line := s[i:]
		if nl := strings.IndexByte(line, '\n'); nl >= 0 {
			line = line[:nl]
		}
		from = i + len("-----BEGIN ")
		if !strings.Contains(line, "PRIVATE KEY-----") {
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
// is the value.
func findPasswords(s string) []span {
	var out []span
	for _, key := range []string{"password", "passwd", "pwd", "passcode"} {
		from := 0
		for {
			k := indexFold(s[from:], key)
			if k < 0 {
				break
			}
			i := from + k
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
			if j-start >= 4 {
				out = append(out, span{start, j})
			}
		}
	}
	return out
}

// indexFold is strings.Index ignoring ASCII case; key must be lower case.
func indexFold(s, key string) int {
	first := key[0]
	for i := 0; i+len(key) <= len(s); {
		k := strings.IndexByte(s[i:], first)
		if u := strings.IndexByte(s[i:], first-'a'+'A'); u >= 0 && (k < 0 || u < k) {
			k = u
		}
		if k < 0 || i+k+len(key) > len(s) {
			return -1
		}
		i += k
		if strings.EqualFold(s[i:i+len(key)], key) {
			return i
		}
		i++
	}
	return -1
}
