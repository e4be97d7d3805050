package publish

import (
	"context"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/policy"
	"github.com/advocate-app/advocate/advocacy/share"
	"github.com/advocate-app/advocate/advocacy/signing"
)

// Where the built bundle keeps what the sources hold.
const (
	contentDir = "content"
	// the pictures of images/NAME go to content/images/NAME
	picturesDir = contentDir + "/images"
)

// Output is a built bundle: every file by its name in the bundle.
type Output struct {
	Files map[string][]byte
	// Problems are the warnings the build found (a build with errors
	// returns a *BuildError instead).
	Problems Problems
	Version  string
	Items    int
	Drafts   []string
	// Published dates the bundle and its signatures.
	Published time.Time
	// Signed is set once Sign has signed the files; KeyID names the key.
	Signed bool
	KeyID  string
}

// Build reads the sources in fsys, checks them and every caption against
// the policy, and returns the bundle's files, unsigned. It fails with a
// *BuildError (matching ErrInvalid or ErrBlocked) listing every problem,
// warnings included. The same sources always give the same bytes.
func Build(ctx context.Context, fsys fs.FS) (*Output, error) {
	src, problems := Read(fsys)
	if src == nil || src.Engine == nil || problems.Worst() >= Invalid {
		if src != nil && src.Engine != nil {
			problems = append(problems, src.CheckCaptions(ctx)...)
			problems.sort()
		}
		return nil, &BuildError{Problems: problems}
	}
	problems = append(problems, src.CheckCaptions(ctx)...)
	problems.sort()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if problems.Worst() >= Invalid {
		return nil, &BuildError{Problems: problems}
	}
	out, err := src.render()
	if err != nil {
		return nil, err
	}
	out.Problems = problems
	return out, nil
}

// Sign signs every file of the output, rewriting the manifest to bind
// each file's name and SHA-256 to the version. The signatures are dated
// with the bundle's published time, so that signing the same output with
// the same key gives the same bytes.
func (o *Output) Sign(sec *signing.SecretKey) error {
	sigs, err := bundle.Sign(o.Files, sec, o.Published)
	if err != nil {
		return fmt.Errorf("publish: sign: %w", err)
	}
	maps.Copy(o.Files, sigs)
	o.Signed, o.KeyID = true, sec.Public().KeyID()
	return nil
}

// jsonFeed is a content feed as the bundle carries it.
type jsonFeed struct {
	Version     string     `json:"version"`
	Title       string     `json:"title"`
	HomePageURL string     `json:"home_page_url,omitempty"`
	FeedURL     string     `json:"feed_url,omitempty"`
	Items       []feedItem `json:"items"`
}

type feedItem struct {
	ID          string       `json:"id"`
	URL         string       `json:"url,omitempty"`
	Title       string       `json:"title"`
	Summary     string       `json:"summary,omitempty"`
	ContentHTML string       `json:"content_html"`
	Date        string       `json:"date_published,omitempty"`
	Tags        []string     `json:"tags,omitempty"`
	Image       string       `json:"image,omitempty"`
	Advocacy    feedAdvocacy `json:"_advocacy"`
}

type feedAdvocacy struct {
	Audience  []string `json:"audience"`
	Campaign  string   `json:"campaign,omitempty"`
	NotBefore string   `json:"not_before,omitempty"`
	Expires   string   `json:"expires,omitempty"`
	Captions  ordered  `json:"captions,omitempty"`
	Locked    []string `json:"locked,omitempty"`
	Image     string   `json:"image,omitempty"`
}

// manifestJSON is manifest.json as the build writes it, in a fixed order.
type manifestJSON struct {
	Format      int               `json:"format"`
	Org         bundle.Org        `json:"org"`
	Version     string            `json:"version"`
	Published   string            `json:"published"`
	Audiences   []string          `json:"audiences"`
	Policy      string            `json:"policy"`
	Content     ordered           `json:"content"`
	News        []bundle.NewsFeed `json:"news"`
	Archive     string            `json:"archive,omitempty"`
	Metrics     string            `json:"metrics,omitempty"`
	Suggestions string            `json:"suggestions,omitempty"`
	Networks    *networksJSON     `json:"networks,omitempty"`
	Files       map[string]string `json:"files"`
}

type networksJSON struct {
	X *struct {
		ConsumerKey    string `json:"consumer_key"`
		ConsumerSecret string `json:"consumer_secret"`
	} `json:"x,omitempty"`
	LinkedIn *struct {
		ClientID string `json:"client_id"`
	} `json:"linkedin,omitempty"`
}

// bundleName is where a source file goes in the bundle.
func bundleName(name string) string {
	if rest, ok := strings.CutPrefix(name, ImagesDir+"/"); ok {
		return picturesDir + "/" + rest
	}
	return name
}

// encode writes v in the build's layout (see layout).
func encode(v any) ([]byte, error) {
	data, err := marshal(v)
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	return layout(data)
}

// render writes the bundle's files.
func (s *Source) render() (*Output, error) {
	cfg := &s.Config
	out := &Output{Files: map[string][]byte{}, Version: cfg.Version, Items: len(s.Items), Drafts: s.Drafts, Published: cfg.Published.Time}
	out.Files[s.PolicyFile] = s.PolicyData
	for name, data := range s.Files {
		out.Files[bundleName(name)] = data
	}
	m := manifestJSON{Format: 1, Version: cfg.Version, Published: stamp(cfg.Published.Time), Audiences: cfg.Audiences,
		Policy: s.PolicyFile, Content: ordered{}, News: []bundle.NewsFeed{},
		Archive: cfg.Archive, Metrics: cfg.Metrics, Suggestions: cfg.Suggestions}
	m.Org = bundle.Org{Name: cfg.Org.Name, Names: cfg.Org.Names, Products: cfg.Org.Products, Domains: cfg.Org.Domains}
	if n := cfg.Networks; n.X.ConsumerKey != "" || n.LinkedIn.ClientID != "" {
		m.Networks = &networksJSON{}
		if n.X.ConsumerKey != "" {
			m.Networks.X = &struct {
				ConsumerKey    string `json:"consumer_key"`
				ConsumerSecret string `json:"consumer_secret"`
			}{n.X.ConsumerKey, n.X.ConsumerSecret}
		}
		if n.LinkedIn.ClientID != "" {
			m.Networks.LinkedIn = &struct {
				ClientID string `json:"client_id"`
			}{n.LinkedIn.ClientID}
		}
	}
	for _, n := range cfg.News {
		aud := n.Audience
		if aud == nil {
			aud = []string{}
		}
		m.News = append(m.News, bundle.NewsFeed{Title: n.Title, URL: bundleName(n.URL.S), Audience: aud})
	}
	items := make([]feedItem, len(s.Items))
	for i, it := range s.Items {
		items[i] = s.feedItem(it)
	}
	for _, aud := range cfg.Audiences {
		f := jsonFeed{Version: "https://jsonfeed.org/version/1.1", Title: cfg.Org.Name + " — " + audienceTitle(aud), Items: []feedItem{}}
		if t, ok := cfg.Feeds[aud]; ok {
			f.Title = cmpOr(t.Title, f.Title)
			f.HomePageURL, f.FeedURL = t.HomePageURL, t.FeedURL
		}
		for _, it := range items {
			if slices.Contains(it.Advocacy.Audience, aud) {
				f.Items = append(f.Items, it)
			}
		}
		name := contentDir + "/" + aud + ".json"
		data, err := encode(f)
		if err != nil {
			return nil, err
		}
		out.Files[name] = data
		m.Content = append(m.Content, member{aud, []string{name}})
	}
	m.Files = map[string]string{}
	for name, data := range out.Files {
		m.Files[name] = bundle.Digest(data)
	}
	data, err := encode(m)
	if err != nil {
		return nil, err
	}
	out.Files[bundle.ManifestName] = data
	return out, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func audienceTitle(aud string) string {
	if aud == bundle.RoleAlumni {
		return "for alumni"
	}
	return "approved for employees"
}

// feedItem is an item as its feeds carry it.
func (s *Source) feedItem(it *SourceItem) feedItem {
	f := it.Front
	r := Render(it.Summary)
	date := f.Date.Time
	if date.IsZero() {
		date = f.NotBefore.Time
	}
	if date.IsZero() {
		date = s.Config.Published.Time
	}
	out := feedItem{ID: f.ID.S, URL: f.URL.S, Title: f.Title, Summary: r.Text, ContentHTML: r.HTML, Date: stamp(date),
		Tags: f.Topics, Image: picture(f.Image.S)}
	a := &out.Advocacy
	a.Audience = f.Audience.Strings()
	a.Campaign = f.Campaign
	if !f.NotBefore.IsZero() {
		a.NotBefore = stamp(f.NotBefore.Time)
	}
	if !f.Expires.IsZero() {
		a.Expires = stamp(f.Expires.Time)
	}
	if len(f.Captions) > 0 {
		for _, nc := range f.Captions { // in the order the item lists them
			id, _ := network.Parse(nc.Network)
			for _, v := range nc.Variants {
				a.Captions.append(string(id), strings.TrimRight(v.S, "\n"))
			}
		}
	}
	a.Locked = f.Locked.Strings()
	a.Image = picture(f.ShareImage.S)
	return out
}

func picture(name string) string {
	if name == "" || strings.Contains(name, "://") {
		return name
	}
	return bundleName(name)
}

// Post is a caption as a user would share it: the variant with the
// item's locked text added where it is missing, as Compose adds it.
func Post(caption string, locked []string) string {
	text := strings.TrimRight(caption, "\n")
	for _, l := range locked {
		if l != "" && !strings.Contains(text, l) {
			text = strings.TrimRight(text, " \n") + "\n\n" + l
		}
	}
	return text
}

// variant is one caption of an item for one network, with where it is
// written.
type variant struct {
	network network.ID
	index   int
	text    string
	line    int
	// fallback is set for the title and link the app offers when the
	// item has no caption for the network.
	fallback bool
}

// variants returns every caption the app would offer for the item.
func (it *SourceItem) variants() []variant {
	var out []variant
	byNetwork := map[network.ID]NetworkCaptions{}
	for _, nc := range it.Front.Captions {
		if id, err := network.Parse(nc.Network); err == nil {
			byNetwork[id] = nc
		}
	}
	for _, id := range network.All {
		nc, ok := byNetwork[id]
		if !ok || len(nc.Variants) == 0 {
			text := it.Front.Title
			if it.Front.URL.S != "" {
				text += " " + it.Front.URL.S
			}
			out = append(out, variant{network: id, text: text, line: it.doc.keyLine("title"), fallback: true})
			continue
		}
		for i, v := range nc.Variants {
			out = append(out, variant{network: id, index: i, text: strings.TrimRight(v.S, "\n"), line: it.doc.line(v.Line)})
		}
	}
	return out
}

// CheckCaptions checks every caption variant of every item against the
// policy, for each of the item's audiences and each network, when the
// item may first be shared and at each change of quiet period within its
// sharing window, and checks the captions' links. A caption blocked when
// the item may first be shared is a Blocked problem; one blocked only
// later in its window (a quiet period) and every warning are Warnings.
func (s *Source) CheckCaptions(ctx context.Context) Problems {
	results := make([]Problems, len(s.Items))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				results[i] = s.checkItemCaptions(s.Items[i])
			}
		})
	}
	for i := range s.Items {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	var out Problems
	for _, r := range results {
		out = append(out, r...)
	}
	return out
}

// instants are the moments at which an item's checks can change: when it
// may first be shared, and each start or end of a quiet period within its
// window.
func (s *Source) instants(it *SourceItem) []time.Time {
	start := it.Front.NotBefore.Time
	if start.IsZero() {
		start = s.Config.Published.Time
	}
	end := it.Front.Expires.Time
	out := []time.Time{start}
	for _, q := range s.Engine.Policy.QuietPeriods {
		for _, t := range []time.Time{q.From, q.To} {
			if t.After(start) && (end.IsZero() || t.Before(end)) && !slices.ContainsFunc(out, t.Equal) {
				out = append(out, t)
			}
		}
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

func (s *Source) checkItemCaptions(it *SourceItem) Problems {
	c := &collector{}
	f := it.Front
	instants := s.instants(it)
	end := f.Expires.Time
	if !end.IsZero() && !end.After(s.Config.Published.Time) {
		c.warn(it.File, it.doc.line(f.Expires.Line), "expires (%s) before the bundle is published (%s): nobody will see it", stamp(end), stamp(s.Config.Published.Time))
	}
	locked := f.Locked.Strings()
	later := &laterFindings{groups: map[laterKey]*laterGroup{}}
	for _, v := range it.variants() {
		what := fmt.Sprintf("captions.%s[%d]", v.network, v.index)
		if v.fallback {
			what = fmt.Sprintf("the title and link offered on %s (no captions.%s)", v.network.Title(), v.network)
		}
		post := Post(v.text, locked)
		s.checkLinks(c, it, v, what, post)
		for _, aud := range f.Audience.Strings() {
			s.checkVariant(c, later, it, v, what, aud, post, locked, instants, end)
		}
	}
	later.report(c, it.File)
	return c.problems
}

// laterFindings gathers what the policy finds only later in an item's
// window (a quiet period), one line for all the captions it hits.
type laterFindings struct {
	order  []laterKey
	groups map[laterKey]*laterGroup
}

type laterKey struct {
	aud, rule, verb, span string
}

type laterGroup struct {
	line  int
	title string
	what  []string
	words string
}

func (l *laterFindings) add(k laterKey, line int, title, what, words string) {
	g := l.groups[k]
	if g == nil {
		g = &laterGroup{line: line, title: title, words: words}
		l.groups[k] = g
		l.order = append(l.order, k)
	}
	if !slices.Contains(g.what, what) {
		g.what = append(g.what, what)
	}
}

func (l *laterFindings) report(c *collector, file string) {
	for _, k := range l.order {
		g := l.groups[k]
		then := "the app warns then"
		if k.verb == "blocked" {
			then = "the app refuses it then"
		}
		what := g.what[0] + " (" + g.words + ")"
		if len(g.what) > 1 {
			what = fmt.Sprintf("%d captions (%s)", len(g.what), strings.Join(g.what, ", "))
			then = strings.Replace(then, " it ", " them ", 1)
		}
		c.problems = append(c.problems, Problem{File: file, Line: g.line, Kind: Warning, Rule: k.rule,
			Message: fmt.Sprintf("%s for %s: %s %s by %s (%s); %s: end the window before, or accept it",
				what, k.aud, k.verb, k.span, k.rule, g.title, then)})
	}
}

// checkVariant checks one caption for one audience at each instant.
func (s *Source) checkVariant(c *collector, later *laterFindings, it *SourceItem, v variant, what, aud, post string, locked []string, instants []time.Time, end time.Time) {
	first := map[string]bool{} // rule:severity found at the start
	for i, at := range instants {
		res, err := s.Engine.Check(policy.Input{Text: post, Role: aud, Network: v.network, At: at, Locked: locked})
		if err != nil {
			c.invalid(it.File, v.line, "%s: cannot check it: %v", what, err)
			return
		}
		if i == 0 && !res.Length.Valid() && res.Verdict != policy.Blocked {
			// The policy has no length rule, but the network would refuse it.
			c.invalid(it.File, v.line, "%s for %s: %d of %d characters on %s, with its locked text: the network would refuse it",
				what, aud, res.Length.Count, res.Length.Limit, v.network.Title())
		}
		until := end
		if i+1 < len(instants) {
			until = instants[i+1]
		}
		seen := map[string]bool{}
		for _, fd := range res.Findings {
			key := fd.Rule + ":" + string(fd.Severity)
			if fd.Severity == policy.Info || seen[key] || (i > 0 && first[key]) {
				continue
			}
			seen[key] = true
			words := quoteSpan(post, fd.Start, fd.End)
			fix := ""
			if fd.Fix != "" {
				fix = "; fix: " + fd.Fix
			}
			switch {
			case i == 0 && fd.Severity == policy.Block:
				first[key] = true
				c.problems = append(c.problems, Problem{File: it.File, Line: v.line, Kind: Blocked, Rule: fd.Rule,
					Message: fmt.Sprintf("%s for %s at %s: blocked by %s (%s): %s%s", what, aud, stamp(at), fd.Rule, fd.Title, words, fix)})
			case i == 0:
				first[key] = true
				c.problems = append(c.problems, Problem{File: it.File, Line: v.line, Kind: Warning, Rule: fd.Rule,
					Message: fmt.Sprintf("%s for %s: warned by %s (%s): %s%s", what, aud, fd.Rule, fd.Title, words, fix)})
			default:
				span := "from " + stamp(at)
				if !until.IsZero() {
					span += " until " + stamp(until)
				}
				verb := "warned"
				if fd.Severity == policy.Block {
					verb = "blocked"
				}
				later.add(laterKey{aud, fd.Rule, verb, span}, v.line, fd.Title, what, words)
			}
		}
	}
}

// quoteSpan quotes the words a finding covers, by code point offsets.
func quoteSpan(text string, start, end int) string {
	runes := []rune(text)
	start, end = max(0, min(start, len(runes))), max(0, min(end, len(runes)))
	words := string(runes[start:end])
	if len([]rune(words)) > 80 {
		words = string([]rune(words)[:77]) + "…"
	}
	return fmt.Sprintf("%q", words)
}

// checkLinks checks a caption's links: public, and taggable with UTM
// parameters within the network's length.
func (s *Source) checkLinks(c *collector, it *SourceItem, v variant, what, post string) {
	for _, l := range policy.Links(v.text) {
		link := v.text[l.Start:l.End]
		raw := link
		if !strings.Contains(raw, "://") {
			raw = "https://" + raw
		}
		if err := checkPublicURL(raw, s.Engine); err != nil {
			c.invalid(it.File, v.line, "%s: link %v", what, err)
			continue
		}
		if share.Tag(link, v.network, it.Front.Campaign, "1", nil) == link && strings.Contains(link, "://") {
			c.warn(it.File, v.line, "%s: link %s will not carry UTM tags (a link shortener, or it has utm_ parameters already), so its shares cannot be counted", what, link)
		}
	}
	tagged := share.Tag(post, v.network, it.Front.Campaign, "1000000", nil)
	if tagged == post {
		return
	}
	if l, err := policy.Count(v.network, tagged); err == nil && !l.Valid() {
		c.warn(it.File, v.line, "%s: with UTM tags it is %d of %d on %s, so its links will go untagged", what, l.Count, l.Limit, v.network.Title())
	}
}

// itemFile names an item's source file for an id.
func itemFile(id string) string { return path.Join(ItemsDir, id+".md") }
