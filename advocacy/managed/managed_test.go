package managed

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/advocate-app/advocate/advocacy/signing"
)

// publicKey makes a fresh minisign public key file and returns it and its
// base64 line.
func publicKey(t *testing.T) (file, line string) {
	t.Helper()
	pub, _, err := signing.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	file = string(pub.MarshalText())
	lines := strings.Split(strings.TrimSpace(file), "\n")
	return file, lines[len(lines)-1]
}

func writeFile(t *testing.T, dir, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoadDirReadsBothTiers(t *testing.T) {
	dir := t.TempDir()
	_, key := publicKey(t)
	writeFile(t, dir, ManagedFile, `{
		"_comment": "set by IT",
		"bundle_url": "https://advocacy.example.com/bundle/",
		"publisher_keys": ["`+key+`"],
		"role": "Employee",
		"networks": ["linkedin", "X", "linkedin"],
		"metrics": false
	}`)
	writeFile(t, dir, RecommendedFile, `{"news_refresh": "4h", "notifications": true, "proxy": "system", "role": "alumni"}`)
	c := LoadDir(context.Background(), dir)
	if len(c.Problems) != 0 {
		t.Fatalf("problems: %v", c.Problems)
	}
	want := Tier{
		BundleURL:     "https://advocacy.example.com/bundle/",
		PublisherKeys: []string{key},
		Role:          "employee",
		Networks:      []string{"linkedin", "x"},
		Metrics:       false,
	}
	if !reflect.DeepEqual(c.Enforced, want) {
		t.Fatalf("enforced = %#v\nwant %#v", c.Enforced, want)
	}
	wantRec := Tier{NewsRefresh: "4h", Notifications: true, Proxy: "system", Role: "alumni"}
	if !reflect.DeepEqual(c.Recommended, wantRec) {
		t.Fatalf("recommended = %#v\nwant %#v", c.Recommended, wantRec)
	}
	if !c.Locked(BundleURL) || !c.Locked(Metrics) || c.Locked(NewsRefresh) || c.Locked(Proxy) {
		t.Fatal("Locked is wrong")
	}
	if v, enforced, ok := c.Get(Role); !ok || !enforced || v != "employee" {
		t.Fatalf("Get(role) = %v %v %v: the enforced tier must win over the recommended", v, enforced, ok)
	}
	if v, enforced, ok := c.Get(Proxy); !ok || enforced || v != "system" {
		t.Fatalf("Get(proxy) = %v %v %v", v, enforced, ok)
	}
	if c.EnforcedFrom != filepath.Join(dir, "managed.json") {
		t.Fatalf("EnforcedFrom = %s", c.EnforcedFrom)
	}
}

func TestNothingSetIsEmpty(t *testing.T) {
	c := LoadDir(context.Background(), filepath.Join(t.TempDir(), "absent"))
	if !c.Empty() || c.Locked(BundleURL) {
		t.Fatalf("a missing folder set something: %+v", c)
	}
	var nilConfig *Config
	if !nilConfig.Empty() || nilConfig.Locked(Role) {
		t.Fatal("a nil Config must be empty")
	}
}

func TestLoadHonoursConfigDir(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, ManagedFile, `{"bundle_url": "https://org.example/advocacy/"}`)
	t.Setenv(EnvConfigDir, dir)
	c := Load(context.Background())
	if got, _, _ := c.Get(BundleURL); got != "https://org.example/advocacy/" {
		t.Fatalf("Load with %s = %+v", EnvConfigDir, c)
	}
}

func TestCamelCaseNamesAreTheSameSettings(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, ManagedFile, `{"BundleURL": "https://a.example/", "NewsRefresh": 30, "Notifications": 0, "Networks": "mastodon, bluesky"}`)
	c := LoadDir(context.Background(), dir)
	want := Tier{BundleURL: "https://a.example/", NewsRefresh: "30m", Notifications: false, Networks: []string{"mastodon", "bluesky"}}
	if len(c.Problems) != 0 || !reflect.DeepEqual(c.Enforced, want) {
		t.Fatalf("enforced = %#v, problems %v", c.Enforced, c.Problems)
	}
	for _, k := range Keys {
		if back, ok := keyFor(k.CamelCase()); !ok || back != k {
			t.Errorf("%s: CamelCase %q does not lead back", k, k.CamelCase())
		}
	}
}

func TestEveryKeyAcceptsItsForms(t *testing.T) {
	file, line := publicKey(t)
	cases := []struct {
		key  Key
		raw  any
		want any
	}{
		{BundleURL, " https://b.example/x/ ", "https://b.example/x/"},
		{BundleURL, "demo", "demo"},
		{BundleURL, "/srv/advocacy/bundle", "/srv/advocacy/bundle"},
		{BundleURL, `\\fileserver\advocacy\bundle`, `\\fileserver\advocacy\bundle`},
		{PublisherKeys, file, []string{line}},
		{PublisherKeys, line + "\n" + line, []string{line}},
		{PublisherKeys, []string{line}, []string{line}},
		{Role, "ASK", "ask"},
		{Networks, []any{"bluesky"}, []string{"bluesky"}},
		{Networks, []any{}, []string{}},
		{Networks, "x;linkedin", []string{"x", "linkedin"}},
		{ArchiveURL, "https://archive.example/in", "https://archive.example/in"},
		{Metrics, true, true},
		{Metrics, uint64(1), true},
		{Metrics, "off", false},
		{NewsRefresh, "1h0m0s", "1h"},
		{NewsRefresh, "90m", "1h30m"},
		{NewsRefresh, "Manual", "manual"},
		{NewsRefresh, uint64(0), "manual"},
		{NewsRefresh, float64(240), "4h"},
		{Notifications, "enabled", true},
		{Proxy, "DIRECT", "direct"},
		{Proxy, "http://proxy.example:3128", "http://proxy.example:3128"},
		{Proxy, "socks5://127.0.0.1:1080", "socks5://127.0.0.1:1080"},
	}
	for _, c := range cases {
		got, err := normalise(c.key, c.raw)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %#v = %#v, %v; want %#v", c.key, c.raw, got, err, c.want)
		}
	}
}

func TestBadValuesAreIgnoredAndSaid(t *testing.T) {
	cases := []struct {
		key  Key
		raw  any
		says string
	}{
		{BundleURL, "ftp://b.example/", "not an https address"},
		{BundleURL, "relative/folder", "neither an https address nor a full folder path"},
		{BundleURL, 42.0, "must be text, not a number"},
		{BundleURL, "  ", "empty"},
		{PublisherKeys, "RWnotakey", "not a minisign public key"},
		{PublisherKeys, []any{}, "no key given"},
		{PublisherKeys, []any{1.0}, "list of text"},
		{Role, "manager", "not a role"},
		{Networks, []any{"myspace"}, "not a network"},
		{Networks, map[string]any{}, "must be a list, not an object"},
		{ArchiveURL, "http://archive.example/", "not an https address"},
		{Metrics, "maybe", "not true or false"},
		{Metrics, 2.0, "not 1 (on) or 0 (off)"},
		{Notifications, nil, "must be true or false, not null"},
		{NewsRefresh, "2m", "between 5 minutes and 24 hours"},
		{NewsRefresh, "soon", "not a duration"},
		{NewsRefresh, 2.5, "whole number of minutes"},
		{NewsRefresh, float64(3000), "whole number of minutes"},
		{Proxy, "proxy.example:8080", "not a proxy"},
		{Proxy, "ftp://proxy.example", "not a proxy"},
	}
	for _, c := range cases {
		if got, err := normalise(c.key, c.raw); err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s %#v = %#v, %v; want an error saying %q", c.key, c.raw, got, err, c.says)
		}
	}

	// In a file, a bad value is a Problem naming its key, and the rest
	// still applies.
	dir := t.TempDir()
	writeFile(t, dir, ManagedFile, `{"role": "manager", "bundle_ur": "https://x.example/", "metrics": true}`)
	c := LoadDir(context.Background(), dir)
	if !reflect.DeepEqual(c.Enforced, Tier{Metrics: true}) {
		t.Fatalf("enforced = %#v", c.Enforced)
	}
	if len(c.Problems) != 2 {
		t.Fatalf("problems = %v", c.Problems)
	}
	text := c.Problems[0].String() + "\n" + c.Problems[1].String()
	for _, want := range []string{`"bundle_ur" is not a setting Advocate knows`, "check the spelling", "managed.json: role: \"manager\" is not a role", "this setting is ignored"} {
		if !strings.Contains(text, want) {
			t.Errorf("problems %q do not say %q", text, want)
		}
	}
}

func TestCredentialsInAddressesAreRefusedUnsaid(t *testing.T) {
	for _, c := range []struct {
		key Key
		raw string
	}{
		{Proxy, "http://alice:hunter2-secret@proxy.example:8080"},
		{BundleURL, "https://alice:hunter2-secret@b.example/"},
		{ArchiveURL, "https://alice:hunter2-secret@a.example/"},
		{Proxy, "gopher://alice:hunter2-secret@proxy.example"},
	} {
		_, err := normalise(c.key, c.raw)
		if err == nil {
			t.Errorf("%s %q was accepted", c.key, c.raw)
			continue
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%s: the error repeats the password: %v", c.key, err)
		}
	}
}

func TestBrokenFilesSayWhatAndWhere(t *testing.T) {
	for _, c := range []struct{ text, says string }{
		{"{\n  \"role\": \"employee\",\n  \"metrics\": tru\n}", "is not valid JSON (line 3"},
		{`["bundle_url"]`, "must hold one JSON object"},
		{`null`, "not null"},
		{strings.Repeat(" ", maxFile+1), "larger than 1 MiB"},
	} {
		dir := t.TempDir()
		writeFile(t, dir, RecommendedFile, c.text)
		cfg := LoadDir(context.Background(), dir)
		if len(cfg.Problems) != 1 || !strings.Contains(cfg.Problems[0].Message, c.says) ||
			cfg.Problems[0].Where != filepath.Join(dir, RecommendedFile) || len(cfg.Recommended) != 0 {
			t.Errorf("%.40q: problems %v, recommended %v; want one saying %q", c.text, cfg.Problems, cfg.Recommended, c.says)
		}
	}
	// A BOM, as Notepad writes it, is fine; so is an empty file.
	dir := t.TempDir()
	writeFile(t, dir, ManagedFile, "\xef\xbb\xbf{\"role\": \"alumni\"}")
	writeFile(t, dir, RecommendedFile, "\n")
	if c := LoadDir(context.Background(), dir); len(c.Problems) != 0 || c.Enforced[Role] != "alumni" {
		t.Fatalf("BOM: %+v", c)
	}
}

func TestUnreadableFileIsAProblem(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ManagedFile), 0o755); err != nil { // a folder where the file should be
		t.Fatal(err)
	}
	c := LoadDir(context.Background(), dir)
	if len(c.Problems) != 1 || !strings.Contains(c.Problems[0].Message, "not applied") {
		t.Fatalf("problems = %v", c.Problems)
	}
}

func TestCancelledLoadSaysSo(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	writeFile(t, dir, ManagedFile, `{"role": "alumni"}`)
	c := LoadDir(ctx, dir)
	if c.Locked(Role) || len(c.Problems) == 0 {
		t.Fatalf("a cancelled load applied settings: %+v", c)
	}
}

func TestResolveOrder(t *testing.T) {
	c := &Config{
		Enforced:    Tier{BundleURL: "https://managed.example/"},
		Recommended: Tier{BundleURL: "https://recommended.example/", Role: "alumni", NewsRefresh: "4h", Metrics: true},
	}
	user := Tier{BundleURL: "https://user.example/", Role: "employee"}
	bundle := Tier{Metrics: false, Networks: []string{"x"}}
	defaults := Tier{NewsRefresh: "1h", Notifications: true, Networks: []string{"x", "linkedin", "mastodon", "bluesky"}}
	got := c.Resolve(user, bundle, defaults)
	want := map[Key]Value{
		BundleURL:     {"https://managed.example/", FromManaged},
		Role:          {"employee", FromUser},
		NewsRefresh:   {"4h", FromRecommended},
		Metrics:       {true, FromRecommended},
		Networks:      {[]string{"x"}, FromBundle},
		Notifications: {true, FromDefault},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Resolve =\n%#v\nwant\n%#v", got, want)
	}
	data, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"bundle_url":{"value":"https://managed.example/","from":"managed"}`) {
		t.Fatalf("JSON = %s", data)
	}
	var nilConfig *Config
	if got := nilConfig.Resolve(user, nil, nil); got[BundleURL].From != FromUser {
		t.Fatalf("nil config Resolve = %v", got)
	}
}

func TestStringOfValues(t *testing.T) {
	for _, c := range []struct {
		v    any
		want string
	}{{"a", "a"}, {[]string{"a", "b"}, "a\nb"}, {true, "true"}, {nil, ""}} {
		if got := String(c.v); got != c.want {
			t.Errorf("String(%#v) = %q", c.v, got)
		}
	}
	if d, err := RefreshDuration("manual"); err != nil || d != Manual {
		t.Fatalf("manual = %v %v", d, err)
	}
}

// TestThisComputer reads this computer's own places (not
// ADVOCATE_CONFIG_DIR). It runs only when the caller has put a policy there
// and says what to expect: scripts/windows/test.sh does, with `wine reg add`
// under HKLM\Software\Policies\Advocate (a NewsRefresh of 240 minutes in its
// Recommended subkey).
func TestThisComputer(t *testing.T) {
	wantURL, wantKey := os.Getenv("ADVOCATE_TEST_EXPECT_BUNDLE_URL"), os.Getenv("ADVOCATE_TEST_EXPECT_KEY")
	if wantURL == "" {
		t.Skip("set ADVOCATE_TEST_EXPECT_BUNDLE_URL (and _KEY) after setting this computer's policy")
	}
	t.Setenv(EnvConfigDir, "")
	c := Load(context.Background())
	if len(c.Problems) != 0 {
		t.Errorf("problems: %v", c.Problems)
	}
	if got, enforced, _ := c.Get(BundleURL); got != wantURL || !enforced {
		t.Errorf("bundle_url = %v (enforced %v), want %s enforced; read from %s", got, enforced, wantURL, c.EnforcedFrom)
	}
	if got := c.Enforced[PublisherKeys]; !reflect.DeepEqual(got, []string{wantKey}) {
		t.Errorf("publisher_keys = %v", got)
	}
	if got, enforced, _ := c.Get(NewsRefresh); got != "4h" || enforced {
		t.Errorf("news_refresh = %v (enforced %v), want 4h recommended", got, enforced)
	}
	t.Logf("enforced from %s: %v; recommended from %s: %v", c.EnforcedFrom, c.Enforced, c.RecommendedFrom, c.Recommended)
}

// TestShippedExamplesAndTemplatesAgree keeps the example files in the
// packages and the Group Policy templates in step with Keys.
func TestShippedExamplesAndTemplatesAgree(t *testing.T) {
	c := LoadDir(context.Background(), "../../packaging/managed")
	if len(c.Problems) != 0 || len(c.Enforced) == 0 || len(c.Recommended) == 0 {
		t.Fatalf("the examples in packaging/managed: %+v", c)
	}
	admx, err := os.ReadFile("../../packaging/windows/admx/Advocate.admx")
	if err != nil {
		t.Fatal(err)
	}
	adml, err := os.ReadFile("../../packaging/windows/admx/en-US/Advocate.adml")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range Keys {
		name := k.CamelCase()
		for _, want := range []string{`<policy name="` + name + `" `, `<policy name="` + name + `_Recommended" `} {
			if !strings.Contains(string(admx), want) {
				t.Errorf("Advocate.admx has no %s", want)
			}
		}
		if !strings.Contains(string(admx), `valueName="`+name+`"`) && !strings.Contains(string(admx), `\`+name+`" valuePrefix=""`) {
			t.Errorf("Advocate.admx writes no registry value or list named %s", name)
		}
		if !strings.Contains(string(adml), `<string id="`+name+`_Explain">`) {
			t.Errorf("Advocate.adml explains no %s", name)
		}
	}
}

func TestTextShowsEveryKeyAndItsSource(t *testing.T) {
	got := Text(map[Key]Value{
		BundleURL: {"https://b.example/", FromManaged},
		Networks:  {[]string{"x", "bluesky"}, FromRecommended},
		Role:      {"employee", FromDefault},
	})
	for _, want := range []string{"bundle_url     https://b.example/  (managed)\n", "networks       x, bluesky  (recommended)\n", "role           employee  (default)\n", "proxy          -  (unset)\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("Text lacks %q:\n%s", want, got)
		}
	}
	if n := strings.Count(got, "\n"); n != len(Keys) {
		t.Errorf("%d lines, want %d", n, len(Keys))
	}
}
