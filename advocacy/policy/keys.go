package policy

import (
	"reflect"

	"gopkg.in/yaml.v3"

	"github.com/advocate-app/advocate/advocacy/yamlkeys"
)

// keyTypes checks a policy's keys: rules decode from yaml.Node and are
// checked as Rule.
var keyTypes = yamlkeys.Types{As: map[reflect.Type]reflect.Type{reflect.TypeOf(yaml.Node{}): reflect.TypeOf(Rule{})}}

// unknownKeys returns the mapping keys under n that the Go type t has no
// field for, so that a misspelt key is reported instead of ignored.
func unknownKeys(n *yaml.Node, t reflect.Type) []*yaml.Node { return keyTypes.Unknown(n, t) }
