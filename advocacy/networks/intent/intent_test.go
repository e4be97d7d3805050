package intent

import (
	"net/url"
	"strings"
	"testing"

	"github.com/advocate-app/advocate/advocacy/network"
)

func TestIntentURLs(t *testing.T) {
	text := "Atlas 3 ships! #robots & more"
	link := "https://larkspur.example/atlas-3?utm_source=x"
	cases := map[network.ID]struct {
		host, path, param, want string
	}{
		"x":        {"x.com", "/intent/tweet", "text", text},
		"linkedin": {"www.linkedin.com", "/sharing/share-offsite/", "url", link},
		"mastodon": {"mastodon.social", "/share", "text", text + " " + link},
		"bluesky":  {"bsky.app", "/intent/compose", "text", text + " " + link},
	}
	for id, c := range cases {
		raw, err := URL(id, text, link, "https://mastodon.social/")
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		u, err := url.Parse(raw)
		if err != nil || u.Scheme != "https" || u.Host != c.host || u.Path != c.path {
			t.Fatalf("%s: %s", id, raw)
		}
		if got := u.Query().Get(c.param); got != c.want {
			t.Errorf("%s: %s = %q, want %q", id, c.param, got, c.want)
		}
	}
	if raw, _ := URL("x", text, link, ""); !strings.Contains(raw, "url=") {
		t.Errorf("x intent without the link: %s", raw)
	}
	for _, bad := range []struct {
		network        network.ID
		instance, link string
	}{
		{"mastodon", "", link}, {"mastodon", "evil.example/phish?x=", link}, {"linkedin", "", ""}, {"myspace", "", link},
	} {
		if _, err := URL(bad.network, text, bad.link, bad.instance); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}
