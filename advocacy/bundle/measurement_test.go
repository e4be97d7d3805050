package bundle

import (
	"context"
	"testing"
)

func TestMeasurementIsReadFromOldAndNewManifests(t *testing.T) {
	const head = `{"format":1,"org":{"name":"Acme"},"version":"1","policy":"policy.yaml","audiences":["employee"]`
	cases := []struct {
		name, json, endpoint string
		x                    bool
	}{
		{"none", head + `}`, "", false},
		{"old metrics", head + `,"metrics":"https://m.example.com/old"}`, "https://m.example.com/old", false},
		{"old x switch", head + `,"measurement":{"x":true}}`, "", true},
		{"new", head + `,"metrics":"https://m.example.com/old","measurement":{"endpoint":"https://m.example.com/new","x":true,"clicks":"Matomo"}}`, "https://m.example.com/new", true},
	}
	for _, tc := range cases {
		m, err := ParseManifest([]byte(tc.json))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := m.MetricsEndpoint(); got != tc.endpoint {
			t.Errorf("%s: endpoint %q, want %q", tc.name, got, tc.endpoint)
		}
		if m.Measurement.X != tc.x {
			t.Errorf("%s: x %v, want %v", tc.name, m.Measurement.X, tc.x)
		}
	}
}

func TestTheDemoManifestNamesNoMetricsEndpoint(t *testing.T) {
	b, err := LoadDemo(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if e := b.Manifest.MetricsEndpoint(); e != "" || b.Manifest.Measurement.X {
		t.Fatalf("the demo sends aggregates to %q (x %v)", e, b.Manifest.Measurement.X)
	}
}
