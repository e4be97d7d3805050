package report

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/advocate-app/advocate/advocacy/audit"
	"github.com/advocate-app/advocate/advocacy/metrics"
	"github.com/advocate-app/advocate/advocacy/network"
)

// A line scanner for the two shapes the report reads, one JSON object a
// line, several times faster than encoding/json. It reads only what
// those shapes hold; anything else it does not understand (an escape in
// a string, an indented file) makes it give up, and the caller decodes
// the input with encoding/json instead, so it changes no result.

type lexer struct {
	b []byte
	i int
}

func (l *lexer) ws() {
	for l.i < len(l.b) {
		switch l.b[l.i] {
		case ' ', '\t', '\r', '\n':
			l.i++
		default:
			return
		}
	}
}

func (l *lexer) byte(c byte) bool {
	l.ws()
	if l.i < len(l.b) && l.b[l.i] == c {
		l.i++
		return true
	}
	return false
}

// str reads a string without escapes, as bytes of the line.
func (l *lexer) str() ([]byte, bool) {
	l.ws()
	if l.i >= len(l.b) || l.b[l.i] != '"' {
		return nil, false
	}
	start := l.i + 1
	end := bytes.IndexByte(l.b[start:], '"')
	if end < 0 {
		return nil, false
	}
	s := l.b[start : start+end]
	if bytes.IndexByte(s, '\\') >= 0 {
		return nil, false
	}
	l.i = start + end + 1
	return s, true
}

// skipString passes over a string, escapes and all.
func (l *lexer) skipString() bool {
	for j := l.i + 1; j < len(l.b); j++ {
		switch l.b[j] {
		case '\\':
			j++
		case '"':
			l.i = j + 1
			return true
		}
	}
	return false
}

func (l *lexer) int() (int64, bool) {
	l.ws()
	start := l.i
	if l.i < len(l.b) && l.b[l.i] == '-' {
		l.i++
	}
	for l.i < len(l.b) && l.b[l.i] >= '0' && l.b[l.i] <= '9' {
		l.i++
	}
	n, err := strconv.ParseInt(string(l.b[start:l.i]), 10, 64)
	return n, err == nil
}

// object calls field for each key of an object, with the lexer at its
// value; field reads the value and reports whether it could.
func (l *lexer) object(field func(key []byte) bool) bool {
	if !l.byte('{') {
		return false
	}
	if l.byte('}') {
		return true
	}
	for {
		key, ok := l.str()
		if !ok || !l.byte(':') || !field(key) {
			return false
		}
		if l.byte(',') {
			continue
		}
		return l.byte('}')
	}
}

// raw skips one value (an object, array, string, number, true, false or
// null) and returns its bytes.
func (l *lexer) raw() ([]byte, bool) {
	l.ws()
	start, depth := l.i, 0
	for l.i < len(l.b) {
		switch c := l.b[l.i]; c {
		case '"':
			if !l.skipString() {
				return nil, false
			}
			if depth == 0 {
				return l.b[start:l.i], true
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth < 0 {
				return nil, false
			}
			if depth == 0 {
				l.i++
				return l.b[start:l.i], true
			}
		case ',':
			if depth == 0 {
				return l.b[start:l.i], start < l.i
			}
		}
		l.i++
	}
	return l.b[start:l.i], depth == 0 && start < l.i
}

func (l *lexer) end() bool { l.ws(); return l.i == len(l.b) }

// networks interns network names, so that reading one allocates nothing.
var networks = func() map[string]network.ID {
	m := map[string]network.ID{}
	for _, id := range network.All {
		m[string(id)] = id
	}
	return m
}()

// interned keeps one copy of each campaign name.
type interned map[string]string

func (in interned) get(b []byte) string {
	if s, ok := in[string(b)]; ok {
		return s
	}
	s := string(b)
	in[s] = s
	return s
}

// scanAggregate reads one aggregate line; ok is false when the line must
// be decoded with encoding/json.
func scanAggregate(line []byte, names interned) (a metrics.Aggregate, ok bool) {
	l := &lexer{b: line}
	ok = l.object(func(key []byte) bool {
		switch string(key) {
		case "format":
			n, ok := l.int()
			a.Format = int(n)
			return ok
		case "install", "week", "week_start":
			s, ok := l.str()
			switch string(key) {
			case "install":
				a.Install = string(s)
			case "week":
				a.Week = names.get(s)
			default:
				a.WeekStart = names.get(s)
			}
			return ok
		case "rows":
			if !l.byte('[') {
				return false
			}
			a.Rows = []metrics.Row{}
			if l.byte(']') {
				return true
			}
			for {
				var r metrics.Row
				if !l.object(func(key []byte) bool { return scanRow(l, key, &r, names) }) {
					return false
				}
				a.Rows = append(a.Rows, r)
				if l.byte(',') {
					continue
				}
				return l.byte(']')
			}
		}
		_, ok := l.raw() // a field this version does not know
		return ok
	})
	return a, ok && l.end()
}

func scanRow(l *lexer, key []byte, r *metrics.Row, names interned) bool {
	switch string(key) {
	case "campaign":
		s, ok := l.str()
		r.Campaign = names.get(s)
		return ok
	case "network":
		s, ok := l.str()
		id, known := networks[string(s)]
		r.Network = id
		if !known {
			r.Network = network.ID(s)
		}
		return ok
	case "shares", "measured":
		n, ok := l.int()
		if string(key) == "shares" {
			r.Shares = int(n)
		} else {
			r.Measured = int(n)
		}
		return ok
	case "reactions", "reposts", "replies":
		n, ok := l.int()
		switch string(key) {
		case "reactions":
			r.Reactions = n
		case "reposts":
			r.Reposts = n
		default:
			r.Replies = n
		}
		return ok
	}
	_, ok := l.raw()
	return ok
}

// scanRecord reads one audit record line, keeping its data's bytes as
// they are (the hash covers them).
func scanRecord(line []byte, names interned) (r audit.Record, ok bool) {
	l := &lexer{b: line}
	ok = l.object(func(key []byte) bool {
		switch string(key) {
		case "seq":
			n, ok := l.int()
			r.Seq = n
			return ok
		case "at", "prev", "hash":
			s, ok := l.str()
			switch string(key) {
			case "at":
				r.At = string(s)
			case "prev":
				r.Prev = string(s)
			default:
				r.Hash = string(s)
			}
			return ok
		case "kind":
			s, ok := l.str()
			r.Kind = names.get(s)
			return ok
		case "data":
			raw, ok := l.raw()
			r.Data = json.RawMessage(bytes.Clone(raw))
			return ok
		}
		_, ok := l.raw()
		return ok
	})
	return r, ok && l.end()
}

// scanPosted reads a share.posted record's data.
func scanPosted(data []byte, names interned) (p posted, ok bool) {
	l := &lexer{b: data}
	ok = l.object(func(key []byte) bool {
		switch string(key) {
		case "share", "account":
			n, ok := l.int()
			if string(key) == "share" {
				p.Share = n
			} else {
				p.Account = n
			}
			return ok
		case "network":
			s, ok := l.str()
			p.Network = networks[string(s)]
			return ok
		case "campaign":
			s, ok := l.str()
			p.Campaign = names.get(s)
			return ok
		}
		_, ok := l.raw()
		return ok
	})
	return p, ok && l.end()
}
