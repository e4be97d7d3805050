package yamlkeys

import (
	"reflect"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"
)

type inner struct {
	Depth int `yaml:"depth"`
}

type labels map[string]string

type doc struct {
	Name   string           `yaml:"name"`
	Colour string           // yaml.v3 names it "colour"
	Skip   string           `yaml:"-"`
	hidden string           //lint:ignore U1000 an unexported field has no key
	Embed  inner            `yaml:",inline"`
	Items  []inner          `yaml:"items"`
	ByName map[string]inner `yaml:"by_name"`
	Labels labels           `yaml:"labels"`
	Later  yaml.Node        `yaml:"later"`
}

func TestUnknownNamesEveryMisspeltKeyAtItsLine(t *testing.T) {
	src := `name: a
colour: red
skip: no
hidden: no
depth: 1
items:
  - depth: 2
    deep: 3
by_name:
  x: {depht: 4}
labels: {anything: goes}
later: {depth: 1, width: 2}
`
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(src), &n); err != nil {
		t.Fatal(err)
	}
	ts := Types{As: map[reflect.Type]reflect.Type{reflect.TypeOf(yaml.Node{}): reflect.TypeOf(inner{})}, Data: []reflect.Type{reflect.TypeOf(labels{})}}
	var got []string
	var lines []int
	for _, k := range ts.Unknown(&n, reflect.TypeOf(doc{})) {
		got, lines = append(got, k.Value), append(lines, k.Line)
	}
	if want := []string{"skip", "hidden", "deep", "depht", "width"}; !slices.Equal(got, want) || !slices.Equal(lines, []int{3, 4, 8, 10, 12}) {
		t.Fatalf("unknown %v at lines %v", got, lines)
	}
}
