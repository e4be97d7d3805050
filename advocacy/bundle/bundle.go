// Package bundle reads an organisation bundle: the manifest, policy, approved
// content and recommended news a company publishes for Advocate, from the
// embedded demo, a local folder or a web server.
//
// Every file has a detached minisign signature beside it (NAME.minisig)
// whose trusted comment names the file by its path in the bundle
// ("timestamp:…\tfile:content/employee.json\thashed"), and the signed
// manifest lists every other file with its SHA-256 under "files". A
// verified load refuses a file that is unsigned, changed, signed as another
// file, not listed or not the listed version, so files can be neither
// swapped nor rolled back one by one; CheckNewer refuses a whole bundle
// older than the one in force. Sign and advocatectl bundle sign write both.
package bundle

import (
	"slices"
	"time"

	"github.com/advocate-app/advocate/advocacy/network"
)

// Roles a user can hold, which are also the audiences content is made for.
const (
	RoleEmployee = "employee"
	RoleAlumni   = "alumni"
)

// Manifest is the bundle's table of contents, manifest.json.
type Manifest struct {
	Format    int                 `json:"format"`
	Org       Org                 `json:"org"`
	Version   string              `json:"version"`
	Published time.Time           `json:"published"`
	Audiences []string            `json:"audiences"`
	Policy    string              `json:"policy"`
	Content   map[string][]string `json:"content"`
	News      []NewsFeed          `json:"news"`
	Archive   string              `json:"archive,omitempty"`
	// Suggestions is where "Suggest a post" sends suggestions: an https
	// endpoint (a POST of one JSON suggestion each) or a mailto: address.
	Suggestions string `json:"suggestions,omitempty"`
	// Metrics is where the first bundles named the metrics endpoint (and
	// what advocatectl bundle build still writes); Measurement.Endpoint,
	// when set, wins. Use MetricsEndpoint.
	Metrics string `json:"metrics,omitempty"`
	// Measurement says what the organisation measures of its programme.
	Measurement Measurement `json:"measurement,omitzero"`
	Networks    NetworkApps `json:"networks"`
	// Files lists every other file of the bundle by its name in the
	// bundle, with the SHA-256 of its bytes (lower-case hex). The manifest
	// is signed, so this binds each file to its name and to the bundle's
	// version: a verified load refuses a file it does not list or whose
	// bytes differ. advocatectl bundle sign writes it.
	Files map[string]string `json:"files,omitempty"`
}

// Measurement is the manifest's "measurement" part: what the organisation
// measures of its programme, and where desktops send it.
//
//	"measurement": {"endpoint": "https://metrics.example.com/advocate", "x": true}
type Measurement struct {
	// Endpoint is the https address desktops POST their weekly
	// aggregates to, when the user or the organisation's managed
	// configuration agrees; empty means none are sent.
	Endpoint string `json:"endpoint,omitempty"`
	// X turns reading posts' public counts from X on. X charges for every
	// read, so it is off unless the organisation turns it on.
	X bool `json:"x,omitempty"`
	// Clicks names where clicks on shared links are counted (the
	// organisation's own web analytics, through the UTM tags Advocate
	// adds), for the report to say; Advocate itself never counts clicks.
	Clicks string `json:"clicks,omitempty"`
}

// MetricsEndpoint is where weekly aggregates go: measurement.endpoint, or
// the top-level "metrics" of older manifests; empty for none.
func (m Manifest) MetricsEndpoint() string {
	if m.Measurement.Endpoint != "" {
		return m.Measurement.Endpoint
	}
	return m.Metrics
}

// NetworkApps are the organisation's registered apps for networks whose
// APIs need one (X, LinkedIn). Without them, those networks are shared to
// through the browser.
type NetworkApps struct {
	X struct {
		ConsumerKey    string `json:"consumer_key"`
		ConsumerSecret string `json:"consumer_secret"`
	} `json:"x"`
	LinkedIn struct {
		ClientID string `json:"client_id"`
	} `json:"linkedin"`
}

// Org names the company: its names and products (which make a post "about
// the company") and the domains it owns.
type Org struct {
	Name     string   `json:"name"`
	Names    []string `json:"names"`
	Products []string `json:"products"`
	Domains  []string `json:"domains"`
}

// NewsFeed is a news feed the company recommends. URL is either a file in
// the bundle (a relative path) or an http(s) address fetched separately.
type NewsFeed struct {
	Title    string   `json:"title"`
	URL      string   `json:"url"`
	Audience []string `json:"audience"`
}

// News is a recommended feed together with its bytes when the bundle ships
// the feed itself (Data is nil for feeds that live elsewhere).
type News struct {
	Feed NewsFeed
	Data []byte
}

// Item is one piece of approved content: a JSON Feed 1.1 item with the
// `_advocacy` extension.
type Item struct {
	ID        string    `json:"id"`
	URL       string    `json:"url"`
	Title     string    `json:"title"`
	Summary   string    `json:"summary"`
	Text      string    `json:"content_text"`
	Image     string    `json:"image"`
	Published time.Time `json:"date_published"`
	Tags      []string  `json:"tags"`
	Advocacy  Advocacy  `json:"_advocacy"`
}

// Advocacy is the `_advocacy` extension of an approved item.
type Advocacy struct {
	Audience  []string                `json:"audience"`
	Campaign  string                  `json:"campaign"`
	NotBefore time.Time               `json:"not_before"`
	Expires   time.Time               `json:"expires"`
	Captions  map[network.ID][]string `json:"captions"`
	Locked    []string                `json:"locked"`
	// Image is the picture to attach when sharing, if the publisher chose
	// one other than the item's own.
	Image string `json:"image"`
}

// For reports whether the item is meant for role.
func (it Item) For(role string) bool { return slices.Contains(it.Advocacy.Audience, role) }

// Live reports whether at lies within the item's sharing window: not before
// its not-before time, and before it expires. A zero time leaves that side open.
func (it Item) Live(at time.Time) bool {
	a := it.Advocacy
	if !a.NotBefore.IsZero() && at.Before(a.NotBefore) {
		return false
	}
	return a.Expires.IsZero() || at.Before(a.Expires)
}

// Captions returns the caption variants for network, falling back to the
// item's title and link when the publisher wrote none for it.
func (it Item) Captions(id network.ID) []string {
	if c := it.Advocacy.Captions[id]; len(c) > 0 {
		return c
	}
	if it.URL == "" {
		return []string{it.Title}
	}
	return []string{it.Title + " " + it.URL}
}

// Bundle is a loaded organisation bundle.
type Bundle struct {
	// Source says where the bundle came from: "demo", a folder or a URL.
	Source   string
	Manifest Manifest
	// Policy is the policy file's text; the policy package parses it.
	Policy  []byte
	Content []Item
	News    []News
	// Files holds every file read, by its name in the bundle, so that
	// signatures are checked against exactly these bytes.
	Files map[string][]byte
	// Verified is set once every file's signature has been checked; KeyID
	// names the key that signed them.
	Verified bool
	KeyID    string
	// FromCache is set when the bundle is the kept last good copy.
	FromCache bool
	// signatures holds each file's .minisig, or why it could not be read.
	signatures map[string]signature
}

type signature struct {
	data []byte
	err  error
}

// Shareable returns the items role may share at the given time, in the
// order the publisher listed them.
func (b *Bundle) Shareable(role string, at time.Time) []Item {
	var out []Item
	for _, it := range b.Content {
		if it.For(role) && it.Live(at) {
			out = append(out, it)
		}
	}
	return out
}

// NewsFor returns the recommended feeds meant for role.
func (b *Bundle) NewsFor(role string) []News {
	var out []News
	for _, n := range b.News {
		if len(n.Feed.Audience) == 0 || slices.Contains(n.Feed.Audience, role) {
			out = append(out, n)
		}
	}
	return out
}
