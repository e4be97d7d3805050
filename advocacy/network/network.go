// Package network names the social networks Advocate shares to and holds
// one table of what differs between them: how they are titled, how they
// count a post's length and where its limit is, whether their API keeps an
// idempotency key, where their web share page is, and how a user signs in.
// It imports nothing of Advocate's, so that every layer can use it.
package network

import (
	"fmt"
	"strings"
)

// ID names a network as Advocate stores it ("x", "linkedin", …).
type ID string

// The networks Advocate shares to.
const (
	X        ID = "x"
	LinkedIn ID = "linkedin"
	Mastodon ID = "mastodon"
	Bluesky  ID = "bluesky"
)

// All lists every network, in the order screens show them.
var All = []ID{X, LinkedIn, Mastodon, Bluesky}

// Counting is how a network measures a post's length.
type Counting int

// The ways networks count.
const (
	// Weighted is twitter-text v3: NFC, code points in the light ranges
	// count 1 and others 2, an emoji sequence 2.
	Weighted Counting = iota + 1
	// Graphemes counts grapheme clusters.
	Graphemes
	// UTF16 counts UTF-16 code units, as LinkedIn's web composer does.
	UTF16
)

// SignIn is how a user connects an account on a network.
type SignIn int

// The ways of signing in.
const (
	// PIN is OAuth 1.0a out of band: the browser shows a PIN to type back.
	PIN SignIn = iota + 1
	// Browser is OAuth 2.0 in the browser with a loopback redirect.
	Browser
	// ServerBrowser is OAuth 2.0 on the user's own server, whose name the
	// user gives first; a code to paste back replaces the loopback
	// redirect where the browser cannot reach it.
	ServerBrowser
	// AppPassword signs in with a handle and an app password.
	AppPassword
)

// Facts are what Advocate knows about one network.
type Facts struct {
	ID ID
	// Title names the network as its users do.
	Title string
	// Limit is the most a post may count, and Counting how it counts.
	Limit    int
	Counting Counting
	// LinkLength is what each link counts, whatever its length; 0 counts
	// links as written.
	LinkLength int
	// MaxBytes is a limit on a post's UTF-8 size as well; 0 means none.
	MaxBytes int
	// Idempotent reports whether the API keeps an idempotency key, so that
	// a post whose outcome is unknown can be sent again safely.
	Idempotent bool
	// Intent is the address of the network's web share page; for networks
	// on the user's own server it is the path on that server.
	Intent string
	// OwnServer reports that accounts live on a server the user names.
	OwnServer bool
	// LinkCard reports that the network shows a card for a post's link.
	LinkCard bool
	// ShortensLinks reports that the network shows links cut short,
	// without their scheme.
	ShortensLinks bool
	// SignIn is how a user connects an account.
	SignIn SignIn
}

// table holds the facts of every network.
var table = map[ID]Facts{
	X: {ID: X, Title: "X", Limit: 280, Counting: Weighted, LinkLength: 23,
		Intent: "https://x.com/intent/tweet", ShortensLinks: true, SignIn: PIN},
	LinkedIn: {ID: LinkedIn, Title: "LinkedIn", Limit: 3000, Counting: UTF16,
		Intent: "https://www.linkedin.com/sharing/share-offsite/", LinkCard: true, SignIn: Browser},
	Mastodon: {ID: Mastodon, Title: "Mastodon", Limit: 500, Counting: Graphemes, LinkLength: 23,
		Idempotent: true, Intent: "/share", OwnServer: true, ShortensLinks: true, SignIn: ServerBrowser},
	Bluesky: {ID: Bluesky, Title: "Bluesky", Limit: 300, Counting: Graphemes, MaxBytes: 3000,
		Intent: "https://bsky.app/intent/compose", LinkCard: true, ShortensLinks: true, SignIn: AppPassword},
}

// Facts returns what is known about the network, and false for an ID
// that names none.
func (id ID) Facts() (Facts, bool) {
	f, ok := table[id]
	return f, ok
}

// Known reports whether id names a network.
func (id ID) Known() bool {
	_, ok := table[id]
	return ok
}

// Title names the network as its users do ("LinkedIn"); an unknown ID is
// returned as it is.
func (id ID) Title() string {
	if f, ok := table[id]; ok {
		return f.Title
	}
	return string(id)
}

// String returns the ID as stored.
func (id ID) String() string { return string(id) }

// UnknownError says a name is not one of the networks.
type UnknownError struct{ Name string }

func (e *UnknownError) Error() string {
	return fmt.Sprintf("network: unknown network %q (use %s)", e.Name, names())
}

func names() string {
	s := make([]string, len(All))
	for i, id := range All {
		s[i] = string(id)
	}
	return strings.Join(s, ", ")
}

// Parse reads a network's ID or title, in any case ("Bluesky",
// "linkedin"); anything else is an *UnknownError.
func Parse(name string) (ID, error) {
	want := strings.ToLower(strings.TrimSpace(name))
	for _, id := range All {
		if want == string(id) || want == strings.ToLower(table[id].Title) {
			return id, nil
		}
	}
	return "", &UnknownError{Name: name}
}

// Titles returns the titles of ids, in order.
func Titles(ids []ID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id.Title()
	}
	return out
}
