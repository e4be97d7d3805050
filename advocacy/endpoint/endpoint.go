// Package endpoint POSTs one JSON document to an endpoint the
// organisation's bundle names (the metrics endpoint, the suggestions
// endpoint), with an idempotency key, and classifies the answer: taken,
// later (Retry-After), refused, or not reached. It imports nothing of
// Advocate's but appinfo and retryafter.
package endpoint

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/advocate-app/advocate/advocacy/appinfo"
	"github.com/advocate-app/advocate/advocacy/retryafter"
)

// Timeout bounds one POST, however slow the endpoint or the network.
const Timeout = 30 * time.Second

// ErrNotHTTPS says the endpoint is not an https address (plain http is
// allowed only to this computer itself, for tests).
var ErrNotHTTPS = errors.New("endpoint: the endpoint must be an https address")

// Later says the endpoint asked to be sent to again later (429 or 503,
// with or without Retry-After): After from now, or Until.
type Later struct {
	Status int
	After  time.Duration
	Until  time.Time
}

func (e *Later) Error() string {
	switch {
	case e.After > 0:
		return fmt.Sprintf("endpoint: the endpoint answered %d and asks to wait %s", e.Status, e.After)
	case !e.Until.IsZero():
		return fmt.Sprintf("endpoint: the endpoint answered %d and asks to wait until %s", e.Status, e.Until.UTC().Format(time.RFC3339))
	}
	return fmt.Sprintf("endpoint: the endpoint answered %d; sent again later", e.Status)
}

// Resume is when to send again by the clock now: as the endpoint asked,
// else fallback from now.
func (e *Later) Resume(now time.Time, fallback time.Duration) time.Time {
	return retryafter.Resume(now, e.After, e.Until, fallback)
}

// Refused says the endpoint answered something other than 2xx, 409, 429
// or 503; Status is its answer.
type Refused struct{ Status int }

func (e *Refused) Error() string {
	return fmt.Sprintf("endpoint: the endpoint refused it (%d %s)", e.Status, http.StatusText(e.Status))
}

// Unreachable says the endpoint could not be reached (offline, a name
// that does not resolve, no answer in time), or failed; Err says how.
type Unreachable struct{ Err error }

func (e *Unreachable) Error() string {
	return fmt.Sprintf("endpoint: the endpoint could not be reached: %v", e.Err)
}

func (e *Unreachable) Unwrap() error { return e.Err }

// Check refuses an endpoint that is not https (or http to this computer
// itself), with ErrNotHTTPS.
func Check(endpoint string) error {
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%w, not %q", ErrNotHTTPS, endpoint)
	}
	if u.Scheme == "https" || (u.Scheme == "http" && loopback(u.Hostname())) {
		return nil
	}
	return fmt.Errorf("%w, not %q", ErrNotHTTPS, endpoint)
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Post POSTs body as JSON to endpoint with key in the Idempotency-Key
// header, through hc (nil: a client with Timeout). It returns nil once
// the endpoint answered 2xx (including 409, "already have it"), a
// *Later, *Refused or *Unreachable otherwise.
func Post(ctx context.Context, hc *http.Client, endpoint, key string, body []byte) error {
	if err := Check(endpoint); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("endpoint: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", key)
	req.Header.Set("User-Agent", appinfo.Name+"/"+appinfo.Version)
	if hc == nil {
		hc = &http.Client{Timeout: Timeout}
	}
	resp, err := hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return &Unreachable{Err: err}
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	switch code := resp.StatusCode; {
	case code/100 == 2, code == http.StatusConflict:
		return nil
	case code == http.StatusTooManyRequests, code == http.StatusServiceUnavailable:
		return later(resp)
	}
	return &Refused{Status: resp.StatusCode}
}

// later reads Retry-After (seconds or an HTTP date).
func later(resp *http.Response) *Later {
	l := &Later{Status: resp.StatusCode}
	l.After, l.Until, _ = retryafter.Parse(resp.Header.Get("Retry-After"))
	return l
}
