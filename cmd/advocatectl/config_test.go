package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/managed"
	"github.com/advocate-app/advocate/advocacy/store"
)

func TestConfigShowSaysWhatTheOrganisationSetAndWhere(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(managed.EnvConfigDir, dir)
	show := configShow(t, t.TempDir())
	if code, out, _ := show(); code != exitOK || !strings.Contains(out, "set nothing") || !strings.Contains(out, "(default)") {
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
	if v := got["news_refresh"]; v.From != managed.FromDefault || !strings.Contains(errs, "news_refresh") {
		t.Fatalf("a bad value was used, or not reported: %s / %s", out, errs)
	}
	if code, out, _ := show(); code != exitOK || !strings.Contains(out, "(managed)") || !strings.Contains(out, "https://advocacy.example.com/larkspur/") {
		t.Fatalf("text: exit %d\n%s", code, out)
	}
	if code, _, errs := show("extra"); code != exitUsage || strings.Count(errs, "\n") != 1 {
		t.Fatalf("an extra argument: exit %d, %q", code, errs)
	}
}

// configShow returns a runner of `advocatectl config show` on the data
// folder dataDir.
func configShow(t *testing.T, dataDir string) func(args ...string) (int, string, string) {
	return func(args ...string) (int, string, string) {
		t.Helper()
		var out, errw bytes.Buffer
		args = append([]string{"config", "show", "--data-dir", dataDir}, args...)
		code := run(context.Background(), args, strings.NewReader(""), &out, &errw)
		return code, out.String(), errw.String()
	}
}

// TestConfigShowSaysWhatTheUserChose: the choices kept in the data folder
// (sending the weekly figures, notifications, the role) are shown as the
// user's, under what the organisation enforces, and the database is only
// read.
func TestConfigShowSaysWhatTheUserChose(t *testing.T) {
	cfg := t.TempDir()
	t.Setenv(managed.EnvConfigDir, cfg)
	os.WriteFile(filepath.Join(cfg, "managed.json"), []byte(`{"role": "employee"}`), 0o600)
	data := t.TempDir()
	ctx := context.Background()
	st, err := store.Open(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{core.SettingMetricsAgree: "on", core.SettingNotify: "off", "role": "alumni"} {
		if err := st.SetSetting(ctx, k, v); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	before, _ := os.ReadFile(filepath.Join(data, store.FileName))
	code, out, errs := configShow(t, data)("--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got map[string]managed.Value
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for key, want := range map[string]managed.Value{
		"metrics":       {Value: true, From: managed.FromUser},
		"notifications": {Value: false, From: managed.FromUser},
		"role":          {Value: "employee", From: managed.FromManaged},
		"news_refresh":  {Value: "1h", From: managed.FromDefault},
	} {
		if got[key] != want {
			t.Errorf("%s = %+v, want %+v", key, got[key], want)
		}
	}
	if after, _ := os.ReadFile(filepath.Join(data, store.FileName)); !bytes.Equal(before, after) {
		t.Error("config show changed the database")
	}
	if code, out, _ := configShow(t, data)(); code != exitOK || !strings.Contains(out, "true  (user)") {
		t.Fatalf("text: exit %d\n%s", code, out)
	}
}
