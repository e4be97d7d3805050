package policy

import (
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"
)

var ruleType = reflect.TypeOf(Rule{})

// unknownKeys returns the mapping keys under n that the Go type t has no
// field for, so that a misspelt key is reported instead of ignored. Rules
// decode from yaml.Node and are checked as Rule.
func unknownKeys(n *yaml.Node, t reflect.Type) []*yaml.Node {
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return nil
		}
		return unknownKeys(n.Content[0], t)
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == reflect.TypeOf(yaml.Node{}) {
		t = ruleType
	}
	var out []*yaml.Node
	switch {
	case n.Kind == yaml.MappingNode && t.Kind() == reflect.Struct:
		fields := yamlFields(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, value := n.Content[i], n.Content[i+1]
			ft, ok := fields[key.Value]
			if !ok {
				out = append(out, key)
				continue
			}
			out = append(out, unknownKeys(value, ft)...)
		}
	case n.Kind == yaml.MappingNode && t.Kind() == reflect.Map:
		for i := 1; i < len(n.Content); i += 2 {
			out = append(out, unknownKeys(n.Content[i], t.Elem())...)
		}
	case n.Kind == yaml.SequenceNode && t.Kind() == reflect.Slice:
		for _, item := range n.Content {
			out = append(out, unknownKeys(item, t.Elem())...)
		}
	}
	return out
}

// yamlFields maps a struct's YAML keys to field types, following inline
// fields.
func yamlFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		name, opts, _ := strings.Cut(tag, ",")
		switch {
		case name == "-":
		case strings.Contains(opts, "inline"):
			for k, v := range yamlFields(f.Type) {
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
