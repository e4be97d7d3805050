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

	"github.com/advocate-app/advocate/advocacy/signing"
)

// ManifestName is the manifest's file name at the root of every bundle.
const ManifestName = "manifest.json"

// MaxFileSize caps any one file of a bundle.
const MaxFileSize = 8 << 20

// readFunc reads one file of a bundle by its slash-separated name.
type readFunc func(ctx context.Context, name string) ([]byte, error)

// load reads and checks a whole bundle through read. With a key, each
// file's signature is checked as soon as the file is read, before anything
// in it is parsed.
//
// With only set, just that audience's content and news are read: the kept
// copy of an alumnus's bundle holds nothing meant for employees.
func load(ctx context.Context, source string, read readFunc, key *signing.PublicKey, only string) (*Bundle, error) {
	b := &Bundle{Source: source, Files: map[string][]byte{}, signatures: map[string]signature{}}
	get := func(name string) ([]byte, error) {
		if err := checkName(name); err != nil {
			return nil, err
		}
		if data, ok := b.Files[name]; ok {
			return data, nil
		}
		data, err := read(ctx, name)
		if err != nil {
			return nil, err
		}
		b.Files[name] = data
		sig, err := read(ctx, name+SignatureSuffix)
		b.signatures[name] = signature{data: sig, err: err}
		if key != nil {
			if err := b.verifyFile(name, key); err != nil {
				return nil, err
			}
		}
		return data, nil
	}

	raw, err := get(ManifestName)
	if err != nil {
		return nil, err
	}
	if err := decodeJSON(ManifestName, raw, &b.Manifest); err != nil {
		return nil, err
	}
	m := &b.Manifest
	if err := m.validate(); err != nil {
		return nil, err
	}
	if b.Policy, err = get(m.Policy); err != nil {
		return nil, err
	}
	for _, aud := range m.Audiences {
		if only != "" && aud != only {
			continue
		}
		for _, name := range m.Content[aud] {
			data, err := get(name)
			if err != nil {
				return nil, err
			}
			items, err := parseContent(name, data, m.Audiences)
			if err != nil {
				return nil, err
			}
			b.Content = appendNew(b.Content, items)
		}
	}
	for _, feed := range m.News {
		if only != "" && len(feed.Audience) > 0 && !slices.Contains(feed.Audience, only) {
			continue
		}
		n := News{Feed: feed}
		if !isRemote(feed.URL) {
			if n.Data, err = get(feed.URL); err != nil {
				return nil, err
			}
		}
		b.News = append(b.News, n)
	}
	for _, it := range b.Content {
		if it.Image == "" || isRemote(it.Image) || (only != "" && !it.For(only)) {
			continue
		}
		data, err := get(it.Image)
		if err != nil {
			return nil, err
		}
		if err := checkImage(it.Image, data); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// appendNew appends the items whose id is not already present: one feed may
// serve several audiences.
func appendNew(have, items []Item) []Item {
	for _, it := range items {
		if !slices.ContainsFunc(have, func(h Item) bool { return h.ID == it.ID }) {
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

// checkName refuses file names that would leave the bundle.
func checkName(name string) error {
	if name == "" || path.IsAbs(name) || strings.Contains(name, `\`) ||
		path.Clean(name) != name || name == ".." || strings.HasPrefix(name, "../") {
		return fmt.Errorf("bundle: %q is not a file name inside the bundle", name)
	}
	return nil
}

func isRemote(ref string) bool {
	return strings.HasPrefix(ref, "https://") || strings.HasPrefix(ref, "http://")
}
