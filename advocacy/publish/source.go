package publish

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/policy"
)

// Names in a source folder.
const (
	ConfigName = "bundle.yaml"
	ItemsDir   = "items"
	ImagesDir  = "images"
)

// Limits on what is read from a source folder.
const (
	maxConfig  = 1 << 20
	maxItem    = 1 << 20
	maxPolicy  = 4 << 20
	maxItems   = 20000
	maxImage   = 2 << 20 // as the app accepts
	maxImgSide = 4096
)

// Config is bundle.yaml: the organisation, the version, the audiences and
// everything the manifest says besides the files.
type Config struct {
	Org struct {
		Name     string   `yaml:"name"`
		Names    []string `yaml:"names"`
		Products []string `yaml:"products"`
		Domains  []string `yaml:"domains"`
	} `yaml:"org"`
	Version   string               `yaml:"version"`
	Published Time                 `yaml:"published"`
	Audiences []string             `yaml:"audiences"`
	Policy    string               `yaml:"policy"`
	Feeds     map[string]FeedTitle `yaml:"feeds"`
	News      []struct {
		Title    string   `yaml:"title"`
		URL      Text     `yaml:"url"`
		Audience []string `yaml:"audience"`
	} `yaml:"news"`
	Archive     string `yaml:"archive"`
	Metrics     string `yaml:"metrics"`
	Suggestions string `yaml:"suggestions"`
	Networks    struct {
		X struct {
			ConsumerKey    string `yaml:"consumer_key"`
			ConsumerSecret string `yaml:"consumer_secret"`
		} `yaml:"x"`
		LinkedIn struct {
			ClientID string `yaml:"client_id"`
		} `yaml:"linkedin"`
	} `yaml:"networks"`
	// Order lists item ids to come first in the feeds, in this order; the
	// others follow in file-name order.
	Order []string `yaml:"order"`
}

// FeedTitle is what an audience's content feed says about itself.
type FeedTitle struct {
	Title       string `yaml:"title"`
	HomePageURL string `yaml:"home_page_url"`
	FeedURL     string `yaml:"feed_url"`
}

// FrontMatter is an item's YAML front matter.
type FrontMatter struct {
	ID         Text     `yaml:"id"`
	Title      string   `yaml:"title"`
	URL        Text     `yaml:"url"`
	Audience   Texts    `yaml:"audience"`
	Campaign   string   `yaml:"campaign"`
	Topics     []string `yaml:"topics"`
	Date       Time     `yaml:"date"`
	NotBefore  Time     `yaml:"not_before"`
	Expires    Time     `yaml:"expires"`
	Image      Text     `yaml:"image"`
	ShareImage Text     `yaml:"share_image"`
	Locked     Texts    `yaml:"locked"`
	Captions   Captions `yaml:"captions"`
	Draft      bool     `yaml:"draft"`
}

// SourceItem is one approved item as read from items/NAME.md.
type SourceItem struct {
	File    string // items/NAME.md
	Front   FrontMatter
	Summary string // the Markdown after the front matter
	// BodyLine is the file's line where the summary starts.
	BodyLine int
	doc      yamlDoc
}

// Source is a whole source folder, read.
type Source struct {
	Config     Config
	PolicyFile string
	PolicyData []byte
	Engine     *policy.Engine
	Items      []*SourceItem
	// Files are the files copied into the bundle as they are (pictures
	// and news), by their name in the source folder.
	Files map[string][]byte
	// Drafts are the items left out because their front matter says
	// draft: true.
	Drafts []string
	// draftURLs are the links of the drafts, which suggestions are not
	// imported again for.
	draftURLs []string
	config    yamlDoc
}

// Read reads and checks a source folder. It returns the source and every
// problem found; the source is nil when it cannot be built at all.
func Read(fsys fs.FS) (*Source, Problems) {
	c := &collector{}
	s := read(c, fsys)
	c.problems.sort()
	return s, c.problems
}

func read(c *collector, fsys fs.FS) *Source {
	s := &Source{Files: map[string][]byte{}}
	data, ok := readSource(c, fsys, ConfigName, maxConfig)
	if !ok {
		return nil
	}
	doc, ok := parseYAML(c, ConfigName, data, 0)
	if !ok {
		return nil
	}
	s.config = doc
	// What decodes is checked even when some keys are wrong, so that
	// every problem is reported at once.
	doc.decode(c, &s.Config)
	s.checkConfig(c, fsys)
	s.readPolicy(c, fsys)
	s.readItems(c, fsys)
	return s
}

// readSource reads one file of the source folder: a regular file of at
// most limit bytes.
func readSource(c *collector, fsys fs.FS, name string, limit int64) ([]byte, bool) {
	data, err := readRegular(fsys, name, limit)
	if err != nil {
		c.invalid(name, 0, "%v", err)
		return nil, false
	}
	return data, true
}

// missingError is a file that is not there; it matches fs.ErrNotExist.
type missingError struct{ name string }

func (e *missingError) Error() string { return e.name + " is missing" }
func (e *missingError) Unwrap() error { return fs.ErrNotExist }

// linkError is a symbolic link that leads out of the source folder or
// nowhere; it matches errNotRegular.
type linkError struct{ name string }

func (e *linkError) Error() string {
	return e.name + " is a link that leads out of the source folder, or nowhere; put the file itself in the folder"
}
func (e *linkError) Unwrap() error { return errNotRegular }

// errNotRegular is wrapped by the refusal of a folder, pipe or device.
var errNotRegular = errors.New("not a regular file")

// readRegular reads name from fsys when it is a regular file of at most
// limit bytes (checked before it is opened, since opening a pipe waits for
// a writer, and again as it is read).
func readRegular(fsys fs.FS, name string, limit int64) ([]byte, error) {
	info, err := fs.Stat(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &missingError{name}
	}
	if err != nil {
		if l, lerr := fs.Lstat(fsys, name); lerr == nil && l.Mode()&fs.ModeSymlink != 0 {
			return nil, &linkError{name}
		}
		return nil, fmt.Errorf("cannot read %s: %w", name, err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is %w", name, errNotRegular)
	}
	if info.Size() > limit {
		return nil, fmt.Errorf("%s is %d KiB, more than %d KiB", name, info.Size()>>10, limit>>10)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", name, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", name, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is larger than %d KiB", name, limit>>10)
	}
	return data, nil
}

func (s *Source) checkConfig(c *collector, fsys fs.FS) {
	cfg, doc := &s.Config, s.config
	if strings.TrimSpace(cfg.Org.Name) == "" {
		c.invalid(ConfigName, doc.keyLine("org"), "org.name is missing: the organisation's name")
	}
	if strings.TrimSpace(cfg.Version) == "" {
		c.invalid(ConfigName, doc.keyLine("version"), `version is missing: give each published bundle a newer version, such as "2026.11.2"`)
	}
	switch {
	case !doc.has("published"):
		c.invalid(ConfigName, doc.keyLine("published"), "published is missing: the time this version is published, such as 2026-11-20T09:00:00Z (it also dates the signatures, so that a rebuild is byte-identical)")
	case cfg.Published.bad:
		c.invalid(ConfigName, doc.line(cfg.Published.Line), "published: %q is not an RFC 3339 time such as 2026-11-20T09:00:00Z", cfg.Published.Raw)
	}
	if len(cfg.Audiences) == 0 {
		c.invalid(ConfigName, doc.keyLine("audiences"), "audiences is missing: employee, alumni or both")
	}
	for _, a := range cfg.Audiences {
		if a != bundle.RoleEmployee && a != bundle.RoleAlumni {
			c.invalid(ConfigName, doc.keyLine("audiences"), "audience %q is unknown (use employee or alumni)", a)
		}
	}
	for a := range cfg.Feeds {
		if !slices.Contains(cfg.Audiences, a) {
			c.invalid(ConfigName, doc.keyLine("feeds"), "feeds names audience %q, which is not in audiences", a)
		}
	}
	if cfg.Policy == "" {
		cfg.Policy = "policy.yaml"
	}
	for _, ep := range []struct{ key, value string }{{"archive", cfg.Archive}, {"metrics", cfg.Metrics}} {
		if ep.value != "" && !strings.HasPrefix(ep.value, "https://") {
			c.invalid(ConfigName, doc.keyLine(ep.key), "%s must be an https address, not %q", ep.key, ep.value)
		}
	}
	if v := cfg.Suggestions; v != "" && !strings.HasPrefix(v, "https://") && !strings.HasPrefix(v, "mailto:") {
		c.invalid(ConfigName, doc.keyLine("suggestions"), "suggestions must be an https address or a mailto: address, not %q", v)
	}
	seen := map[string]bool{}
	for _, n := range cfg.News {
		line := doc.line(n.URL.Line)
		for _, a := range n.Audience {
			if !slices.Contains(cfg.Audiences, a) {
				c.invalid(ConfigName, line, "news %q is for audience %q, which is not in audiences", n.URL.S, a)
			}
		}
		switch u := n.URL.S; {
		case u == "":
			c.invalid(ConfigName, doc.keyLine("news"), "a news feed has no url")
		case strings.HasPrefix(u, "https://"):
			if err := checkPublicURL(u, nil); err != nil {
				c.invalid(ConfigName, line, "news: %v", err)
			}
		case strings.Contains(u, "://"):
			c.invalid(ConfigName, line, "news %q: a feed elsewhere must be an https address", u)
		case !validName(u) || u == ConfigName || strings.HasPrefix(u, ItemsDir+"/"):
			c.invalid(ConfigName, line, "news %q is not a file of the source folder", u)
		case reserved(u) || u == cfg.Policy:
			c.invalid(ConfigName, line, "news %q: the bundle uses that name itself; put the feed in news/", u)
		case seen[u]:
			c.invalid(ConfigName, line, "news %q is listed twice", u)
		default:
			seen[u] = true
			if data, err := readRegular(fsys, u, bundle.MaxFileSize); err != nil {
				c.invalid(ConfigName, line, "news: %v", err)
			} else {
				s.Files[u] = data
			}
		}
	}
}

// reserved reports names the built bundle writes itself.
func reserved(name string) bool {
	return name == bundle.ManifestName || strings.HasPrefix(name, contentDir+"/") || strings.HasPrefix(name, ImagesDir+"/")
}

// validName accepts a slash-separated relative name that stays in the
// folder and could be named in a signature's trusted comment.
func validName(name string) bool {
	return name != "" && len(name) <= 512 && fs.ValidPath(name) && name != "." &&
		!strings.ContainsFunc(name, unicode.IsControl) && !strings.Contains(name, `\`) &&
		!strings.HasSuffix(name, bundle.SignatureSuffix) && utf8.ValidString(name)
}

func (s *Source) readPolicy(c *collector, fsys fs.FS) {
	file := s.Config.Policy
	if !validName(file) || reserved(file) || file == ConfigName || strings.HasPrefix(file, ItemsDir+"/") {
		c.invalid(ConfigName, s.config.keyLine("policy"), "policy %q is not a file of the source folder the bundle can carry (such as policy.yaml)", file)
		return
	}
	data, ok := readSource(c, fsys, file, maxPolicy)
	if !ok {
		return
	}
	s.PolicyFile, s.PolicyData = file, data
	p, _, problems := policyProblems(file, data)
	for _, pr := range problems {
		c.invalid(file, pr.Line, "%s", pr.Message)
	}
	if p == nil {
		return
	}
	e, err := policy.Compile(p)
	if err != nil {
		c.invalid(file, 0, "%s", strings.TrimPrefix(err.Error(), "policy: "))
		return
	}
	fails, _, err := e.RunExamples()
	if err != nil {
		c.invalid(file, 0, "cannot run the rules' examples: %v", err)
	}
	for _, f := range fails {
		c.invalid(file, f.Line, "%s (policy test runs every example)", f)
	}
	s.Engine = e
}

// policyProblems parses the policy as policy lint would, keeping the
// errors' lines.
func policyProblems(file string, data []byte) (*policy.Policy, int, []policy.Problem) {
	var errs []policy.Problem
	for _, pr := range policy.Lint(data) {
		if pr.Error {
			errs = append(errs, pr)
		}
	}
	if len(errs) > 0 {
		return nil, 0, errs
	}
	p, err := policy.Parse(file, data)
	if err != nil {
		return nil, 0, []policy.Problem{{Error: true, Message: strings.ReplaceAll(err.Error(), "\n", "; ")}}
	}
	return p, len(p.Rules), nil
}

func (s *Source) readItems(c *collector, fsys fs.FS) {
	entries, err := fs.ReadDir(fsys, ItemsDir)
	if errors.Is(err, fs.ErrNotExist) {
		c.warn(ItemsDir, 0, "there is no items folder, so the bundle has no approved content")
		return
	}
	if err != nil {
		c.invalid(ItemsDir, 0, "cannot read the folder: %v", err)
		return
	}
	ids := map[string]string{}
	for _, e := range entries {
		name := ItemsDir + "/" + e.Name()
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".md") || strings.HasPrefix(e.Name(), ".") {
			if !e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
				c.warn(name, 0, "not an item (items are NAME.md files); left out")
			}
			continue
		}
		if len(s.Items)+len(s.Drafts) >= maxItems {
			c.invalid(ItemsDir, 0, "more than %d items", maxItems)
			return
		}
		data, ok := readSource(c, fsys, name, maxItem)
		if !ok {
			continue
		}
		it := readItem(c, name, data)
		if it == nil {
			continue
		}
		if it.Front.Draft {
			s.Drafts = append(s.Drafts, name)
			s.draftURLs = append(s.draftURLs, it.Front.URL.S)
			continue
		}
		id := it.Front.ID.S
		if other, dup := ids[id]; dup {
			c.invalid(name, it.doc.line(it.Front.ID.Line), "id %q is already used by %s", id, other)
			continue
		}
		ids[id] = name
		s.Items = append(s.Items, it)
	}
	s.orderItems(c, ids)
	for _, it := range s.Items {
		s.checkItem(c, fsys, it)
	}
}

// orderItems puts the items bundle.yaml's order names first.
func (s *Source) orderItems(c *collector, ids map[string]string) {
	rank := map[string]int{}
	for i, id := range s.Config.Order {
		if _, ok := ids[id]; !ok {
			c.invalid(ConfigName, s.config.keyLine("order"), "order names %q, which no item has", id)
		}
		if _, dup := rank[id]; !dup {
			rank[id] = i
		}
	}
	at := func(it *SourceItem) int {
		if r, ok := rank[it.Front.ID.S]; ok {
			return r
		}
		return len(rank)
	}
	slices.SortStableFunc(s.Items, func(a, b *SourceItem) int { return at(a) - at(b) })
}

// readItem splits an item file into its front matter and summary and
// decodes the front matter.
func readItem(c *collector, file string, data []byte) *SourceItem {
	if !utf8.Valid(data) {
		c.invalid(file, 0, "not UTF-8 text")
		return nil
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	text = strings.TrimPrefix(text, "\ufeff")
	rest, ok := strings.CutPrefix(text, "---\n")
	if !ok {
		c.invalid(file, 1, `an item starts with its front matter: a line "---", the YAML keys, and another "---"`)
		return nil
	}
	front, body, ok := cutFence(rest)
	if !ok {
		c.invalid(file, 1, `the front matter is not closed: end it with a line "---"`)
		return nil
	}
	it := &SourceItem{File: file, Summary: strings.TrimSpace(body)}
	it.BodyLine = 3 + strings.Count(front, "\n")
	doc, ok := parseYAML(c, file, []byte(front), 1)
	if !ok {
		return nil
	}
	it.doc = doc
	doc.decode(c, &it.Front)
	if it.Front.ID.S == "" {
		it.Front.ID = Text{S: strings.TrimSuffix(path.Base(file), ".md"), Line: 0}
	}
	return it
}

// cutFence splits the text after the opening "---" at the closing line.
func cutFence(rest string) (front, body string, ok bool) {
	if strings.HasPrefix(rest, "---\n") || rest == "---" {
		return "", strings.TrimPrefix(rest, "---"), true
	}
	if i := strings.Index(rest, "\n---\n"); i >= 0 {
		return rest[:i+1], rest[i+5:], true
	}
	if strings.HasSuffix(rest, "\n---") {
		return rest[:len(rest)-3], "", true
	}
	return "", "", false
}

// checkItem checks one item's front matter and reads its picture.
func (s *Source) checkItem(c *collector, fsys fs.FS, it *SourceItem) {
	f, d, file := &it.Front, it.doc, it.File
	line := func(key string) int { return d.keyLine(key) }
	if !validID(f.ID.S) {
		c.invalid(file, d.line(f.ID.Line), "id %q: use letters, digits, dots, dashes and underscores", f.ID.S)
	}
	if strings.TrimSpace(f.Title) == "" {
		c.invalid(file, line("title"), "title is missing")
	}
	if len(f.Audience) == 0 {
		c.invalid(file, line("audience"), "audience is missing: %s", strings.Join(s.Config.Audiences, ", "))
	}
	for _, a := range f.Audience {
		if !slices.Contains(s.Config.Audiences, a.S) {
			c.invalid(file, d.line(a.Line), "audience %q is unknown: bundle.yaml's audiences are %s", a.S, strings.Join(s.Config.Audiences, ", "))
		}
	}
	for _, t := range []struct {
		key string
		t   Time
	}{{"date", f.Date}, {"not_before", f.NotBefore}, {"expires", f.Expires}} {
		if t.t.bad {
			c.invalid(file, d.line(t.t.Line), "%s: %q is not an RFC 3339 time such as 2026-11-20T09:00:00Z", t.key, t.t.Raw)
		}
	}
	if !f.NotBefore.IsZero() && !f.Expires.IsZero() && !f.Expires.After(f.NotBefore.Time) {
		c.invalid(file, d.line(f.Expires.Line), "expires (%s) is not after not_before (%s)", stamp(f.Expires.Time), stamp(f.NotBefore.Time))
	}
	if u := f.URL.S; u != "" {
		if err := checkPublicURL(u, s.Engine); err != nil {
			c.invalid(file, d.line(f.URL.Line), "url: %v", err)
		}
	}
	for _, img := range []Text{f.Image, f.ShareImage} {
		s.readImage(c, fsys, it, img)
	}
	seen := map[string]bool{}
	for _, nc := range f.Captions {
		id, err := network.Parse(nc.Network)
		switch {
		case err != nil:
			c.invalid(file, d.line(nc.Line), "captions: %q is not a network (x, linkedin, mastodon, bluesky)", nc.Network)
		case seen[string(id)]:
			c.invalid(file, d.line(nc.Line), "captions: %s is given twice", nc.Network)
		case len(nc.Variants) == 0:
			c.invalid(file, d.line(nc.Line), "captions: %s has no variant", nc.Network)
		}
		seen[string(id)] = true
		for _, v := range nc.Variants {
			if strings.TrimSpace(v.S) == "" {
				c.invalid(file, d.line(v.Line), "captions: an empty variant for %s", nc.Network)
			}
		}
	}
	for _, l := range f.Locked {
		if strings.TrimSpace(l.S) == "" {
			c.invalid(file, d.line(l.Line), "locked: an empty text")
		}
	}
}

func validID(id string) bool {
	if id == "" || len(id) > 200 {
		return false
	}
	for _, r := range id {
		if !(r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.')) {
			return false
		}
	}
	return true
}

// readImage reads an item's picture from the images folder, or accepts an
// https address.
func (s *Source) readImage(c *collector, fsys fs.FS, it *SourceItem, img Text) {
	name := img.S
	if name == "" || s.Files[name] != nil {
		return
	}
	line := it.doc.line(img.Line)
	switch {
	case strings.HasPrefix(name, "https://"):
		if err := checkPublicURL(name, s.Engine); err != nil {
			c.invalid(it.File, line, "image: %v", err)
		}
		return
	case strings.Contains(name, "://"):
		c.invalid(it.File, line, "image %q: a picture elsewhere must be an https address", name)
		return
	case !validName(name) || !strings.HasPrefix(name, ImagesDir+"/"):
		c.invalid(it.File, line, "image %q: pictures are files in the %s folder, such as %s/atlas.png", name, ImagesDir, ImagesDir)
		return
	}
	data, err := readRegular(fsys, name, maxImage)
	if err != nil {
		c.invalid(it.File, line, "image: %v", err)
		return
	}
	if err := checkPicture(data); err != nil {
		c.invalid(it.File, line, "image %s: %v", name, err)
		return
	}
	s.Files[name] = data
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
