package publish

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/policy"
)

// Report is what changed between two bundles: what an approver reviews
// before publishing.
type Report struct {
	Old      Side       `json:"old"`
	New      Side       `json:"new"`
	Manifest []Change   `json:"manifest"`
	Items    ItemsDiff  `json:"items"`
	Policy   PolicyDiff `json:"policy"`
}

// Side names one of the two bundles.
type Side struct {
	Source  string `json:"source"`
	Org     string `json:"org"`
	Version string `json:"version"`
}

// Change is one value that changed ("" for a value that was not there).
type Change struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// ItemsDiff lists the items added, removed and changed.
type ItemsDiff struct {
	Added   []ItemRef    `json:"added"`
	Removed []ItemRef    `json:"removed"`
	Changed []ItemChange `json:"changed"`
}

// ItemRef names an item.
type ItemRef struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Audience []string `json:"audience"`
}

// ItemChange is an item whose content, window or captions changed.
type ItemChange struct {
	ItemRef
	// Window is set when not_before or expires changed.
	Window   bool            `json:"window"`
	Changes  []Change        `json:"changes"`
	Captions []CaptionChange `json:"captions"`
}

// CaptionChange is a caption variant added, removed or changed.
type CaptionChange struct {
	Network network.ID `json:"network"`
	Variant int        `json:"variant"`
	Change  string     `json:"change"` // added, removed or changed
	Old     string     `json:"old,omitempty"`
	New     string     `json:"new,omitempty"`
}

// PolicyDiff is what changed in the policy.
type PolicyDiff struct {
	OldVersion string          `json:"old_version"`
	NewVersion string          `json:"new_version"`
	Added      []RuleRef       `json:"added"`
	Removed    []RuleRef       `json:"removed"`
	Changed    []RuleChange    `json:"changed"`
	Lexicons   []LexiconChange `json:"lexicons"`
	Other      []Change        `json:"other"`
	// Error says why a policy could not be read, if one could not.
	Error string `json:"error,omitempty"`
}

// RuleRef names a rule.
type RuleRef struct {
	ID       string          `json:"id"`
	Title    string          `json:"title"`
	Severity policy.Severity `json:"severity"`
}

// RuleChange is a rule whose definition changed, field by field.
type RuleChange struct {
	RuleRef
	Fields []Change `json:"fields"`
}

// LexiconChange is a lexicon added, removed or whose terms changed.
type LexiconChange struct {
	Name    string   `json:"name"`
	Added   []string `json:"added"`
	Removed []string `json:"removed"`
}

// Diff compares two loaded bundles.
func Diff(old, new *bundle.Bundle) Report {
	r := Report{
		Old:      Side{old.Source, old.Manifest.Org.Name, old.Manifest.Version},
		New:      Side{new.Source, new.Manifest.Org.Name, new.Manifest.Version},
		Manifest: diffManifest(old.Manifest, new.Manifest),
		Items:    diffItems(old.Content, new.Content),
		Policy:   diffPolicy(old.Policy, new.Policy),
	}
	return r
}

func valueText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case time.Time:
		if v.IsZero() {
			return ""
		}
		return stamp(v)
	}
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return ""
	}
	switch rv.Kind() {
	case reflect.String:
		return rv.String()
	case reflect.Pointer:
		if rv.IsNil() {
			return ""
		}
	case reflect.Slice, reflect.Map:
		if rv.Len() == 0 {
			return ""
		}
	}
	data, _ := json.Marshal(v)
	return string(data)
}

func changed(out []Change, field string, a, b any) []Change {
	if ta, tb := valueText(a), valueText(b); ta != tb {
		out = append(out, Change{field, ta, tb})
	}
	return out
}

func diffManifest(a, b bundle.Manifest) []Change {
	out := []Change{}
	out = changed(out, "version", a.Version, b.Version)
	out = changed(out, "published", a.Published, b.Published)
	out = changed(out, "org", a.Org, b.Org)
	out = changed(out, "audiences", a.Audiences, b.Audiences)
	out = changed(out, "news", a.News, b.News)
	out = changed(out, "archive", a.Archive, b.Archive)
	out = changed(out, "networks", a.Networks, b.Networks)
	return out
}

func ref(it bundle.Item) ItemRef { return ItemRef{it.ID, it.Title, it.Advocacy.Audience} }

func diffItems(a, b []bundle.Item) ItemsDiff {
	d := ItemsDiff{Added: []ItemRef{}, Removed: []ItemRef{}, Changed: []ItemChange{}}
	old := map[string]bundle.Item{}
	for _, it := range a {
		old[it.ID] = it
	}
	now := map[string]bool{}
	for _, it := range b {
		now[it.ID] = true
		was, ok := old[it.ID]
		if !ok {
			d.Added = append(d.Added, ref(it))
			continue
		}
		if c, any := diffItem(was, it); any {
			d.Changed = append(d.Changed, c)
		}
	}
	for _, it := range a {
		if !now[it.ID] {
			d.Removed = append(d.Removed, ref(it))
		}
	}
	return d
}

func diffItem(a, b bundle.Item) (ItemChange, bool) {
	c := ItemChange{ItemRef: ref(b), Changes: []Change{}, Captions: []CaptionChange{}}
	x, y := a.Advocacy, b.Advocacy
	c.Changes = changed(c.Changes, "not_before", x.NotBefore, y.NotBefore)
	c.Changes = changed(c.Changes, "expires", x.Expires, y.Expires)
	c.Window = len(c.Changes) > 0
	c.Changes = changed(c.Changes, "title", a.Title, b.Title)
	c.Changes = changed(c.Changes, "url", a.URL, b.URL)
	c.Changes = changed(c.Changes, "summary", a.Summary, b.Summary)
	c.Changes = changed(c.Changes, "image", a.Image, b.Image)
	c.Changes = changed(c.Changes, "topics", a.Tags, b.Tags)
	c.Changes = changed(c.Changes, "audience", x.Audience, y.Audience)
	c.Changes = changed(c.Changes, "campaign", x.Campaign, y.Campaign)
	c.Changes = changed(c.Changes, "locked", x.Locked, y.Locked)
	c.Changes = changed(c.Changes, "share_image", x.Image, y.Image)
	for _, id := range network.All {
		old, now := x.Captions[id], y.Captions[id]
		for i := range max(len(old), len(now)) {
			switch {
			case i >= len(old):
				c.Captions = append(c.Captions, CaptionChange{id, i, "added", "", now[i]})
			case i >= len(now):
				c.Captions = append(c.Captions, CaptionChange{id, i, "removed", old[i], ""})
			case old[i] != now[i]:
				c.Captions = append(c.Captions, CaptionChange{id, i, "changed", old[i], now[i]})
			}
		}
	}
	return c, len(c.Changes) > 0 || len(c.Captions) > 0
}

func diffPolicy(a, b []byte) PolicyDiff {
	d := PolicyDiff{Added: []RuleRef{}, Removed: []RuleRef{}, Changed: []RuleChange{}, Lexicons: []LexiconChange{}, Other: []Change{}}
	pa, err := policy.Parse("old policy", a)
	if err != nil {
		d.Error = strings.ReplaceAll(err.Error(), "\n", "; ")
		return d
	}
	pb, err := policy.Parse("new policy", b)
	if err != nil {
		d.Error = strings.ReplaceAll(err.Error(), "\n", "; ")
		return d
	}
	d.OldVersion, d.NewVersion = pa.About.Version, pb.About.Version
	old := map[string]policy.Rule{}
	for _, r := range pa.Rules {
		old[r.ID] = r
	}
	now := map[string]bool{}
	for _, r := range pb.Rules {
		now[r.ID] = true
		was, ok := old[r.ID]
		if !ok {
			d.Added = append(d.Added, RuleRef{r.ID, r.Title, r.Severity})
			continue
		}
		if fields := diffRule(was, r); len(fields) > 0 {
			d.Changed = append(d.Changed, RuleChange{RuleRef{r.ID, r.Title, r.Severity}, fields})
		}
	}
	for _, r := range pa.Rules {
		if !now[r.ID] {
			d.Removed = append(d.Removed, RuleRef{r.ID, r.Title, r.Severity})
		}
	}
	names := slices.Sorted(maps.Keys(pa.Lexicons))
	for name := range pb.Lexicons {
		if _, ok := pa.Lexicons[name]; !ok {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		added, removed := setDiff(pb.Lexicons[name], pa.Lexicons[name]), setDiff(pa.Lexicons[name], pb.Lexicons[name])
		if len(added)+len(removed) > 0 {
			d.Lexicons = append(d.Lexicons, LexiconChange{name, added, removed})
		}
	}
	d.Other = changed(d.Other, "policy.name", pa.About.Name, pb.About.Name)
	d.Other = changed(d.Other, "policy.effective", pa.About.Effective, pb.About.Effective)
	d.Other = changed(d.Other, "policy.owner", pa.About.Owner, pb.About.Owner)
	d.Other = changed(d.Other, "company", pa.Company, pb.Company)
	d.Other = changed(d.Other, "disclosures", pa.Disclosures, pb.Disclosures)
	d.Other = changed(d.Other, "protected_topics", pa.ProtectedTopics, pb.ProtectedTopics)
	d.Other = changed(d.Other, "quiet_periods", pa.QuietPeriods, pb.QuietPeriods)
	return d
}

// setDiff returns the terms of a that are not in b, in a's order.
func setDiff(a, b []string) []string {
	out := []string{}
	for _, t := range a {
		if !slices.Contains(b, t) {
			out = append(out, t)
		}
	}
	return out
}

// diffRule compares two versions of a rule field by field, by their YAML
// keys.
func diffRule(a, b policy.Rule) []Change {
	var out []Change
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	t := va.Type()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		out = changed(out, name, va.Field(i).Interface(), vb.Field(i).Interface())
	}
	return out
}

// Empty reports whether nothing changed.
func (r Report) Empty() bool {
	p := r.Policy
	return len(r.Manifest) == 0 && len(r.Items.Added)+len(r.Items.Removed)+len(r.Items.Changed) == 0 &&
		len(p.Added)+len(p.Removed)+len(p.Changed)+len(p.Lexicons)+len(p.Other) == 0 && p.Error == ""
}

// WriteText writes the report for a person to read.
func (r Report) WriteText(w io.Writer) {
	fmt.Fprintf(w, "%s %s → %s %s\n", r.Old.Org, r.Old.Version, r.New.Org, r.New.Version)
	if r.Empty() {
		fmt.Fprintln(w, "no changes")
		return
	}
	for _, c := range r.Manifest {
		fmt.Fprintf(w, "  manifest %s: %s → %s\n", c.Field, show(c.Old), show(c.New))
	}
	it := r.Items
	fmt.Fprintf(w, "items: %d added, %d removed, %d changed\n", len(it.Added), len(it.Removed), len(it.Changed))
	for _, a := range it.Added {
		fmt.Fprintf(w, "  + %s %q (%s)\n", a.ID, a.Title, strings.Join(a.Audience, ", "))
	}
	for _, a := range it.Removed {
		fmt.Fprintf(w, "  - %s %q (%s)\n", a.ID, a.Title, strings.Join(a.Audience, ", "))
	}
	for _, c := range it.Changed {
		window := ""
		if c.Window {
			window = " (sharing window changed)"
		}
		fmt.Fprintf(w, "  ~ %s %q%s\n", c.ID, c.Title, window)
		for _, f := range c.Changes {
			fmt.Fprintf(w, "      %s: %s → %s\n", f.Field, show(f.Old), show(f.New))
		}
		for _, cc := range c.Captions {
			fmt.Fprintf(w, "      captions.%s[%d] %s\n", cc.Network, cc.Variant, cc.Change)
			if cc.Old != "" {
				fmt.Fprintf(w, "        - %s\n", indentLines(cc.Old, "          "))
			}
			if cc.New != "" {
				fmt.Fprintf(w, "        + %s\n", indentLines(cc.New, "          "))
			}
		}
	}
	p := r.Policy
	if p.Error != "" {
		fmt.Fprintf(w, "policy: cannot compare: %s\n", p.Error)
		return
	}
	fmt.Fprintf(w, "policy %s → %s: %d rules added, %d removed, %d changed\n", p.OldVersion, p.NewVersion, len(p.Added), len(p.Removed), len(p.Changed))
	for _, a := range p.Added {
		fmt.Fprintf(w, "  + rule %s %q (%s)\n", a.ID, a.Title, a.Severity)
	}
	for _, a := range p.Removed {
		fmt.Fprintf(w, "  - rule %s %q (%s)\n", a.ID, a.Title, a.Severity)
	}
	for _, c := range p.Changed {
		fmt.Fprintf(w, "  ~ rule %s %q\n", c.ID, c.Title)
		for _, f := range c.Fields {
			fmt.Fprintf(w, "      %s: %s → %s\n", f.Field, show(f.Old), show(f.New))
		}
	}
	for _, l := range p.Lexicons {
		fmt.Fprintf(w, "  ~ lexicon %s:", l.Name)
		for _, t := range l.Added {
			fmt.Fprintf(w, " +%q", t)
		}
		for _, t := range l.Removed {
			fmt.Fprintf(w, " -%q", t)
		}
		fmt.Fprintln(w)
	}
	for _, c := range p.Other {
		fmt.Fprintf(w, "  ~ %s: %s → %s\n", c.Field, show(c.Old), show(c.New))
	}
}

func show(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func indentLines(s, indent string) string {
	return strings.ReplaceAll(s, "\n", "\n"+indent)
}
