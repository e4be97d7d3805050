package feeds

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// recordingProxy is a loopback HTTP proxy that notes every request it is
// handed and answers plain requests for public targets with a feed.
type recordingProxy struct {
	*httptest.Server
	mu   sync.Mutex
	seen []string
}

func newRecordingProxy(t *testing.T) *recordingProxy {
	t.Helper()
	p := &recordingProxy{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.seen = append(p.seen, r.Method+" "+r.Host+r.URL.Path)
		p.mu.Unlock()
		switch {
		case r.Method == http.MethodConnect:
			http.Error(w, "no tunnels here", http.StatusForbidden)
		case r.URL.Path == "/to-metadata":
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
		default:
			w.Write([]byte(rss))
		}
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *recordingProxy) requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.seen...)
}

// proxiedFetcher sends every request through p, as HTTP_PROXY would, but
// through the transport's Proxy func rather than the process environment.
// The proxy itself is on loopback, so 127.0.0.1 is allowed for it.
func proxiedFetcher(t *testing.T, p *recordingProxy) *Fetcher {
	t.Helper()
	f := NewFetcher([]string{"127.0.0.1"})
	u, err := url.Parse(p.URL)
	if err != nil {
		t.Fatal(err)
	}
	f.client.Transport.(*http.Transport).Proxy = http.ProxyURL(u)
	return f
}

// Before the fix, the guard checked only the proxy's (allowed) address,
// and each of these requests reached the proxy, which would have fetched
// the cloud metadata service or an intranet host for us.
func TestProxyNeverGetsPrivateTargets(t *testing.T) {
	t.Parallel()
	p := newRecordingProxy(t)
	f := proxiedFetcher(t, p)
	for _, target := range []string{
		"http://169.254.169.254/latest/meta-data/",
		"http://10.0.0.1/feed",
		"http://192.168.1.1/feed",
		"http://172.16.0.1/feed",
		"http://100.64.0.1/feed",
		"http://198.18.0.1/feed",
		"http://[::ffff:10.0.0.1]/feed",
		"http://[::ffff:a9fe:a9fe]/feed",
		"http://[64:ff9b::a9fe:a9fe]/feed",
		"http://[2002:c0a8:101::1]/feed",
		"http://[fd00::1]/feed",
		"http://[fe80::1]/feed",
		"https://10.0.0.1/feed",
		"http://" + p.Listener.Addr().String() + "/to-metadata", // a redirect into the private network
	} {
		_, err := f.Fetch(context.Background(), target, Validators{})
		if !errors.Is(err, ErrPrivateAddress) {
			t.Errorf("%s through the proxy: %v, want ErrPrivateAddress", target, err)
		}
	}
	for _, r := range p.requests() {
		if !strings.HasSuffix(r, "/to-metadata") {
			t.Errorf("the proxy was handed %q", r)
		}
	}
}

// A public target still goes through the proxy, by address or by name.
func TestProxyStillCarriesPublicTargets(t *testing.T) {
	t.Parallel()
	p := newRecordingProxy(t)
	f := proxiedFetcher(t, p)
	f.lookup = fakeLookup(map[string]string{"news.example": "203.0.113.8"})
	for _, target := range []string{"http://203.0.113.7/feed", "http://news.example/feed"} {
		resp, err := f.Fetch(context.Background(), target, Validators{})
		if err != nil || len(resp.Body) == 0 {
			t.Fatalf("%s through the proxy: %+v %v", target, resp, err)
		}
	}
	if got := p.requests(); len(got) != 2 || got[0] != "GET 203.0.113.7/feed" || got[1] != "GET news.example/feed" {
		t.Fatalf("the proxy saw %q", got)
	}
}

// A name is resolved before it is handed to the proxy: one that leads into
// the private network, or that cannot be resolved here, is refused.
func TestProxiedNamesAreResolvedFirst(t *testing.T) {
	t.Parallel()
	p := newRecordingProxy(t)
	f := proxiedFetcher(t, p)
	f.lookup = fakeLookup(map[string]string{
		"intranet.example": "10.1.2.3",
		"mixed.example":    "203.0.113.9,192.168.0.10",
		"rebind.example":   "::ffff:169.254.169.254",
	})
	for _, host := range []string{"intranet.example", "mixed.example", "rebind.example"} {
		if _, err := f.Fetch(context.Background(), "http://"+host+"/feed", Validators{}); !errors.Is(err, ErrPrivateAddress) {
			t.Errorf("%s: %v, want ErrPrivateAddress", host, err)
		}
	}
	_, err := f.Fetch(context.Background(), "http://unknown.example/feed", Validators{})
	if err == nil || errors.Is(err, ErrPrivateAddress) || !strings.Contains(err.Error(), "cannot find the server unknown.example") {
		t.Errorf("unresolvable name: %v", err)
	}
	if got := p.requests(); len(got) != 0 {
		t.Fatalf("the proxy was handed %q", got)
	}
	// An allowed intranet host is still fetched through the proxy.
	f.SetAllowed([]string{"127.0.0.1", "intranet.example"})
	if _, err := f.Fetch(context.Background(), "http://intranet.example/feed", Validators{}); err != nil {
		t.Fatalf("allowed intranet host: %v", err)
	}
}

// fakeLookup resolves the names it is given (addresses comma-separated) and
// no others, as a DNS server would.
func fakeLookup(names map[string]string) func(context.Context, string, string) ([]netip.Addr, error) {
	return func(_ context.Context, _, host string) ([]netip.Addr, error) {
		list, ok := names[host]
		if !ok {
			return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
		}
		var out []netip.Addr
		for _, s := range strings.Split(list, ",") {
			out = append(out, netip.MustParseAddr(s))
		}
		return out, nil
	}
}

// The direct dial guard refuses the ranges added in the review, before
// any packet leaves: no proxy is involved here.
func TestDirectDialRefusesReservedRanges(t *testing.T) {
	t.Parallel()
	f := NewFetcher(nil)
	f.client.Transport.(*http.Transport).Proxy = nil
	for _, target := range []string{"http://198.18.0.1:9/", "http://198.19.255.254:9/", "http://100.64.0.1:9/", "http://0.1.2.3:9/", "http://240.0.0.1:9/"} {
		if _, err := f.Fetch(context.Background(), target, Validators{}); !errors.Is(err, ErrPrivateAddress) {
			t.Errorf("%s: %v, want ErrPrivateAddress", target, err)
		}
	}
}

func TestPrivateRanges(t *testing.T) {
	t.Parallel()
	for addr, want := range map[string]bool{
		"10.0.0.1": true, "172.16.0.1": true, "192.168.1.1": true, "127.0.0.1": true,
		"169.254.169.254": true, "100.64.0.1": true, "100.127.255.254": true, "198.18.0.1": true,
		"198.19.255.255": true, "0.0.0.0": true, "255.255.255.255": true, "224.0.0.1": true,
		"::1": true, "::": true, "fd00::1": true, "fe80::1": true, "fec0::1": true, "ff02::1": true,
		"::ffff:10.0.0.1": true, "::ffff:169.254.169.254": true, "::ffff:192.168.0.1": true,
		"::10.0.0.1":         true, // IPv4-compatible
		"64:ff9b::a9fe:a9fe": true, "64:ff9b::10.0.0.1": true, "64:ff9b::7f00:1": true,
		"64:ff9b:1::1":                         true, // local-use NAT64
		"2002:a00:1::":                         true, // 6to4 of 10.0.0.1
		"2002:c0a8:101::1":                     true, // 6to4 of 192.168.1.1
		"2002:7f00:1::1":                       true, // 6to4 of 127.0.0.1
		"2001:0:4136:e378:8000:63bf:f5ff:fffe": true, // Teredo, client 10.0.0.1
		// Public addresses, also behind the transition prefixes.
		"93.184.216.34": false, "8.8.8.8": false, "100.128.0.1": false, "198.20.0.1": false,
		"2606:4700::1111": false, "::ffff:8.8.8.8": false, "64:ff9b::808:808": false,
		"2002:808:808::1": false, "2001:0:4136:e378:8000:63bf:f7f7:f7f7": false,
	} {
		if got := private(netip.MustParseAddr(addr)); got != want {
			t.Errorf("private(%s) = %v, want %v", addr, got, want)
		}
	}
}
