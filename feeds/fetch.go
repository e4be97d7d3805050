package feeds

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/advocate-app/advocate/advocacy/appinfo"
	"github.com/advocate-app/advocate/advocacy/retryafter"
)

// Limits of one fetch.
const (
	MaxFeedSize  = 4 << 20
	maxRedirects = 5
	fetchTimeout = 30 * time.Second
)

// ErrPrivateAddress is wrapped by fetch errors for addresses on a private
// network, which feeds the user adds may not reach.
var ErrPrivateAddress = errors.New("feeds: private network address")

// RateLimited is the error for a server that asked us to wait (429, or 503
// with Retry-After).
type RateLimited struct {
	Until time.Time
}

func (e *RateLimited) Error() string {
	return fmt.Sprintf("feeds: the server asked to wait until %s before fetching again", e.Until.Local().Format("15:04"))
}

// Fetcher fetches feeds politely: one User-Agent, timeouts, a size cap, a
// redirect limit, conditional requests, and no private addresses unless
// allowed.
type Fetcher struct {
	client  *http.Client
	allowMu sync.RWMutex
	allowed map[string]bool
	// lookup resolves a host name; nil means net.DefaultResolver. Tests
	// set it to name private addresses without a DNS server.
	lookup func(ctx context.Context, network, host string) ([]netip.Addr, error)
	// Now tells the time; nil means time.Now.
	Now func() time.Time
}

// SetAllowed replaces the private hosts that may be fetched (see
// NewFetcher); fetches under way keep the list they started with.
func (f *Fetcher) SetAllowed(hosts []string) {
	allowed := map[string]bool{}
	for _, h := range hosts {
		allowed[strings.ToLower(h)] = true
	}
	f.allowMu.Lock()
	f.allowed = allowed
	f.allowMu.Unlock()
}

func (f *Fetcher) isAllowed(host string) bool {
	f.allowMu.RLock()
	defer f.allowMu.RUnlock()
	return f.allowed[strings.ToLower(host)] || f.allowed["*"]
}

// Validators are what a server gave us to ask "has it changed?".
type Validators struct {
	ETag         string
	LastModified string
}

// Response is a fetch's outcome: the body, or NotModified.
type Response struct {
	NotModified bool
	Body        []byte
	Validators  Validators
	// FinalURL is where redirects ended.
	FinalURL string
}

// NewFetcher returns a fetcher. allowPrivate lists hosts on private
// networks that may still be fetched (an organisation's own intranet
// host); loopback is allowed only when it is listed too, and "*" allows
// every private address (for a tool run by hand).
//
// Requests go through the proxy the environment names (HTTP_PROXY,
// HTTPS_PROXY, NO_PROXY), whose own address must be public or allowed. A
// target handed to a proxy is resolved and checked first, since the proxy
// connects to it out of the guard's sight; one that cannot be resolved
// here is refused.
func NewFetcher(allowPrivate []string) *Fetcher {
	f := &Fetcher{}
	f.SetAllowed(allowPrivate)
	dialer := &net.Dialer{Timeout: 10 * time.Second, Control: func(network, address string, _ syscall.RawConn) error {
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			return err
		}
		ip, err := netip.ParseAddr(host)
		if err != nil {
			return err
		}
		if private(ip) && !f.isAllowed(ip.String()) {
			return fmt.Errorf("%w %s", ErrPrivateAddress, ip)
		}
		return nil
	}}
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           f.guardedDial(dialer),
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 20 * time.Second,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       60 * time.Second,
	}
	f.client = &http.Client{
		Transport: transport,
		Timeout:   fetchTimeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return fmt.Errorf("feeds: more than %d redirects", maxRedirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("feeds: redirect to a %s: address", req.URL.Scheme)
			}
			return f.guardProxied(req)
		},
	}
	return f
}

// guardedDial lets hosts named in allowed through to private addresses:
// the name is checked before the socket-level guard sees only an IP.
func (f *Fetcher) guardedDial(d *net.Dialer) func(ctx context.Context, network, addr string) (net.Conn, error) {
	open := &net.Dialer{Timeout: d.Timeout}
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, _ := net.SplitHostPort(addr)
		if f.isAllowed(host) {
			return open.DialContext(ctx, network, addr)
		}
		return d.DialContext(ctx, network, addr)
	}
}

func (f *Fetcher) now() time.Time {
	if f.Now != nil {
		return f.Now()
	}
	return time.Now()
}

// Fetch gets rawURL, sending the validators from the last fetch; a 304
// comes back as NotModified with no body read.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string, v Validators) (Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Response{}, fmt.Errorf("feeds: %q is not an http or https address", rawURL)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return Response{}, fmt.Errorf("feeds: %v", err)
	}
	req.Header.Set("User-Agent", appinfo.Name+"/"+appinfo.Version+" (feed reader; +employee advocacy desktop app)")
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5")
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	if err := f.guardProxied(req); err != nil {
		return Response{}, explainFetch(err)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return Response{}, explainFetch(err)
	}
	defer resp.Body.Close()
	out := Response{FinalURL: resp.Request.URL.String(), Validators: Validators{
		ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.NotModified, out.Validators = true, v
		return out, nil
	case resp.StatusCode == http.StatusTooManyRequests || (resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != ""):
		return out, &RateLimited{Until: retryAfter(resp.Header.Get("Retry-After"), f.now())}
	case resp.StatusCode != http.StatusOK:
		return out, fmt.Errorf("feeds: the server answered %s", resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxFeedSize+1))
	if err != nil {
		return out, explainFetch(err)
	}
	if len(body) > MaxFeedSize {
		return out, fmt.Errorf("feeds: the feed is larger than %d MiB", MaxFeedSize>>20)
	}
	out.Body = body
	return out, nil
}

// retryAfter reads a Retry-After header (seconds or an HTTP date); without
// one it waits an hour.
func retryAfter(h string, now time.Time) time.Time {
	after, until, ok := retryafter.Parse(h)
	switch {
	case ok && until.IsZero():
		return now.Add(min(after, 24*time.Hour))
	case ok && until.After(now):
		return until
	}
	return now.Add(time.Hour)
}

func explainFetch(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var ne net.Error
	switch {
	case errors.Is(err, ErrPrivateAddress):
		return fmt.Errorf("%w: feeds you add may not point into a private network", ErrPrivateAddress)
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return errors.New("feeds: the server did not answer in time")
	case errors.Is(err, context.Canceled):
		return errors.New("feeds: the refresh was stopped")
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return fmt.Errorf("feeds: cannot find the server %s; check the address or your connection", dns.Name)
	}
	return fmt.Errorf("feeds: cannot fetch the feed: %v", err)
}
