package appinfo

import (
	"os"
	"regexp"
	"testing"
)

// TestFyneAppTomlAgrees keeps FyneApp.toml, which `fyne package` reads, in step
// with the constants the binaries use.
func TestFyneAppTomlAgrees(t *testing.T) {
	data, err := os.ReadFile("../../FyneApp.toml")
	if err != nil {
		t.Fatalf("read FyneApp.toml: %v", err)
	}
	want := map[string]string{"ID": ID, "Name": Name, "Version": Version}
	for key, value := range want {
		re := regexp.MustCompile(`(?m)^\s*` + key + `\s*=\s*"([^"]*)"`)
		m := re.FindSubmatch(data)
		if m == nil {
			t.Errorf("FyneApp.toml has no %s", key)
			continue
		}
		if string(m[1]) != value {
			t.Errorf("FyneApp.toml %s = %q, the code says %q", key, m[1], value)
		}
	}
}
