package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/advocate-app/advocate/advocacy/managed"
)

func TestConfigShowSaysWhatTheOrganisationSetAndWhere(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(managed.EnvConfigDir, dir)
	show := func(args ...string) (int, string, string) {
		var out, errw bytes.Buffer
		code := run(context.Background(), append([]string{"config", "show"}, args...), strings.NewReader(""), &out, &errw)
		return code, out.String(), errw.String()
	}
	if code, out, _ := show(); code != exitOK || !strings.Contains(out, "set nothing") {
		t.Fatalf("nothing set: exit %d, %q", code, out)
	}
	os.WriteFile(filepath.Join(dir, "managed.json"), []byte(`{"bundle_url": "https://advocacy.example.com/larkspur/", "news_refresh": "sometimes"}`), 0o600)
	os.WriteFile(filepath.Join(dir, "recommended.json"), []byte(`{"notifications": false}`), 0o600)
	code, out, errs := show("--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got map[string]managed.Value
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if v := got["bundle_url"]; v.Value != "https://advocacy.example.com/larkspur/" || v.From != managed.FromManaged {
		t.Fatalf("bundle_url %+v in %s", v, out)
	}
	if v := got["notifications"]; v.Value != false || v.From != managed.FromRecommended {
		t.Fatalf("notifications %+v", v)
	}
	if _, ok := got["news_refresh"]; ok || !strings.Contains(errs, "news_refresh") {
		t.Fatalf("a bad value was used, or not reported: %s / %s", out, errs)
	}
	if code, out, _ := show(); code != exitOK || !strings.Contains(out, "(managed)") || !strings.Contains(out, "https://advocacy.example.com/larkspur/") {
		t.Fatalf("text: exit %d\n%s", code, out)
	}
	if code, _, errs := show("extra"); code != exitUsage || strings.Count(errs, "\n") != 1 {
		t.Fatalf("an extra argument: exit %d, %q", code, errs)
	}
}
