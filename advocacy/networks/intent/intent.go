// Package intent builds share-intent addresses: sharing through the
// network's own web page in the browser, with no API credentials at all.
package intent

import (
	"fmt"
	"net/url"
	"strings"
)

// URL returns the address that opens network's compose page with text
// (and link, where the network takes one separately). Mastodon needs the
// user's instance (a host name or https address).
func URL(network, text, link, instance string) (string, error) {
	switch network {
	case "x":
		q := url.Values{"text": {text}}
		if link != "" && !strings.Contains(text, link) {
			q.Set("url", link)
		}
		return "https://x.com/intent/tweet?" + q.Encode(), nil
	case "linkedin":
		if link == "" {
			return "", fmt.Errorf("intent: LinkedIn shares a link: give the post a link to share")
		}
		return "https://www.linkedin.com/sharing/share-offsite/?" + url.Values{"url": {link}}.Encode(), nil
	case "mastodon":
		host := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(instance), "https://"), "http://"), "/")
		if host == "" || strings.ContainsAny(host, "/?#@ ") {
			return "", fmt.Errorf("intent: Mastodon needs your server's name, such as mastodon.social")
		}
		body := text
		if link != "" && !strings.Contains(text, link) {
			body += " " + link
		}
		return "https://" + host + "/share?" + url.Values{"text": {body}}.Encode(), nil
	case "bluesky":
		body := text
		if link != "" && !strings.Contains(text, link) {
			body += " " + link
		}
		return "https://bsky.app/intent/compose?" + url.Values{"text": {body}}.Encode(), nil
	}
	return "", fmt.Errorf("intent: unknown network %q", network)
}
