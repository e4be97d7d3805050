package publish

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/advocate-app/advocate/advocacy/bundle"
)

// Suggestion is a post proposed from the app ("Suggest a post"): a link
// and a line on why, as the suggestions endpoint receives it, one JSON
// object a line.
type Suggestion struct {
	URL   string    `json:"url"`
	Why   string    `json:"why"`
	Title string    `json:"title,omitempty"`
	Role  string    `json:"role"`
	At    time.Time `json:"at"`
}

// ErrNotSuggestions: a line of the file is not a suggestion.
var ErrNotSuggestions = errors.New("not a suggestion")

// maxSuggestions caps one import.
const maxSuggestions = 10000

// ReadSuggestions reads suggestions in JSON lines; each bad line is an
// error naming file:line, and nothing is returned then.
func ReadSuggestions(r io.Reader, file string) ([]Suggestion, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	var out []Suggestion
	var errs []error
	for line := 1; sc.Scan(); line++ {
		raw := strings.TrimSpace(sc.Text())
		if raw == "" {
			continue
		}
		var s Suggestion
		dec := json.NewDecoder(strings.NewReader(raw))
		dec.DisallowUnknownFields()
		err := dec.Decode(&s)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("%s:%d: %w: %v", file, line, ErrNotSuggestions, err))
		case s.Role != bundle.RoleEmployee && s.Role != bundle.RoleAlumni:
			errs = append(errs, fmt.Errorf("%s:%d: %w: role %q (employee or alumni)", file, line, ErrNotSuggestions, s.Role))
		default:
			if _, ok := SafeLink(s.URL); !ok || !strings.HasPrefix(s.URL, "https://") {
				errs = append(errs, fmt.Errorf("%s:%d: %w: %q is not an https address", file, line, ErrNotSuggestions, s.URL))
				continue
			}
			out = append(out, s)
		}
		if len(out) > maxSuggestions {
			return nil, fmt.Errorf("%s: more than %d suggestions", file, maxSuggestions)
		}
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("%s: %w", file, err))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// Imported says what became of one suggestion.
type Imported struct {
	Suggestion
	// File is the draft item written, or the item that already has the
	// link.
	File string
	// Skipped is set when the sources already have an item (or a draft)
	// with the link, or the link is internal.
	Skipped bool
	Why     string
}

// DraftItems turns suggestions into draft items for the source folder
// in fsys (front matter draft: true: never built until a publisher
// removes it). A suggestion whose link an item or draft already has, or
// that another suggestion in the file already made, is skipped, so
// importing the same file twice writes nothing new. It returns the files
// to write by name, and what became of each suggestion.
func DraftItems(fsys fs.FS, suggestions []Suggestion) (map[string][]byte, []Imported, error) {
	src, problems := Read(fsys)
	if src == nil {
		return nil, nil, &BuildError{Problems: problems}
	}
	have := map[string]string{}
	for _, it := range src.Items {
		have[it.Front.URL.S] = it.File
	}
	for i, u := range src.draftURLs {
		have[u] = src.Drafts[i]
	}
	files := map[string][]byte{}
	var out []Imported
	for _, s := range suggestions {
		im := Imported{Suggestion: s}
		sum := sha256.Sum256([]byte(s.URL))
		id := "suggestion-" + hex.EncodeToString(sum[:5])
		name := itemFile(id)
		switch {
		case have[s.URL] != "":
			im.File, im.Skipped, im.Why = have[s.URL], true, "already in the sources"
		case checkPublicURL(s.URL, src.Engine) != nil:
			im.Skipped, im.Why = true, checkPublicURL(s.URL, src.Engine).Error()
		default:
			if _, err := fs.Stat(fsys, name); err == nil {
				im.File, im.Skipped, im.Why = name, true, "already imported"
				break
			}
			data, err := draftItem(id, s, src.Config.Audiences)
			if err != nil {
				return nil, nil, err
			}
			files[name], im.File, have[s.URL] = data, name, name
		}
		out = append(out, im)
	}
	return files, out, nil
}

func draftItem(id string, s Suggestion, audiences []string) ([]byte, error) {
	title := strings.TrimSpace(s.Title)
	if title == "" {
		title = s.URL
	}
	aud := []string{s.Role}
	if !slices.Contains(audiences, s.Role) {
		aud = audiences
	}
	front := struct {
		Draft    bool     `yaml:"draft"`
		ID       string   `yaml:"id"`
		Title    string   `yaml:"title"`
		URL      string   `yaml:"url"`
		Audience []string `yaml:"audience,flow"`
	}{true, id, title, s.URL, aud}
	data, err := marshalYAML(front)
	if err != nil {
		return nil, err
	}
	when := ""
	if !s.At.IsZero() {
		when = " on " + s.At.UTC().Format("2006-01-02")
	}
	body := fmt.Sprintf("Suggested by %s%s: %s", article(s.Role), when, strings.TrimSpace(s.Why))
	return fmt.Appendf(nil, "---\n# Suggested from the app: write the captions and the window, then remove draft: true.\n%s---\n%s\n", data, EscapeMarkdown(body)), nil
}

func article(role string) string {
	if role == bundle.RoleAlumni {
		return "a former employee"
	}
	return "an employee"
}
