package feeds

import (
	"context"
	"errors"
	"net/netip"
	"testing"
)

// A feed address is checked when it is added with the guard a fetch
// meets: loopback, private and link-local addresses are refused, given
// as an address or reached through a name, and each refusal names the
// host and the address; the organisation's intranet hosts and allowed
// addresses pass, and so do public ones and names that do not resolve.
func TestCheckAddressRefusesPrivateNetworksWhenAdded(t *testing.T) {
	t.Parallel()
	f := NewFetcher([]string{"wiki.larkspur.example", "10.9.9.9"})
	f.lookup = fakeLookup(map[string]string{
		"router.lan":            "192.168.1.1",
		"mixed.example":         "203.0.113.9,10.1.2.3",
		"mapped.example":        "::ffff:127.0.0.1",
		"news.example":          "203.0.113.8,2001:db8::8",
		"wiki.larkspur.example": "10.0.0.7",
		"allowed-ip.example":    "10.9.9.9",
	})
	refused := map[string]string{
		"http://127.0.0.1:8080/feed.xml":   "127.0.0.1",
		"https://[::1]/feed":               "::1",
		"http://10.0.0.5/rss":              "10.0.0.5",
		"http://169.254.169.254/latest":    "169.254.169.254",
		"http://[fe80::1%25eth0]/feed":     "fe80::1",
		"http://router.lan/feed":           "192.168.1.1",
		"http://mixed.example/feed":        "10.1.2.3",
		"http://mapped.example/feed":       "127.0.0.1",
		"http://[::ffff:192.168.0.3]/feed": "192.168.0.3",
		"http://[64:ff9b::7f00:1]/feed":    "64:ff9b::7f00:1",
	}
	for addr, ip := range refused {
		err := f.CheckAddress(context.Background(), addr)
		var pe *PrivateAddressError
		if !errors.As(err, &pe) || !errors.Is(err, ErrPrivateAddress) {
			t.Errorf("%s: %v, want a PrivateAddressError", addr, err)
			continue
		}
		if pe.Addr != netip.MustParseAddr(ip) || pe.Host == "" {
			t.Errorf("%s: refused as %s (%s), want %s", addr, pe.Addr, pe.Host, ip)
		}
	}
	for _, addr := range []string{"https://news.example/feed", "http://203.0.113.7/feed",
		"https://wiki.larkspur.example/news.xml", "http://WIKI.larkspur.example/news.xml",
		"http://allowed-ip.example/feed", "http://10.9.9.9/feed", "https://unknown.example/feed"} {
		if err := f.CheckAddress(context.Background(), addr); err != nil {
			t.Errorf("%s refused: %v", addr, err)
		}
	}
	if err := f.CheckAddress(context.Background(), "ftp://news.example/feed"); err == nil || errors.Is(err, ErrPrivateAddress) {
		t.Errorf("ftp address: %v", err)
	}
}

// The package-level check allows what it is told to, and is the same
// guard: loopback is refused unless listed.
func TestCheckAddressWithAnAllowList(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	if err := CheckAddress(ctx, "http://127.0.0.1:9/feed", nil); !errors.Is(err, ErrPrivateAddress) {
		t.Fatalf("loopback with no allow list: %v", err)
	}
	if err := CheckAddress(ctx, "http://127.0.0.1:9/feed", []string{"127.0.0.1"}); err != nil {
		t.Fatalf("loopback allowed: %v", err)
	}
	if err := CheckAddress(ctx, "http://192.168.0.2/feed", []string{"*"}); err != nil {
		t.Fatalf("every private address allowed: %v", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := CheckAddress(cancelled, "https://feeds.invalid/feed", nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("a stopped check: %v", err)
	}
}
