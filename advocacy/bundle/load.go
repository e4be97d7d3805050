package bundle

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
	"unicode"

	"github.com/advocate-app/advocate/advocacy/signing"
)

// ManifestName is the manifest's file name at the root of every bundle.
const ManifestName = "manifest.json"

// MaxFileSize caps any one file of a bundle.
const MaxFileSize = 8 << 20

// readFunc reads one file of a bundle by its slash-separated name.
type readFunc func(ctx context.Context, name string) ([]byte, error)

// load reads and checks a whole bundle through read. With a key, each
// file's signature, its name and its SHA-256 in the signed manifest are
// checked as soon as the file is read, before anything in it is parsed.
//
// With only set, just that audience's content and news are read: the kept
// copy of an alumnus's bundle holds nothing meant for employees.
func load(ctx context.Context, source string, read readFunc, key *signing.PublicKey, only string) (*Bundle, error) {
	l := &loader{ctx: ctx, read: read, key: key, only: only, seen: map[string]bool{},
		b: &Bundle{Source: source, Files: map[string][]byte{}, signatures: map[string]signature{}}}
	if err := l.manifest(); err != nil {
		return nil, err
	}
	steps := []func() error{l.policy, l.content, l.news, l.pictures}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return l.b, nil
}

// loader holds one load's state.
type loader struct {
	ctx  context.Context
	read readFunc
	key  *signing.PublicKey
	only string
	b    *Bundle
	// seen holds the ids of the items read so far.
	seen map[string]bool
}

// get reads one file of the bundle and its signature once, and with a key
// checks both before returning the file.
func (l *loader) get(name string) ([]byte, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	b := l.b
	if data, ok := b.Files[name]; ok {
		return data, nil
	}
	if l.key != nil && name != ManifestName {
		if _, ok := b.Manifest.Files[name]; !ok {
			return nil, notListed(name)
		}
	}
	data, err := l.read(l.ctx, name)
	if err != nil {
		return nil, err
	}
	b.Files[name] = data
	sig, err := l.read(l.ctx, name+SignatureSuffix)
	b.signatures[name] = signature{data: sig, err: err}
	if l.key != nil {
		if err := b.verifyFile(name, l.key); err != nil {
			return nil, err
		}
	}
	return data, nil
}

// manifest reads, checks and decodes the manifest; with a key it must list
// the bundle's files.
func (l *loader) manifest() error {
	raw, err := l.get(ManifestName)
	if err != nil {
		return err
	}
	m, err := ParseManifest(raw)
	if err != nil {
		return err
	}
	l.b.Manifest = *m
	if l.key != nil {
		return m.CheckBound()
	}
	return nil
}

func (l *loader) policy() error {
	var err error
	l.b.Policy, err = l.get(l.b.Manifest.Policy)
	return err
}

// wants reports whether the load keeps what is meant for audience (all
// audiences when it is empty).
func (l *loader) wants(audience []string) bool {
	return l.only == "" || len(audience) == 0 || slices.Contains(audience, l.only)
}

func (l *loader) content() error {
	m := &l.b.Manifest
	for _, aud := range m.Audiences {
		if !l.wants([]string{aud}) {
			continue
		}
		for _, name := range m.Content[aud] {
			data, err := l.get(name)
			if err != nil {
				return err
			}
			items, err := parseContent(name, data, m.Audiences)
			if err != nil {
				return err
			}
			l.b.Content = appendNew(l.b.Content, items, l.seen)
		}
	}
	return nil
}

func (l *loader) news() error {
	for _, feed := range l.b.Manifest.News {
		if !l.wants(feed.Audience) {
			continue
		}
		n := News{Feed: feed}
		if !isRemote(feed.URL) {
			var err error
			if n.Data, err = l.get(feed.URL); err != nil {
				return err
			}
		}
		l.b.News = append(l.b.News, n)
	}
	return nil
}

// pictures reads and checks each picture shipped in the bundle, once
// however many items show it.
func (l *loader) pictures() error {
	checked := map[string]bool{}
	for _, it := range l.b.Content {
		if it.Image == "" || isRemote(it.Image) || checked[it.Image] || (l.only != "" && !it.For(l.only)) {
			continue
		}
		data, err := l.get(it.Image)
		if err != nil {
			return err
		}
		if err := checkImage(it.Image, data); err != nil {
			return err
		}
		checked[it.Image] = true
	}
	return nil
}

// appendNew appends the items whose id is not in seen, and adds their ids
// to it: one feed may serve several audiences.
func appendNew(have, items []Item, seen map[string]bool) []Item {
	have = slices.Grow(have, len(items))
	for _, it := range items {
		if !seen[it.ID] {
			seen[it.ID] = true
			have = append(have, it)
		}
	}
	return have
}

func (m *Manifest) validate() error {
	var problems []string
	if m.Format != 1 {
		problems = append(problems, fmt.Sprintf("format is %d, this Advocate reads format 1", m.Format))
	}
	if strings.TrimSpace(m.Org.Name) == "" {
		problems = append(problems, "org.name is missing")
	}
	if strings.TrimSpace(m.Version) == "" {
		problems = append(problems, "version is missing")
	}
	if m.Policy == "" {
		problems = append(problems, "policy is missing")
	}
	if len(m.Audiences) == 0 {
		problems = append(problems, "audiences is empty")
	}
	for _, aud := range m.Audiences {
		if aud != RoleEmployee && aud != RoleAlumni {
			problems = append(problems, fmt.Sprintf("audience %q is unknown (use employee or alumni)", aud))
		}
	}
	for aud := range m.Content {
		if !slices.Contains(m.Audiences, aud) {
			problems = append(problems, fmt.Sprintf("content for %q, which is not in audiences", aud))
		}
	}
	for i, n := range m.News {
		if n.URL == "" {
			problems = append(problems, fmt.Sprintf("news[%d] has no url", i))
		}
	}
	problems = append(problems, m.validateFiles()...)
	if len(problems) > 0 {
		slices.Sort(problems)
		return fmt.Errorf("bundle: %s: %s", ManifestName, strings.Join(problems, "; "))
	}
	return nil
}

// contentFeed is the part of a JSON Feed 1.1 document Advocate reads.
type contentFeed struct {
	Version string `json:"version"`
	Title   string `json:"title"`
	Items   []Item `json:"items"`
}

func parseContent(name string, data []byte, audiences []string) ([]Item, error) {
	var f contentFeed
	if err := decodeJSON(name, data, &f); err != nil {
		return nil, err
	}
	if !strings.HasPrefix(f.Version, "https://jsonfeed.org/version/1") {
		return nil, fmt.Errorf("bundle: %s: not a JSON Feed (version is %q)", name, f.Version)
	}
	seen := map[string]bool{}
	for i, it := range f.Items {
		switch {
		case it.ID == "":
			return nil, fmt.Errorf("bundle: %s: item %d has no id", name, i+1)
		case seen[it.ID]:
			return nil, fmt.Errorf("bundle: %s: item id %q appears twice", name, it.ID)
		case it.Title == "":
			return nil, fmt.Errorf("bundle: %s: item %q has no title", name, it.ID)
		case len(it.Advocacy.Audience) == 0:
			return nil, fmt.Errorf("bundle: %s: item %q has no _advocacy.audience", name, it.ID)
		}
		for _, aud := range it.Advocacy.Audience {
			if !slices.Contains(audiences, aud) {
				return nil, fmt.Errorf("bundle: %s: item %q is for audience %q, which the manifest does not list", name, it.ID, aud)
			}
		}
		a := it.Advocacy
		if !a.NotBefore.IsZero() && !a.Expires.IsZero() && !a.Expires.After(a.NotBefore) {
			return nil, fmt.Errorf("bundle: %s: item %q expires before it may be shared", name, it.ID)
		}
		seen[it.ID] = true
	}
	return f.Items, nil
}

// decodeJSON decodes data into v, naming the file and line of a syntax error.
func decodeJSON(name string, data []byte, v any) error {
	err := json.Unmarshal(data, v)
	if err == nil {
		return nil
	}
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		line := 1 + bytes.Count(data[:min(int(syn.Offset), len(data))], []byte("\n"))
		return fmt.Errorf("bundle: %s:%d: invalid JSON: %v", name, line, syn)
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		line := 1 + bytes.Count(data[:min(int(typ.Offset), len(data))], []byte("\n"))
		return fmt.Errorf("bundle: %s:%d: %s should be %s, not %s", name, line, typ.Field, typ.Type, typ.Value)
	}
	return fmt.Errorf("bundle: %s: %v", name, err)
}

// maxNameLen caps a file name in the bundle, so that its signature's
// trusted comment stays well within minisign's limit.
const maxNameLen = 1024

// checkName refuses file names that would leave the bundle, names with
// control characters (a tab or line break would change the trusted comment
// that names the file), and signatures' names.
func checkName(name string) error {
	if name == "" || len(name) > maxNameLen || path.IsAbs(name) || strings.Contains(name, `\`) ||
		path.Clean(name) != name || name == ".." || strings.HasPrefix(name, "../") ||
		strings.ContainsFunc(name, unicode.IsControl) || strings.HasSuffix(name, SignatureSuffix) {
		return fmt.Errorf("bundle: %q is not a file name inside the bundle", name)
	}
	return nil
}

func isRemote(ref string) bool {
	return strings.HasPrefix(ref, "https://") || strings.HasPrefix(ref, "http://")
}
