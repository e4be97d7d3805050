// Package intent builds share-intent addresses: sharing through the
// network's own web page in the browser, with no API credentials at all.
package intent

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/advocate-app/advocate/advocacy/network"
)

// URL returns the address that opens the network's compose page (its
// facts' Intent) with text, and link where the network takes one
// separately. Mastodon needs the user's instance (a host name or https
// address).
func URL(id network.ID, text, link, instance string) (string, error) {
	f, ok := id.Facts()
	if !ok {
		return "", fmt.Errorf("intent: %w", &network.UnknownError{Name: string(id)})
	}
	body := text
	if link != "" && !strings.Contains(text, link) {
		body += " " + link
	}
	switch id {
	case network.X:
		q := url.Values{"text": {text}}
		if link != "" && !strings.Contains(text, link) {
			q.Set("url", link)
		}
		return f.Intent + "?" + q.Encode(), nil
	case network.LinkedIn:
		if link == "" {
			return "", fmt.Errorf("intent: LinkedIn shares a link: give the post a link to share")
		}
		return f.Intent + "?" + url.Values{"url": {link}}.Encode(), nil
	}
	if f.OwnServer {
		host := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(instance), "https://"), "http://"), "/")
		if host == "" || strings.ContainsAny(host, "/?#@ ") {
			return "", fmt.Errorf("intent: %s needs your server's name, such as mastodon.social", f.Title)
		}
		return "https://" + host + f.Intent + "?" + url.Values{"text": {body}}.Encode(), nil
	}
	return f.Intent + "?" + url.Values{"text": {body}}.Encode(), nil
}
