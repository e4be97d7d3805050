package feeds

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
)

// MaxOPMLSize caps an imported subscription list.
const MaxOPMLSize = 2 << 20

// OPMLFeed is one subscription in an OPML file.
type OPMLFeed struct {
	Title string
	URL   string
}

type opmlDoc struct {
	XMLName xml.Name      `xml:"opml"`
	Version string        `xml:"version,attr"`
	Title   string        `xml:"head>title"`
	Body    []opmlOutline `xml:"body>outline"`
}

type opmlOutline struct {
	Text     string        `xml:"text,attr"`
	Title    string        `xml:"title,attr,omitempty"`
	Type     string        `xml:"type,attr,omitempty"`
	XMLURL   string        `xml:"xmlUrl,attr,omitempty"`
	HTMLURL  string        `xml:"htmlUrl,attr,omitempty"`
	Children []opmlOutline `xml:"outline"`
}

// ImportOPML reads the feeds of an OPML subscription list, at any depth of
// folders. Entries without an http(s) feed address are skipped; duplicates
// are listed once.
func ImportOPML(data []byte) ([]OPMLFeed, error) {
	if len(data) > MaxOPMLSize {
		return nil, fmt.Errorf("feeds: the OPML file is larger than %d MiB", MaxOPMLSize>>20)
	}
	var doc opmlDoc
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("feeds: not an OPML subscription list: %v", err)
	}
	var out []OPMLFeed
	seen := map[string]bool{}
	var walk func([]opmlOutline, int) error
	walk = func(outlines []opmlOutline, depth int) error {
		if depth > 32 {
			return errors.New("feeds: the OPML folders are nested too deeply")
		}
		for _, o := range outlines {
			if u := SafeLink(o.XMLURL); u != "" && !seen[u] {
				seen[u] = true
				title := strings.TrimSpace(PlainText(o.Title))
				if title == "" {
					title = strings.TrimSpace(PlainText(o.Text))
				}
				out = append(out, OPMLFeed{Title: title, URL: u})
			}
			if err := walk(o.Children, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(doc.Body, 0); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errors.New("feeds: the OPML file lists no feed addresses")
	}
	return out, nil
}

// ExportOPML writes subscriptions as an OPML 2.0 list that other readers
// import.
func ExportOPML(title string, subs []Subscription) ([]byte, error) {
	doc := opmlDoc{Version: "2.0", Title: title}
	for _, s := range subs {
		if strings.HasPrefix(s.URL, BundleScheme) {
			continue // shipped inside the bundle: no address to give
		}
		name := s.Title
		if name == "" {
			name = s.URL
		}
		doc.Body = append(doc.Body, opmlOutline{Text: name, Title: name, Type: "rss", XMLURL: s.URL})
	}
	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("feeds: write OPML: %w", err)
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}
