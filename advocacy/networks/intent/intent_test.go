package intent

import (
	"net/url"
	"strings"
	"testing"
)

func TestIntentURLs(t *testing.T) {
	text := "Atlas 3 ships! #robots & more"
	link := "https://larkspur.example/atlas-3?utm_source=x"
	cases := map[string]struct {
		host, path, param, want string
	}{
		"x":        {"x.com", "/intent/tweet", "text", text},
		"linkedin": {"www.linkedin.com", "/sharing/share-offsite/", "url", link},
		"mastodon": {"mastodon.social", "/share", "text", text + " " + link},
		"bluesky":  {"bsky.app", "/intent/compose", "text", text + " " + link},
	}
	for network, c := range cases {
		raw, err := URL(network, text, link, "https://mastodon.social/")
		if err != nil {
			t.Fatalf("%s: %v", network, err)
		}
		u, err := url.Parse(raw)
		if err != nil || u.Scheme != "https" || u.Host != c.host || u.Path != c.path {
			t.Fatalf("%s: %s", network, raw)
		}
		if got := u.Query().Get(c.param); got != c.want {
			t.Errorf("%s: %s = %q, want %q", network, c.param, got, c.want)
		}
	}
	if raw, _ := URL("x", text, link, ""); !strings.Contains(raw, "url=") {
		t.Errorf("x intent without the link: %s", raw)
	}
	for _, bad := range []struct{ network, instance, link string }{
		{"mastodon", "", link}, {"mastodon", "evil.example/phish?x=", link}, {"linkedin", "", ""}, {"myspace", "", link},
	} {
		if _, err := URL(bad.network, text, bad.link, bad.instance); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}
