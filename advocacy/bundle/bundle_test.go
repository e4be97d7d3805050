package bundle

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/signing"
	"github.com/advocate-app/advocate/assets"
)

var demoNow = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

func ids(items []Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

func TestDemoBundleLoads(t *testing.T) {
	b, err := Demo().Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if b.Manifest.Org.Name != "Larkspur Robotics" || b.Source != DemoRef {
		t.Fatalf("manifest = %+v, source %s", b.Manifest.Org, b.Source)
	}
	if !strings.Contains(string(b.Policy), "rules:") {
		t.Fatal("demo policy not read")
	}
	if len(b.News) != 3 {
		t.Fatalf("news feeds = %d, want 3", len(b.News))
	}
	for _, n := range b.News {
		if len(n.Data) == 0 {
			t.Errorf("news %s shipped without its file", n.Feed.Title)
		}
	}
	for _, name := range []string{ManifestName, "policy.yaml", "content/employee.json", "news/industry.atom"} {
		if _, ok := b.Files[name]; !ok {
			t.Errorf("Files lacks %s", name)
		}
	}
}

func TestShareableAppliesAudienceAndWindow(t *testing.T) {
	b, err := Demo().Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	emp := ids(b.Shareable(RoleEmployee, demoNow))
	want := []string{"atlas-3-launch", "hiring-winter-2026", "sustainability-2026", "roboexpo-berlin"}
	if !slices.Equal(emp, want) {
		t.Fatalf("employee items = %v, want %v", emp, want)
	}
	alu := ids(b.Shareable(RoleAlumni, demoNow))
	if !slices.Contains(alu, "alumni-reunion-2026") || slices.Contains(alu, "atlas-3-launch") {
		t.Fatalf("alumni items = %v", alu)
	}
	// The webinar opens on 1 December; the expo closes on 5 December.
	later := ids(b.Shareable(RoleEmployee, time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)))
	if !slices.Contains(later, "safety-webinar-q4") || slices.Contains(later, "roboexpo-berlin") {
		t.Fatalf("employee items on 6 Dec = %v", later)
	}
	if n := len(b.NewsFor(RoleEmployee)); n != 2 {
		t.Fatalf("employee news feeds = %d, want 2", n)
	}
	if n := len(b.NewsFor(RoleAlumni)); n != 3 {
		t.Fatalf("alumni news feeds = %d, want 3", n)
	}
}

func TestCaptionsFallBackToTitleAndLink(t *testing.T) {
	it := Item{Title: "Hello", URL: "https://larkspur.example/x",
		Advocacy: Advocacy{Captions: map[network.ID][]string{"x": {"one", "two"}}}}
	if got := it.Captions("x"); !slices.Equal(got, []string{"one", "two"}) {
		t.Fatalf("x captions = %v", got)
	}
	if got := it.Captions("bluesky"); !slices.Equal(got, []string{"Hello https://larkspur.example/x"}) {
		t.Fatalf("fallback caption = %v", got)
	}
}

// copyDemo writes the demo bundle to a folder a test may change.
func copyDemo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, assets.DemoBundle()); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestFolderSourceAndItsErrors(t *testing.T) {
	ctx := context.Background()
	dir := copyDemo(t)
	src, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := src.Load(ctx); err != nil || b.Source != dir {
		t.Fatalf("load folder: %v", err)
	}
	if src, err := Open(filepath.Join(dir, ManifestName)); err != nil || src.String() != dir {
		t.Fatalf("Open(manifest path) = %v, %v", src, err)
	}

	cases := []struct {
		name, file, content, want string
	}{
		{"broken JSON names the line", ManifestName, "{\n  \"format\": 1,\n  \"org\": {\n}", "manifest.json:4: invalid JSON"},
		{"wrong type names the field", ManifestName, `{"format": "one"}`, "format should be int"},
		{"missing fields are listed", ManifestName, `{"format": 1}`, "org.name is missing"},
		{"unknown audience", ManifestName, `{"format":1,"org":{"name":"A"},"version":"1","policy":"policy.yaml","audiences":["contractor"]}`, `audience "contractor" is unknown`},
		{"escaping path", ManifestName, `{"format":1,"org":{"name":"A"},"version":"1","policy":"../policy.yaml","audiences":["employee"]}`, "not a file name inside the bundle"},
		{"not a JSON feed", "content/alumni.json", `{"version":"1.0","items":[]}`, "not a JSON Feed"},
		{"item without audience", "content/alumni.json", `{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"a","title":"T"}]}`, `item "a" has no _advocacy.audience`},
		{"expires before not-before", "content/alumni.json", `{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"a","title":"T","_advocacy":{"audience":["alumni"],"not_before":"2026-02-01T00:00:00Z","expires":"2026-01-01T00:00:00Z"}}]}`, "expires before it may be shared"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := copyDemo(t)
			if err := os.WriteFile(filepath.Join(dir, c.file), []byte(c.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Dir(dir).Load(ctx)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Load = %v, want an error containing %q", err, c.want)
			}
		})
	}

	t.Run("missing file is named", func(t *testing.T) {
		dir := copyDemo(t)
		os.Remove(filepath.Join(dir, "news", "industry.atom"))
		_, err := Dir(dir).Load(ctx)
		if err == nil || !strings.Contains(err.Error(), "news/industry.atom is missing") {
			t.Fatalf("Load = %v", err)
		}
	})
	t.Run("oversized file is refused", func(t *testing.T) {
		dir := copyDemo(t)
		big := make([]byte, MaxFileSize+10)
		os.WriteFile(filepath.Join(dir, "policy.yaml"), big, 0o600)
		_, err := Dir(dir).Load(ctx)
		if err == nil || !strings.Contains(err.Error(), "larger than") {
			t.Fatalf("Load = %v", err)
		}
	})
	if _, err := Open(filepath.Join(dir, "nope")); err == nil || !strings.Contains(err.Error(), "no folder") {
		t.Fatalf("Open(missing) = %v", err)
	}
}

func TestHTTPSource(t *testing.T) {
	ctx := context.Background()
	dir := copyDemo(t)
	var agents []string
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		agents = append(agents, r.UserAgent())
		http.StripPrefix("/org/", http.FileServer(http.Dir(dir))).ServeHTTP(w, r)
	}))
	defer srv.Close()

	for _, addr := range []string{srv.URL + "/org", srv.URL + "/org/", srv.URL + "/org/manifest.json"} {
		src, err := NewHTTPSource(addr, srv.Client())
		if err != nil {
			t.Fatal(err)
		}
		b, err := src.Load(ctx)
		if err != nil {
			t.Fatalf("Load(%s): %v", addr, err)
		}
		if b.Manifest.Version != "2026.11.2" || len(b.Content) != 9 {
			t.Fatalf("Load(%s) = version %s, %d items", addr, b.Manifest.Version, len(b.Content))
		}
	}
	if !strings.HasPrefix(agents[0], "Advocate/") {
		t.Fatalf("User-Agent = %q", agents[0])
	}

	os.Remove(filepath.Join(dir, "content", "employee.json"))
	src, _ := NewHTTPSource(srv.URL+"/org/", srv.Client())
	if _, err := src.Load(ctx); err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("Load with a missing file = %v", err)
	}
	srv.Close()
	if _, err := src.Load(ctx); err == nil || !strings.Contains(err.Error(), "check the address") {
		t.Fatalf("Load from a stopped server = %v", err)
	}
}

func TestHTTPSourceRefusesPlainHTTPOffThisMachine(t *testing.T) {
	if _, err := Open("http://bundles.larkspur.example/"); err == nil || !strings.Contains(err.Error(), "must use https") {
		t.Fatalf("Open(http remote) = %v", err)
	}
	if _, err := Open("ftp://larkspur.example/"); err == nil {
		t.Fatal("ftp accepted")
	}
	if _, err := Open("http://127.0.0.1:8080/bundle"); err != nil {
		t.Fatalf("loopback http refused: %v", err)
	}
}

func TestDemoBundleIsSigned(t *testing.T) {
	b, err := LoadDemo(context.Background())
	if err != nil {
		t.Fatalf("the demo bundle does not verify (run make demo after changing assets/demo/src): %v", err)
	}
	if !b.Verified || b.KeyID != DemoKey().KeyID() {
		t.Fatalf("verified %v by %s", b.Verified, b.KeyID)
	}
}

func TestSignatureFailuresNameTheFile(t *testing.T) {
	ctx := context.Background()
	other, _, _ := signing.GenerateKey(nil)
	cases := map[string]struct {
		change func(dir string)
		key    *signing.PublicKey
		want   string
	}{
		"tampered byte": {func(dir string) {
			p := filepath.Join(dir, "policy.yaml")
			data, _ := os.ReadFile(p)
			data[10] ^= 1
			os.WriteFile(p, data, 0o600)
		}, DemoKey(), "policy.yaml does not match its signature"},
		"missing signature": {func(dir string) {
			os.Remove(filepath.Join(dir, "news", "alumni.json.minisig"))
		}, DemoKey(), "news/alumni.json is not signed"},
		"other key": {func(string) {}, other, "manifest.json was signed with another key"},
		"no key":    {func(string) {}, nil, "no publisher key is configured"},
		"garbled signature": {func(dir string) {
			os.WriteFile(filepath.Join(dir, "manifest.json.minisig"), []byte("nonsense"), 0o600)
		}, DemoKey(), "manifest.json.minisig: signing: not a minisign signature"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			dir := copyDemo(t)
			c.change(dir)
			_, err := LoadVerified(ctx, Dir(dir), c.key)
			if !errors.Is(err, ErrNotVerified) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("LoadVerified = %v, want %q", err, c.want)
			}
		})
	}
}

func TestHTTPBundleVerifies(t *testing.T) {
	dir := copyDemo(t)
	srv := httptest.NewTLSServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	src, _ := NewHTTPSource(srv.URL, srv.Client())
	if _, err := LoadVerified(context.Background(), src, DemoKey()); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "policy.yaml.minisig"))
	if _, err := LoadVerified(context.Background(), src, DemoKey()); err == nil || !strings.Contains(err.Error(), "policy.yaml is not signed") {
		t.Fatalf("unsigned file over https: %v", err)
	}
}

func TestKeptCopyReloadsAndIsCheckedAgain(t *testing.T) {
	ctx := context.Background()
	b, err := LoadDemo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	raw := b.Raw()
	if len(raw) != 2*len(b.Files) {
		t.Fatalf("raw has %d files for %d", len(raw), len(b.Files))
	}
	again, err := LoadVerified(ctx, Cached("demo", raw, ""), DemoKey())
	if err != nil || !again.FromCache || again.Manifest.Version != b.Manifest.Version {
		t.Fatalf("reload from the kept copy: %v", err)
	}
	raw["policy.yaml"] = append([]byte("# changed\n"), raw["policy.yaml"]...)
	if _, err := LoadVerified(ctx, Cached("demo", raw, ""), DemoKey()); !errors.Is(err, ErrNotVerified) {
		t.Fatalf("a changed kept copy: %v", err)
	}
}
