package core

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/advocate-app/advocate/advocacy/appinfo"
	"github.com/advocate-app/advocate/advocacy/store"
)

// suggestTimeout bounds one POST of a suggestion.
const suggestTimeout = 30 * time.Second

// ErrSuggestEndpoint says the suggestions endpoint is not an https
// address (plain http is allowed only to this computer, for tests).
var ErrSuggestEndpoint = errors.New("core: the suggestions endpoint must be an https address")

// SuggestLater says the endpoint asked to be sent to again later (429 or
// 503, with or without Retry-After): After from now, or Until.
type SuggestLater struct {
	Status int
	After  time.Duration
	Until  time.Time
}

func (e *SuggestLater) Error() string {
	return fmt.Sprintf("core: the suggestions endpoint answered %d; sent again later", e.Status)
}

// Resume is when to send again by the clock now: as the endpoint asked,
// else fallback from now.
func (e *SuggestLater) Resume(now time.Time, fallback time.Duration) time.Time {
	switch {
	case e.After > 0:
		return now.Add(e.After)
	case e.Until.After(now):
		return e.Until
	}
	return now.Add(fallback)
}

// SuggestRefused says the endpoint refused the suggestion for good (an
// answer other than 2xx, 408, 409, 429 or 5xx).
type SuggestRefused struct{ Status int }

func (e *SuggestRefused) Error() string {
	return fmt.Sprintf("core: the suggestions endpoint refused the suggestion (%d %s)", e.Status, http.StatusText(e.Status))
}

// SuggestUnreachable says the endpoint could not be reached or failed
// (offline, no answer in time, a 5xx); Err says how.
type SuggestUnreachable struct{ Err error }

func (e *SuggestUnreachable) Error() string {
	return fmt.Sprintf("core: the suggestions endpoint could not be reached: %v", e.Err)
}

func (e *SuggestUnreachable) Unwrap() error { return e.Err }

// suggestionJSON is what the endpoint receives, one object a POST: the
// shape advocatectl suggestions import reads (publish.Suggestion).
type suggestionJSON struct {
	URL   string    `json:"url"`
	Why   string    `json:"why"`
	Title string    `json:"title,omitempty"`
	Role  string    `json:"role"`
	At    time.Time `json:"at"`
}

func checkSuggestEndpoint(endpoint string) error {
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" || u.User != nil {
		return ErrSuggestEndpoint
	}
	host := u.Hostname()
	ip := net.ParseIP(host)
	if u.Scheme == "https" || (u.Scheme == "http" && (host == "localhost" || ip != nil && ip.IsLoopback())) {
		return nil
	}
	return ErrSuggestEndpoint
}

// postSuggestion POSTs sg to its endpoint with its idempotency key in the
// Idempotency-Key header. nil once the endpoint answered 2xx (or 409,
// "already have it").
func postSuggestion(ctx context.Context, hc *http.Client, sg store.Suggestion) error {
	if err := checkSuggestEndpoint(sg.Endpoint); err != nil {
		return err
	}
	body, err := json.Marshal(suggestionJSON{URL: sg.URL, Why: sg.Why, Title: sg.Title, Role: sg.Role, At: sg.MadeAt.UTC()})
	if err != nil {
		return fmt.Errorf("core: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, suggestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, sg.Endpoint, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("core: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", sg.Key)
	req.Header.Set("User-Agent", appinfo.Name+"/"+appinfo.Version)
	if hc == nil {
		hc = &http.Client{Timeout: suggestTimeout}
	}
	resp, err := hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return &SuggestUnreachable{Err: err}
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	switch code := resp.StatusCode; {
	case code/100 == 2, code == http.StatusConflict:
		return nil
	case code == http.StatusTooManyRequests, code == http.StatusServiceUnavailable:
		return retryLater(resp)
	case code == http.StatusRequestTimeout, code/100 == 5:
		return &SuggestUnreachable{Err: fmt.Errorf("%d %s", code, http.StatusText(code))}
	default:
		return &SuggestRefused{Status: code}
	}
}

// retryLater reads Retry-After (seconds or an HTTP date).
func retryLater(resp *http.Response) *SuggestLater {
	l := &SuggestLater{Status: resp.StatusCode}
	if v := strings.TrimSpace(resp.Header.Get("Retry-After")); v != "" {
		if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs >= 0 {
			l.After = time.Duration(secs) * time.Second
		} else if t, err := http.ParseTime(v); err == nil {
			l.Until = t
		}
	}
	return l
}
