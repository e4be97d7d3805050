// Package yamlkeys finds the keys of a YAML document that the Go type it
// decodes into has no field for, so that a misspelt key is reported at its
// line instead of ignored. The policy and the publishing desk's sources
// both check their files with it.
package yamlkeys

import (
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"
)

// Types says how some types are checked.
type Types struct {
	// As maps a type to the one its keys are checked as (the policy keeps
	// its rules as yaml.Node and checks them as a Rule).
	As map[reflect.Type]reflect.Type
	// Data lists types whose mapping keys are data, not fields (checked,
	// if at all, by the type itself).
	Data []reflect.Type
}

// Unknown returns the mapping keys under n that the Go type t has no field
// for, in document order.
func (ts Types) Unknown(n *yaml.Node, t reflect.Type) []*yaml.Node {
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return nil
		}
		return ts.Unknown(n.Content[0], t)
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if as, ok := ts.As[t]; ok {
		t = as
	}
	var out []*yaml.Node
	switch {
	case n.Kind == yaml.MappingNode && ts.data(t):
	case n.Kind == yaml.MappingNode && t.Kind() == reflect.Struct:
		fields := Fields(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, value := n.Content[i], n.Content[i+1]
			ft, ok := fields[key.Value]
			if !ok {
				out = append(out, key)
				continue
			}
			out = append(out, ts.Unknown(value, ft)...)
		}
	case n.Kind == yaml.MappingNode && t.Kind() == reflect.Map:
		for i := 1; i < len(n.Content); i += 2 {
			out = append(out, ts.Unknown(n.Content[i], t.Elem())...)
		}
	case n.Kind == yaml.SequenceNode && t.Kind() == reflect.Slice:
		for _, item := range n.Content {
			out = append(out, ts.Unknown(item, t.Elem())...)
		}
	}
	return out
}

func (ts Types) data(t reflect.Type) bool {
	for _, d := range ts.Data {
		if d == t {
			return true
		}
	}
	return false
}

// Fields maps a struct's YAML keys to its fields' types, as yaml.v3 names
// them: the tag's name, else the field's name in lower case; inline
// fields' keys are the struct's own; unexported and "-" fields have none.
func Fields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		switch {
		case name == "-" || !f.IsExported():
		case strings.Contains(opts, "inline"):
			for k, v := range Fields(f.Type) {
				out[k] = v
			}
		case name != "":
			out[name] = f.Type
		default:
			out[strings.ToLower(f.Name)] = f.Type
		}
	}
	return out
}
