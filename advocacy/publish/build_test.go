package publish

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/signing"
)

// exampleDir writes the example sources to a new folder, with edits:
// each edit replaces old by new in a file ("" old appends; a nil new
// removes the file).
func exampleDir(t testing.TB, edits ...edit) string {
	t.Helper()
	dir := t.TempDir()
	if err := WriteFiles(dir, Example()); err != nil {
		t.Fatal(err)
	}
	for _, e := range edits {
		p := filepath.Join(dir, filepath.FromSlash(e.file))
		if e.remove {
			os.Remove(p)
			continue
		}
		data, _ := os.ReadFile(p)
		if e.old != "" && !bytes.Contains(data, []byte(e.old)) {
			t.Fatalf("%s has no %q", e.file, e.old)
		}
		if e.old == "" {
			data = append(data, e.new...)
		} else {
			data = bytes.Replace(data, []byte(e.old), []byte(e.new), 1)
		}
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

type edit struct {
	file, old, new string
	remove         bool
}

func buildDir(t testing.TB, dir string) (*Output, error) {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	return Build(context.Background(), root.FS())
}

func newKey(t testing.TB) *signing.SecretKey {
	t.Helper()
	_, sec, err := signing.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	return sec
}

func TestBuildExampleLoadsAndVerifies(t *testing.T) {
	sec := newKey(t)
	for _, tc := range []struct {
		name  string
		edits []edit
		items map[string]int // items per audience
	}{
		{"example as written", nil, map[string]int{"employee": 2, "alumni": 1}},
		{"draft published", []edit{{file: "items/draft-idea.md", old: "draft: true\n", new: ""}}, map[string]int{"employee": 3, "alumni": 1}},
		{"an item for both audiences", []edit{{file: "items/hiring.md", old: "audience: [employee]", new: "audience: [employee, alumni]"}}, map[string]int{"employee": 2, "alumni": 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := exampleDir(t, tc.edits...)
			out, err := buildDir(t, dir)
			if err != nil {
				t.Fatal(err)
			}
			if err := out.Sign(sec); err != nil {
				t.Fatal(err)
			}
			target := filepath.Join(t.TempDir(), "bundle")
			if err := out.WriteBundle(target); err != nil {
				t.Fatal(err)
			}
			b, err := bundle.LoadVerified(context.Background(), bundle.Dir(target), sec.Public())
			if err != nil {
				t.Fatalf("the built bundle does not load: %v", err)
			}
			for aud, n := range tc.items {
				got := 0
				for _, it := range b.Content {
					if it.For(aud) {
						got++
					}
				}
				if got != n {
					t.Errorf("%s: %d items, want %d", aud, got, n)
				}
			}
			if b.Manifest.Version != "2026.12.1" || len(b.News) != 1 || b.News[0].Data == nil {
				t.Errorf("manifest: %+v", b.Manifest)
			}
			it := b.Content[0]
			if it.ID != "mover-2" || it.Image != "content/images/mover-2.png" || !strings.Contains(it.Summary, "twice the load") {
				t.Errorf("first item: %+v", it)
			}
			if _, ok := b.Picture(it); !ok {
				t.Error("the picture is not in the bundle")
			}
		})
	}
}

func TestBuildIsByteIdentical(t *testing.T) {
	sec := newKey(t)
	dir := exampleDir(t)
	var first map[string][]byte
	for range 3 {
		out, err := buildDir(t, dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := out.Sign(sec); err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = out.Files
			continue
		}
		if len(out.Files) != len(first) {
			t.Fatalf("%d files, then %d", len(first), len(out.Files))
		}
		for name, data := range out.Files {
			if !bytes.Equal(data, first[name]) {
				t.Errorf("%s differs between two builds of the same sources", name)
			}
		}
	}
}

func TestWriteBundleReplacesOnlyABundle(t *testing.T) {
	out, err := buildDir(t, exampleDir(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		prepare func(dir string)
		wantErr error
	}{
		{"new folder", func(string) {}, nil},
		{"empty folder", func(dir string) { os.Mkdir(dir, 0o755) }, nil},
		{"an older bundle", func(dir string) {
			os.Mkdir(dir, 0o755)
			os.WriteFile(filepath.Join(dir, bundle.ManifestName), []byte("{}"), 0o644)
			os.WriteFile(filepath.Join(dir, "stale.json"), []byte("{}"), 0o644)
		}, nil},
		{"someone's files", func(dir string) {
			os.Mkdir(dir, 0o755)
			os.WriteFile(filepath.Join(dir, "thesis.odt"), []byte("mine"), 0o644)
		}, ErrNotBundleFolder},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			tc.prepare(dir)
			err := out.WriteBundle(dir)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if tc.wantErr != nil {
				if _, err := os.Stat(filepath.Join(dir, "thesis.odt")); err != nil {
					t.Fatal("the folder's own file is gone")
				}
				return
			}
			if _, err := os.Stat(filepath.Join(dir, "stale.json")); err == nil {
				t.Error("a file of the older bundle is left")
			}
			if _, err := bundle.Dir(dir).Load(context.Background()); err != nil {
				t.Error(err)
			}
			entries, _ := os.ReadDir(filepath.Dir(dir))
			if len(entries) != 1 {
				t.Errorf("left beside the bundle: %v", entries)
			}
		})
	}
}

// bigPNG is a picture larger than the app accepts on a side.
func bigPNG() []byte {
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 5000, 1)))
	return buf.Bytes()
}

func TestBuildProblems(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edits []edit
		kind  Kind
		want  error
		where string // file:line of the problem
		words string // in its message
	}{
		{"card number in a caption", []edit{{file: "items/hiring.md", old: "25 open roles", new: "25 open roles, card 4111 1111 1111 1111,"}},
			Blocked, ErrBlocked, "items/hiring.md:12", "pii-payment-card"},
		{"card number in a multi-line caption", []edit{{file: "items/mover-2.md", old: "What I like most", new: "Pay with 4111 1111 1111 1111. What I like most"}},
			Blocked, ErrBlocked, "items/mover-2.md:18", `"4111 1111 1111 1111"`},
		{"unknown key", []edit{{file: "items/hiring.md", old: "campaign: winter-hiring", new: "campaign: winter-hiring\ncolour: blue"}},
			Invalid, ErrInvalid, "items/hiring.md:7", `unknown key "colour"`},
		{"bad time", []edit{{file: "items/hiring.md", old: "expires: 2027-02-28T23:59:00Z", new: "expires: 28/02/2027"}},
			Invalid, ErrInvalid, "items/hiring.md:9", `expires: "28/02/2027" is not an RFC 3339 time`},
		{"expires before not_before", []edit{{file: "items/hiring.md", old: "expires: 2027-02-28T23:59:00Z", new: "expires: 2026-11-01T00:00:00Z"}},
			Invalid, ErrInvalid, "items/hiring.md:9", "is not after not_before"},
		{"missing image", []edit{{file: "items/hiring.md", old: "topics: [careers]", new: "topics: [careers]\nimage: images/team.png"}},
			Invalid, ErrInvalid, "items/hiring.md:8", "images/team.png is missing"},
		{"image too large", []edit{{file: "items/hiring.md", old: "topics: [careers]", new: "topics: [careers]\nimage: images/big.png"}, {file: "images/big.png", new: string(bigPNG())}},
			Invalid, ErrInvalid, "items/hiring.md:8", "at most 4096 on a side"},
		{"image outside the images folder", []edit{{file: "items/hiring.md", old: "topics: [careers]", new: "topics: [careers]\nimage: ../org.key"}},
			Invalid, ErrInvalid, "items/hiring.md:8", "pictures are files in the images folder"},
		{"audience unknown", []edit{{file: "items/hiring.md", old: "audience: [employee]", new: "audience: [employee, contractors]"}},
			Invalid, ErrInvalid, "items/hiring.md:5", `audience "contractors" is unknown`},
		{"network unknown", []edit{{file: "items/hiring.md", old: "  linkedin:", new: "  myspace: [\"hi\"]\n  linkedin:"}},
			Invalid, ErrInvalid, "items/hiring.md:13", `"myspace" is not a network`},
		{"internal link", []edit{{file: "items/hiring.md", old: "url: https://robotics.example/careers", new: "url: http://wiki.robotics.example/careers"}},
			Invalid, ErrInvalid, "items/hiring.md:4", "an internal address"},
		{"private address in a caption", []edit{{file: "items/hiring.md", old: "and software. https://robotics.example/careers", new: "and software. http://10.1.2.3/careers"}},
			Invalid, ErrInvalid, "items/hiring.md:12", "an internal address"},
		{"shortener is not UTM-taggable", []edit{{file: "items/hiring.md", old: "and software. https://robotics.example/careers", new: "and software. https://bit.ly/3xyz"}},
			Warning, nil, "items/hiring.md:12", "will not carry UTM tags"},
		{"warning from the policy", []edit{{file: "items/alumni-meetup.md", old: "Come along!", new: "Come along! I work at Example Robotics again."}},
			Warning, nil, "items/alumni-meetup.md:12", "alumni-not-current"},
		{"blocked only in a quiet period", nil, Warning, nil, "items/mover-2.md:15", "blocked from 2027-03-15T00:00:00Z until 2027-04-20T00:00:00Z by quiet-period"},
		{"no front matter", []edit{{file: "items/hiring.md", old: "---\nid: hiring", new: "id: hiring"}},
			Invalid, ErrInvalid, "items/hiring.md:1", "starts with its front matter"},
		{"front matter not YAML", []edit{{file: "items/hiring.md", old: "campaign: winter-hiring", new: "campaign: [winter"}},
			Invalid, ErrInvalid, "items/hiring.md:", "invalid YAML"},
		{"duplicate id", []edit{{file: "items/hiring2.md", new: "---\nid: hiring\ntitle: Again\naudience: [employee]\n---\n"}},
			Invalid, ErrInvalid, "items/hiring2.md:2", `id "hiring" is already used`},
		{"missing published", []edit{{file: "bundle.yaml", old: "published: 2026-12-01T09:00:00Z", new: ""}},
			Invalid, ErrInvalid, "bundle.yaml:", "published is missing"},
		{"unknown key in bundle.yaml", []edit{{file: "bundle.yaml", old: "audiences: [employee, alumni]", new: "audiences: [employee, alumni]\naudiance: [alumni]"}},
			Invalid, ErrInvalid, "bundle.yaml:15", `unknown key "audiance"`},
		{"news file missing", []edit{{file: "news/newsroom.xml", remove: true}},
			Invalid, ErrInvalid, "bundle.yaml:25", "news/newsroom.xml is missing"},
		{"news named like the bundle's own files", []edit{{file: "bundle.yaml", old: "url: news/newsroom.xml", new: "url: content/employee.json"}},
			Invalid, ErrInvalid, "bundle.yaml:25", "the bundle uses that name itself"},
		{"too long for X, the policy blocking it", []edit{{file: "items/hiring.md", old: "25 open roles", new: "25 open roles" + strings.Repeat(" and more", 30)}},
			Blocked, ErrBlocked, "items/hiring.md:12", "blocked by length"},
		{"too long for X, without a length rule", []edit{{file: "items/hiring.md", old: "25 open roles", new: "25 open roles" + strings.Repeat(" and more", 30)},
			{file: "policy.yaml", old: "    detector: network_length", new: "    pattern: NEVERMATCHES"}},
			Invalid, ErrInvalid, "items/hiring.md:12", "of 280 characters on X, with its locked text"},
		{"news elsewhere on an internal host", []edit{{file: "bundle.yaml", old: "url: news/newsroom.xml", new: "url: https://intranet/news.xml"}},
			Invalid, ErrInvalid, "bundle.yaml:25", "an internal address"},
		{"a rule's example fails", []edit{{file: "policy.yaml", old: `pass: ["Our public roadmap is on the website"]`, new: `pass: ["Our confidential roadmap"]`}},
			Invalid, ErrInvalid, "policy.yaml:", `rule confidential-markers: "Our confidential roadmap" should pass`},
		{"policy does not load", []edit{{file: "policy.yaml", old: "    detector: payment_card", new: "    detector: payment_cards"}},
			Invalid, ErrInvalid, "policy.yaml:", "payment_cards"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := exampleDir(t, tc.edits...)
			out, err := buildDir(t, dir)
			var problems Problems
			var be *BuildError
			switch {
			case tc.want == nil && err != nil:
				t.Fatalf("build failed: %v", err)
			case tc.want == nil:
				problems = out.Problems
			case !errors.Is(err, tc.want) || !errors.As(err, &be):
				t.Fatalf("err = %v, want %v", err, tc.want)
			default:
				problems = be.Problems
			}
			for _, p := range problems {
				if p.Kind == tc.kind && strings.HasPrefix(p.String(), tc.where) && strings.Contains(p.Message, tc.words) {
					return
				}
			}
			t.Errorf("no %s at %s with %q in:\n%v", tc.kind, tc.where, tc.words, problems)
		})
	}
}
