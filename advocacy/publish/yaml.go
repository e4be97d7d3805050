package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/advocate-app/advocate/advocacy/yamlkeys"
	"gopkg.in/yaml.v3"
)

// Time is a time in a source file, kept with the line it is on. A value
// that is not an RFC 3339 time is kept too, for the check to report.
type Time struct {
	time.Time
	Line int
	Raw  string
	bad  bool
}

// UnmarshalYAML reads an RFC 3339 time; it never fails, so that every bad
// time of a file is reported, not only the first.
func (t *Time) UnmarshalYAML(n *yaml.Node) error {
	t.Line, t.Raw = n.Line, n.Value
	if n.Kind != yaml.ScalarNode {
		t.bad = true
		return nil
	}
	v, err := time.Parse(time.RFC3339, strings.TrimSpace(n.Value))
	if err != nil {
		t.bad = true
		return nil
	}
	t.Time = v.UTC()
	return nil
}

// Text is a string in a source file with the line it starts on.
type Text struct {
	S    string
	Line int
}

// UnmarshalYAML reads a string.
func (t *Text) UnmarshalYAML(n *yaml.Node) error {
	t.Line = n.Line
	if n.Kind != yaml.ScalarNode {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: expected a text, found a %s", n.Line, kindName(n))}}
	}
	t.S = n.Value
	return nil
}

// Texts is one text or a list of texts.
type Texts []Text

// UnmarshalYAML accepts a scalar or a sequence of scalars.
func (ts *Texts) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		if n.Tag == "!!null" {
			*ts = nil
			return nil
		}
		*ts = Texts{{S: n.Value, Line: n.Line}}
		return nil
	}
	var list []Text
	if err := n.Decode(&list); err != nil {
		return err
	}
	*ts = list
	return nil
}

// Strings returns the texts' strings.
func (ts Texts) Strings() []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.S
	}
	return out
}

// Captions are the caption variants per network, as written: each
// network's key with its line, and each variant with its own.
type Captions []NetworkCaptions

// NetworkCaptions are the variants written for one network key.
type NetworkCaptions struct {
	Network  string
	Line     int
	Variants []Text
}

// UnmarshalYAML reads a mapping of network to one text or a list.
func (c *Captions) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		if n.Tag == "!!null" {
			return nil
		}
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: captions: expected one key per network (x, linkedin, mastodon, bluesky), found a %s", n.Line, kindName(n))}}
	}
	var errs []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, value := n.Content[i], n.Content[i+1]
		var variants Texts
		if err := value.Decode(&variants); err != nil {
			errs = append(errs, typeErrors(err)...)
			continue
		}
		*c = append(*c, NetworkCaptions{Network: key.Value, Line: key.Line, Variants: variants})
	}
	if len(errs) > 0 {
		return &yaml.TypeError{Errors: errs}
	}
	return nil
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.AliasNode:
		return "alias"
	}
	return "value"
}

// yamlDoc is one YAML document read from a file, with the offset of its
// first line in the file.
type yamlDoc struct {
	file   string
	offset int // added to the YAML parser's line numbers
	root   *yaml.Node
}

// line returns the file's line for a line of the YAML text.
func (d yamlDoc) line(yamlLine int) int {
	if yamlLine == 0 {
		return 0
	}
	return yamlLine + d.offset
}

// parseYAML reads one YAML document, reporting a syntax error at its
// line. An empty document gives an empty mapping.
func parseYAML(c *collector, file string, data []byte, offset int) (yamlDoc, bool) {
	d := yamlDoc{file: file, offset: offset}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil && !errors.Is(err, io.EOF) {
		line, msg := yamlErrorLine(err)
		c.invalid(file, d.line(line), "invalid YAML: %s", msg)
		return d, false
	}
	var next yaml.Node
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		c.invalid(file, d.line(next.Line), `a second YAML document starts here ("---"); write one document`)
		return d, false
	}
	if len(root.Content) == 0 {
		root = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode, Tag: "!!map"}}}
	}
	if top := root.Content[0]; top.Kind != yaml.MappingNode {
		c.invalid(file, d.line(top.Line), "expected keys and values (key: value), found a %s", kindName(top))
		return d, false
	}
	d.root = &root
	return d, true
}

// decode decodes the document into v, reporting unknown keys and values
// of the wrong type, each at its line. It reports whether all went well.
func (d yamlDoc) decode(c *collector, v any) bool {
	ok := true
	for _, key := range unknownKeys(d.root, reflect.TypeOf(v)) {
		c.invalid(d.file, d.line(key.Line), "unknown key %q", key.Value)
		ok = false
	}
	if err := d.root.Decode(v); err != nil {
		for _, msg := range typeErrors(err) {
			line, text := yamlErrorLine(errors.New(msg))
			c.invalid(d.file, d.line(line), "%s", text)
		}
		ok = false
	}
	return ok
}

// keyLine returns the line of a top-level key, or the document's first
// line when the key is not there.
func (d yamlDoc) keyLine(key string) int {
	top := d.root.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == key {
			return d.line(top.Content[i].Line)
		}
	}
	return d.line(max(top.Line, 1))
}

// has reports whether the document sets a top-level key.
func (d yamlDoc) has(key string) bool {
	top := d.root.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == key {
			return true
		}
	}
	return false
}

var yamlLinePrefix = regexp.MustCompile(`^(?:yaml: )?line (\d+): `)

// yamlErrorLine splits a YAML library error into its line and a message
// in a publisher's words.
func yamlErrorLine(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLinePrefix.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	}
	return line, plainTypes.Replace(msg)
}

// plainTypes turns the Go types in the YAML library's messages into words.
var plainTypes = strings.NewReplacer(
	"into []publish.Text", "into a list of texts",
	"into publish.Texts", "into a text or a list of texts",
	"into []string", "into a list of texts",
	"into string", "into a text",
	"into bool", "into true or false",
	"into int", "into a whole number",
	"cannot unmarshal", "cannot read",
)

// typeErrors returns the messages of a decoding error, one per problem.
func typeErrors(err error) []string {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return te.Errors
	}
	return []string{err.Error()}
}

// sourceKeys checks a source file's keys: captions are keyed by network,
// which the item's check names.
var sourceKeys = yamlkeys.Types{Data: []reflect.Type{reflect.TypeOf(Captions{})}}

// unknownKeys returns the mapping keys under n that the Go type t has no
// field for.
func unknownKeys(n *yaml.Node, t reflect.Type) []*yaml.Node { return sourceKeys.Unknown(n, t) }
