// Package feeds parses, sanitises and (in time) fetches and caches the news
// feeds Advocate shows.
package feeds

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
)

// Item is a news item, made safe to show: its text is plain, and its link is
// an http or https address or empty.
type Item struct {
	GUID      string
	Title     string
	Link      string
	Published time.Time
	Summary   string
}

// Feed is a parsed news feed.
type Feed struct {
	Title string
	// Format is "rss", "atom" or "json".
	Format string
	Items  []Item
}

// MaxSummary caps an item's summary, in runes.
const MaxSummary = 600

// Parse reads an RSS, Atom or JSON Feed document. Items come newest first.
func Parse(data []byte) (*Feed, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("feeds: the feed is empty")
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			return nil, errors.New("feeds: not an RSS, Atom or JSON feed")
		}
		return nil, fmt.Errorf("feeds: cannot read the feed: %v", err)
	}
	out := &Feed{Title: PlainText(f.Title), Format: f.FeedType}
	for _, it := range f.Items {
		item := Item{
			GUID:    it.GUID,
			Title:   PlainText(it.Title),
			Link:    SafeLink(it.Link),
			Summary: clip(PlainText(firstNonEmpty(it.Description, it.Content)), MaxSummary),
		}
		switch {
		case it.PublishedParsed != nil:
			item.Published = *it.PublishedParsed
		case it.UpdatedParsed != nil:
			item.Published = *it.UpdatedParsed
		}
		if item.Title == "" {
			item.Title = clip(item.Summary, 80)
		}
		out.Items = append(out.Items, item)
	}
	sort.SliceStable(out.Items, func(i, j int) bool { return out.Items[i].Published.After(out.Items[j].Published) })
	return out, nil
}

// SafeLink returns link if it is an absolute http or https address, and ""
// otherwise, so that no javascript:, file: or data: link can be opened. The
// address comes back without user name or password ("https://bank.example@
// evil.example/" reads as the host it names, and no credentials are kept or
// shared), and one holding bidi controls, which can make it read as another
// address, is refused.
func SafeLink(link string) string {
	link = strings.TrimSpace(link)
	if strings.ContainsFunc(link, isBidiControl) {
		return ""
	}
	u, err := url.Parse(link)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	u.User = nil
	return u.String()
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
