package publish

import (
	"bytes"
	"embed"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/network"
)

//go:embed all:example
var example embed.FS

// Example returns the files of a working example source folder, by
// slash-separated name: bundle.yaml, a policy, three items and a draft, a
// picture and a news feed.
func Example() map[string][]byte {
	files := map[string][]byte{}
	sub, _ := fs.Sub(example, "example")
	_ = fs.WalkDir(sub, ".", func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files[name], _ = fs.ReadFile(sub, name)
		}
		return nil
	})
	files[ImagesDir+"/mover-2.png"] = examplePicture()
	return files
}

// examplePicture draws the example item's picture: a banner in two
// colours, the same bytes every time.
func examplePicture() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 640, 320))
	for y := range 320 {
		for x := range 640 {
			c := color.RGBA{0x1f, 0x4e, 0x79, 0xff}
			if (x/40+y/40)%2 == 0 && y > 220 {
				c = color.RGBA{0xf2, 0xa9, 0x00, 0xff}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img) // writing to memory does not fail
	return buf.Bytes()
}

// WriteFiles writes files (by slash-separated name) under dir, which must
// not exist yet or be empty; it never replaces a file.
func WriteFiles(dir string, files map[string][]byte) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("publish: %s is not empty; choose a new folder", dir)
	}
	return AddFiles(dir, files)
}

// AddFiles writes files (by slash-separated name) under dir, creating
// folders as needed; it never replaces a file that is there.
func AddFiles(dir string, files map[string][]byte) error {
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if !validName(name) {
			return fmt.Errorf("publish: %q is not a file name inside the folder", name)
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		_, err = f.Write(files[name])
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("publish: write %s: %w", p, err)
		}
	}
	return nil
}

// Unbuild turns a loaded bundle back into sources: bundle.yaml, the
// policy, one items/ID.md per item, the pictures and the news shipped in
// it. Building the result gives a bundle with the same content. It is how
// an existing bundle (the demo) moves to the source form.
func Unbuild(b *bundle.Bundle) (map[string][]byte, error) {
	m := b.Manifest
	files := map[string][]byte{}
	policyName := "policy.yaml"
	files[policyName] = b.Policy
	pictures := map[string]string{} // bundle name → source name
	source := func(name string) string {
		if name == "" || strings.Contains(name, "://") {
			return name
		}
		if s, ok := pictures[name]; ok {
			return s
		}
		s := ImagesDir + "/" + strings.TrimPrefix(name, picturesDir+"/")
		if !strings.HasPrefix(name, picturesDir+"/") {
			s = ImagesDir + "/" + strings.ReplaceAll(name, "/", "-")
		}
		pictures[name] = s
		if data, ok := b.Files[name]; ok {
			files[s] = data
		}
		return s
	}
	cfg := unbuiltConfig{Version: m.Version, Published: m.Published.UTC(), Audiences: m.Audiences, Policy: policyName,
		Archive: m.Archive, Suggestions: m.Suggestions}
	cfg.Org.Name, cfg.Org.Names, cfg.Org.Products, cfg.Org.Domains = m.Org.Name, m.Org.Names, m.Org.Products, m.Org.Domains
	if x := m.Networks.X; x.ConsumerKey != "" {
		cfg.Networks = &unbuiltNetworks{X: &unbuiltX{x.ConsumerKey, x.ConsumerSecret}}
	}
	if id := m.Networks.LinkedIn.ClientID; id != "" {
		if cfg.Networks == nil {
			cfg.Networks = &unbuiltNetworks{}
		}
		cfg.Networks.LinkedIn = &unbuiltLinkedIn{id}
	}
	for _, aud := range m.Audiences {
		for _, name := range m.Content[aud] {
			if t, ok := feedTitle(b.Files[name]); ok {
				if cfg.Feeds == nil {
					cfg.Feeds = map[string]FeedTitle{}
				}
				cfg.Feeds[aud] = t
			}
		}
	}
	for _, n := range b.News {
		cfg.News = append(cfg.News, unbuiltNews{Title: n.Feed.Title, URL: n.Feed.URL, Audience: n.Feed.Audience})
		if n.Data != nil {
			files[n.Feed.URL] = n.Data
		}
	}
	for _, it := range b.Content {
		cfg.Order = append(cfg.Order, it.ID)
		data, err := unbuildItem(it, source)
		if err != nil {
			return nil, err
		}
		name := itemFile(it.ID)
		if !validID(it.ID) {
			return nil, fmt.Errorf("publish: item id %q cannot name a file; rename it first", it.ID)
		}
		files[name] = data
	}
	data, err := marshalYAML(cfg)
	if err != nil {
		return nil, err
	}
	files[ConfigName] = append([]byte("# Sources of the organisation bundle; advocatectl bundle build writes the bundle.\n"), data...)
	return files, nil
}

func feedTitle(data []byte) (FeedTitle, bool) {
	var f struct {
		Title       string `json:"title"`
		HomePageURL string `json:"home_page_url"`
		FeedURL     string `json:"feed_url"`
	}
	if jsonUnmarshal(data, &f) != nil || f.Title == "" {
		return FeedTitle{}, false
	}
	return FeedTitle{f.Title, f.HomePageURL, f.FeedURL}, true
}

type unbuiltConfig struct {
	Org struct {
		Name     string   `yaml:"name"`
		Names    []string `yaml:"names,omitempty,flow"`
		Products []string `yaml:"products,omitempty,flow"`
		Domains  []string `yaml:"domains,omitempty,flow"`
	} `yaml:"org"`
	Version   string               `yaml:"version"`
	Published time.Time            `yaml:"published"`
	Audiences []string             `yaml:"audiences,flow"`
	Policy    string               `yaml:"policy"`
	Feeds     map[string]FeedTitle `yaml:"feeds,omitempty"`
	News      []unbuiltNews        `yaml:"news,omitempty"`
	Archive   string               `yaml:"archive,omitempty"`
	// Suggestions is where "Suggest a post" sends suggestions.
	Suggestions string           `yaml:"suggestions,omitempty"`
	Networks    *unbuiltNetworks `yaml:"networks,omitempty"`
	Order       []string         `yaml:"order,omitempty"`
}

type unbuiltNews struct {
	Title    string   `yaml:"title"`
	URL      string   `yaml:"url"`
	Audience []string `yaml:"audience,omitempty,flow"`
}

type unbuiltNetworks struct {
	X        *unbuiltX        `yaml:"x,omitempty"`
	LinkedIn *unbuiltLinkedIn `yaml:"linkedin,omitempty"`
}

type unbuiltX struct {
	ConsumerKey    string `yaml:"consumer_key"`
	ConsumerSecret string `yaml:"consumer_secret"`
}

type unbuiltLinkedIn struct {
	ClientID string `yaml:"client_id"`
}

type unbuiltFront struct {
	ID         string           `yaml:"id"`
	Title      string           `yaml:"title"`
	URL        string           `yaml:"url,omitempty"`
	Audience   []string         `yaml:"audience,flow"`
	Campaign   string           `yaml:"campaign,omitempty"`
	Topics     []string         `yaml:"topics,omitempty,flow"`
	Date       *time.Time       `yaml:"date,omitempty"`
	NotBefore  *time.Time       `yaml:"not_before,omitempty"`
	Expires    *time.Time       `yaml:"expires,omitempty"`
	Image      string           `yaml:"image,omitempty"`
	ShareImage string           `yaml:"share_image,omitempty"`
	Locked     []string         `yaml:"locked,omitempty"`
	Captions   *unbuiltCaptions `yaml:"captions,omitempty"`
}

type unbuiltCaptions struct {
	X        []string `yaml:"x,omitempty"`
	LinkedIn []string `yaml:"linkedin,omitempty"`
	Mastodon []string `yaml:"mastodon,omitempty"`
	Bluesky  []string `yaml:"bluesky,omitempty"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}

func unbuildItem(it bundle.Item, source func(string) string) ([]byte, error) {
	a := it.Advocacy
	f := unbuiltFront{ID: it.ID, Title: it.Title, URL: it.URL, Audience: a.Audience, Campaign: a.Campaign, Topics: it.Tags,
		NotBefore: timePtr(a.NotBefore), Expires: timePtr(a.Expires), Image: source(it.Image), ShareImage: source(a.Image), Locked: a.Locked}
	if !it.Published.IsZero() && !it.Published.Equal(a.NotBefore) {
		f.Date = timePtr(it.Published)
	}
	if len(a.Captions) > 0 {
		f.Captions = &unbuiltCaptions{X: a.Captions[network.X], LinkedIn: a.Captions[network.LinkedIn],
			Mastodon: a.Captions[network.Mastodon], Bluesky: a.Captions[network.Bluesky]}
	}
	front, err := marshalYAML(f)
	if err != nil {
		return nil, err
	}
	summary := it.Summary
	if summary == "" {
		summary = it.Text
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	b.Write(front)
	b.WriteString("---\n")
	if summary != "" {
		b.WriteString(EscapeMarkdown(summary))
		b.WriteString("\n")
	}
	return b.Bytes(), nil
}

func marshalYAML(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	return buf.Bytes(), nil
}

// EscapeMarkdown writes plain text as Markdown that renders back to the
// same text: characters Markdown would read as formatting are escaped,
// and each line break becomes a paragraph or hard break.
func EscapeMarkdown(s string) string {
	var b strings.Builder
	paragraphs := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n")
	for i, p := range paragraphs {
		if i > 0 {
			b.WriteString("\n\n")
		}
		lines := strings.Split(strings.TrimSpace(p), "\n")
		for j, line := range lines {
			if j > 0 {
				b.WriteString("\\\n")
			}
			b.WriteString(escapeLine(strings.TrimSpace(line)))
		}
	}
	return b.String()
}

func escapeLine(line string) string {
	var b strings.Builder
	for i, r := range line {
		switch {
		case strings.ContainsRune("\\`*_[]<>&!|~", r):
			b.WriteByte('\\')
		case i == 0 && strings.ContainsRune("#+-=>", r):
			b.WriteByte('\\')
		}
		b.WriteRune(r)
		if i == 0 && r >= '0' && r <= '9' {
			// "1. " or "1) " would start a list.
			rest := line[1:]
			k := strings.IndexFunc(rest, func(r rune) bool { return r < '0' || r > '9' })
			if k >= 0 && (rest[k] == '.' || rest[k] == ')') {
				b.WriteString(rest[:k])
				b.WriteByte('\\')
				b.WriteString(rest[k:])
				return b.String()
			}
		}
	}
	return b.String()
}
