// Package share takes a post from the user's click to the network: UTM
// tags, a durable outbox written before any network call, posting with an
// idempotency key, and every step on the audit trail. Nothing posts
// without a share the user created.
package share

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/advocate-app/advocate/advocacy/network"
)

var linkPattern = regexp.MustCompile(`https?://[^\s<>"]+`)

// shorteners are link shorteners; their links are never tagged.
var shorteners = []string{"bit.ly", "t.co", "tinyurl.com", "goo.gl", "ow.ly", "buff.ly", "is.gd", "lnkd.in", "rebrand.ly", "cutt.ly", "t.ly", "rb.gy"}

// Tag adds UTM parameters to each link in text: utm_source is the network,
// utm_medium "advocacy", utm_campaign the content's campaign, utm_content
// the share's id. Links to untagged hosts (and their subdomains), links
// through shorteners and links already tagged are left as they are.
func Tag(text string, id network.ID, campaign, shareID string, untagged []string) string {
	return linkPattern.ReplaceAllStringFunc(text, func(raw string) string {
		trimmed := strings.TrimRight(raw, ".,;:!?)'")
		tail := raw[len(trimmed):]
		u, err := url.Parse(trimmed)
		if err != nil || u.Host == "" {
			return raw
		}
		host := strings.ToLower(u.Hostname())
		for _, h := range append(append([]string{}, untagged...), shorteners...) {
			h = strings.ToLower(h)
			if host == h || strings.HasSuffix(host, "."+h) {
				return raw
			}
		}
		q := u.Query()
		if q.Get("utm_source") != "" {
			return raw
		}
		q.Set("utm_source", string(id))
		q.Set("utm_medium", "advocacy")
		if campaign != "" {
			q.Set("utm_campaign", campaign)
		}
		if shareID != "" {
			q.Set("utm_content", shareID)
		}
		u.RawQuery = q.Encode()
		return u.String() + tail
	})
}
