package publish

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// The build writes its JSON as a person would: two-space indents, a short
// list of words on one line (["employee", "alumni"]), a list of small
// records one record a line (the manifest's news), everything else one
// member a line. This is the layout the demo bundle was written in by
// hand, so that building the demo's sources reproduces it.
const (
	inlineList   = 72  // the longest list written on one line
	inlineRecord = 160 // the longest record written on one line in a list
)

// ordered is a JSON object whose members keep the order they were added
// in (a Go map's are sorted).
type ordered []member

type member struct {
	Key   string
	Value any
}

// MarshalJSON writes the members in their order.
func (o ordered) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := marshal(m.Key)
		if err != nil {
			return nil, err
		}
		v, err := marshal(m.Value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// append adds value to key's list, adding the key last if it is new.
func (o *ordered) append(key string, value string) {
	for i := range *o {
		if (*o)[i].Key == key {
			(*o)[i].Value = append((*o)[i].Value.([]string), value)
			return
		}
	}
	*o = append(*o, member{key, []string{value}})
}

// marshal is json.Marshal without HTML escapes and without a newline.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// node is a parsed JSON value: a scalar's text, or an array's or an
// object's members in order (keys empty in an array).
type node struct {
	scalar  []byte
	object  bool
	members []jsonMember
}

type jsonMember struct {
	key   string
	value *node
}

// layout writes compact JSON in the build's layout, ending in a newline.
func layout(data []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := parseNode(dec)
	if err != nil {
		return nil, fmt.Errorf("publish: layout: %w", err)
	}
	var b strings.Builder
	n.write(&b, "")
	b.WriteByte('\n')
	return []byte(b.String()), nil
}

func parseNode(dec *json.Decoder) (*node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	d, ok := tok.(json.Delim)
	if !ok {
		s, err := marshal(tok)
		return &node{scalar: s}, err
	}
	n := &node{object: d == '{'}
	for dec.More() {
		var key string
		if n.object {
			k, err := dec.Token()
			if err != nil {
				return nil, err
			}
			key, _ = k.(string)
		}
		v, err := parseNode(dec)
		if err != nil {
			return nil, err
		}
		n.members = append(n.members, jsonMember{key, v})
	}
	if _, err := dec.Token(); err != nil { // the closing delimiter
		return nil, err
	}
	return n, nil
}

// flat reports whether n is a scalar or a list of scalars.
func (n *node) flat() bool {
	if n.scalar != nil {
		return true
	}
	if n.object {
		return false
	}
	for _, m := range n.members {
		if m.value.scalar == nil {
			return false
		}
	}
	return true
}

// inline is n on one line.
func (n *node) inline() string {
	if n.scalar != nil {
		return string(n.scalar)
	}
	open, close := "[", "]"
	if n.object {
		open, close = "{", "}"
	}
	parts := make([]string, len(n.members))
	for i, m := range n.members {
		parts[i] = m.value.inline()
		if n.object {
			parts[i] = string(mustQuote(m.key)) + ": " + parts[i]
		}
	}
	return open + strings.Join(parts, ", ") + close
}

func mustQuote(s string) []byte {
	b, _ := marshal(s) // a string always encodes
	return b
}

// record reports whether n is an object of scalars and short lists that
// fits on one line.
func (n *node) record() bool {
	if !n.object {
		return false
	}
	for _, m := range n.members {
		if !m.value.flat() {
			return false
		}
	}
	return len(n.inline()) <= inlineRecord
}

func (n *node) write(b *strings.Builder, indent string) {
	switch {
	case n.scalar != nil:
		b.Write(n.scalar)
		return
	case len(n.members) == 0 && n.object:
		b.WriteString("{}")
		return
	case len(n.members) == 0:
		b.WriteString("[]")
		return
	case !n.object && n.flat() && len(n.inline()) <= inlineList:
		b.WriteString(n.inline())
		return
	}
	open, close := "[", "]"
	if n.object {
		open, close = "{", "}"
	}
	inner := indent + "  "
	b.WriteString(open)
	for i, m := range n.members {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n" + inner)
		if n.object {
			b.Write(mustQuote(m.key))
			b.WriteString(": ")
		}
		if !n.object && m.value.record() {
			b.WriteString(m.value.inline())
			continue
		}
		m.value.write(b, inner)
	}
	b.WriteString("\n" + indent + close)
}
