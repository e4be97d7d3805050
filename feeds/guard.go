package feeds

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"time"
)

// Address ranges that are private beyond what net/netip names: a feed may
// not reach them, as it may not reach 10.0.0.0/8 or loopback.
var (
	privateV4 = prefixes(
		"0.0.0.0/8",     // "this network"
		"100.64.0.0/10", // carrier-grade NAT
		"192.0.0.0/24",  // IETF protocol assignments
		"198.18.0.0/15", // benchmarking
		"240.0.0.0/4",   // reserved, and the broadcast address
	)
	privateV6 = prefixes(
		"::/96",          // IPv4-compatible (deprecated), :: and ::1 among them
		"64:ff9b:1::/48", // local-use NAT64
		"fec0::/10",      // site-local (deprecated)
	)
	nat64  = netip.MustParsePrefix("64:ff9b::/96")
	sixTo4 = netip.MustParsePrefix("2002::/16")
	teredo = netip.MustParsePrefix("2001::/32")
)

func prefixes(ss ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(ss))
	for i, s := range ss {
		out[i] = netip.MustParsePrefix(s)
	}
	return out
}

// private reports whether ip is on a private, local or reserved network,
// including an IPv6 address that carries such an IPv4 address (mapped,
// NAT64, 6to4 or Teredo).
func private(ip netip.Addr) bool {
	ip = ip.Unmap()
	if ip.IsPrivate() || ip.IsLoopback() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsUnspecified() || ip.IsMulticast() {
		return true
	}
	list := privateV6
	if ip.Is4() {
		list = privateV4
	}
	for _, p := range list {
		if p.Contains(ip) {
			return true
		}
	}
	if v4, ok := embeddedV4(ip); ok {
		return private(v4)
	}
	return false
}

// embeddedV4 returns the IPv4 address an IPv6 transition address leads to:
// the last 32 bits of a NAT64 address, bits 16 to 48 of a 6to4 address,
// and the inverted last 32 bits of a Teredo address (its client).
func embeddedV4(ip netip.Addr) (netip.Addr, bool) {
	if !ip.Is6() {
		return netip.Addr{}, false
	}
	b := ip.As16()
	switch {
	case nat64.Contains(ip):
		return netip.AddrFrom4([4]byte(b[12:16])), true
	case sixTo4.Contains(ip):
		return netip.AddrFrom4([4]byte(b[2:6])), true
	case teredo.Contains(ip):
		return netip.AddrFrom4([4]byte{^b[12], ^b[13], ^b[14], ^b[15]}), true
	}
	return netip.Addr{}, false
}

// guardProxied checks the target of a request that goes through a proxy.
// The dial guard sees only the proxy's address then, and the proxy
// connects to the target on our behalf, so the target is resolved and
// checked here, before the request is handed over. A direct request is
// left to the dial guard, which checks the address actually dialled.
func (f *Fetcher) guardProxied(req *http.Request) error {
	t, ok := f.client.Transport.(*http.Transport)
	if !ok || t.Proxy == nil {
		return nil
	}
	proxy, err := t.Proxy(req)
	if err != nil || proxy == nil {
		return err
	}
	return f.checkTarget(req.Context(), req.URL.Hostname())
}

// checkTarget fails with ErrPrivateAddress when host is, or resolves to,
// a private address that is not allowed. Every address is checked, since
// the proxy may pick any of them. A name that cannot be resolved here is
// refused too: the proxy might resolve it into a private network.
func (f *Fetcher) checkTarget(ctx context.Context, host string) error {
	if f.isAllowed(host) {
		return nil
	}
	addrs, err := f.resolve(ctx, host)
	if err != nil {
		return err
	}
	for _, ip := range addrs {
		if private(ip) && !f.isAllowed(ip.Unmap().WithZone("").String()) {
			return fmt.Errorf("%w %s (%s, through a proxy)", ErrPrivateAddress, ip, host)
		}
	}
	return nil
}

// resolve returns host's addresses: itself when it is an IP address.
func (f *Fetcher) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{ip}, nil
	}
	lookup := f.lookup
	if lookup == nil {
		lookup = net.DefaultResolver.LookupNetIP
	}
	addrs, err := lookup(ctx, "ip", host)
	if err == nil && len(addrs) == 0 {
		err = &net.DNSError{Err: "no addresses", Name: host, IsNotFound: true}
	}
	if err != nil {
		return nil, fmt.Errorf("feeds: resolve %s before handing it to the proxy: %w", host, err)
	}
	return addrs, nil
}

// PrivateAddressError is why a feed address is refused before it is
// added: its host is, or resolves to, an address on a private network
// (loopback among them) that is not allowed. It matches ErrPrivateAddress.
type PrivateAddressError struct {
	Host string     // as the address names it
	Addr netip.Addr // the private address it is or leads to
}

func (e *PrivateAddressError) Error() string {
	if e.Host == e.Addr.String() {
		return fmt.Sprintf("%v %s", ErrPrivateAddress, e.Addr)
	}
	return fmt.Sprintf("%v %s (%s)", ErrPrivateAddress, e.Addr, e.Host)
}

func (e *PrivateAddressError) Unwrap() error { return ErrPrivateAddress }

// resolveTimeout bounds the name look-up of a feed address being added.
const resolveTimeout = 10 * time.Second

// CheckAddress tells whether rawURL may be added as a feed, with the same
// guard a fetch meets: its host, or every address its name resolves to,
// must be public unless allowed (see NewFetcher). It fails with a
// *PrivateAddressError otherwise. A name that cannot be resolved now
// (offline, a typing mistake) is let through: the fetch says what is
// wrong, and its dial guard checks the address it connects to.
func (f *Fetcher) CheckAddress(ctx context.Context, rawURL string) error {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return fmt.Errorf("feeds: %q is not an http or https address", rawURL)
	}
	host := u.Hostname()
	if f.isAllowed(host) {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, resolveTimeout)
	defer cancel()
	addrs, err := f.resolve(ctx, host)
	if err != nil {
		if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.DeadlineExceeded) {
			return fmt.Errorf("feeds: check %s: %w", host, cause)
		}
		return nil
	}
	for _, ip := range addrs {
		if plain := ip.Unmap().WithZone(""); private(ip) && !f.isAllowed(plain.String()) {
			return &PrivateAddressError{Host: host, Addr: plain}
		}
	}
	return nil
}

// CheckAddress is Fetcher.CheckAddress for a fetcher that allows the
// private hosts allowed, without making one.
func CheckAddress(ctx context.Context, rawURL string, allowed []string) error {
	f := &Fetcher{}
	f.SetAllowed(allowed)
	return f.CheckAddress(ctx, rawURL)
}
