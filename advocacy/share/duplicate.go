package share

import (
	"context"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/store"
)

// DuplicateWindow is how far back a share counts as a repeat of a new one
// to the same place.
const DuplicateWindow = 24 * time.Hour

// RepeatOf returns the latest share to the same account on the same
// network since since whose text is the same as text or nearly so (see
// SameText), and false when there is none. Withdrawn shares and those the
// network refused do not count.
func (o *Outbox) RepeatOf(ctx context.Context, id network.ID, account int64, text string, since time.Time) (Share, bool, error) {
	list, err := o.query(ctx, "WHERE network = ? AND account_id = ? AND created_at >= ? AND state NOT IN (?, ?) ORDER BY id DESC",
		id, account, store.FormatTime(since), Cancelled, Failed)
	if err != nil {
		return Share{}, false, err
	}
	for _, s := range list {
		if SameText(s.Text, text) {
			return s, true, nil
		}
	}
	return Share{}, false, nil
}

// SameText reports whether two posts say the same thing to a reader:
// equal once case, spacing, punctuation and the query part of links
// (tracking tags) are set aside, or sharing at least nine in ten of their
// words.
func SameText(a, b string) bool {
	wa, wb := words(a), words(b)
	if len(wa) == 0 || len(wb) == 0 {
		return false
	}
	if strings.Join(wa, " ") == strings.Join(wb, " ") {
		return true
	}
	return overlap(wa, wb) >= 0.9
}

// words are a post's words in lower case, links without their query.
func words(text string) []string {
	var out []string
	for _, f := range strings.Fields(text) {
		if u, err := url.Parse(strings.TrimRight(f, ".,;:!?)")); err == nil && u.Host != "" {
			out = append(out, strings.ToLower(u.Host+u.Path))
			continue
		}
		w := strings.ToLower(strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// overlap is the share of distinct words the two lists have in common,
// of all their distinct words (Jaccard).
func overlap(a, b []string) float64 {
	set := map[string]int{}
	for _, w := range a {
		set[w] |= 1
	}
	for _, w := range b {
		set[w] |= 2
	}
	both := 0
	for _, v := range set {
		if v == 3 {
			both++
		}
	}
	return float64(both) / float64(len(set))
}
