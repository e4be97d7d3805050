package core

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/advocate-app/advocate/advocacy/endpoint"
	"github.com/advocate-app/advocate/advocacy/store"
)

// ErrSuggestEndpoint says the suggestions endpoint is not an https
// address (plain http is allowed only to this computer, for tests) or
// carries a user name and password.
var ErrSuggestEndpoint = errors.New("core: the suggestions endpoint must be an https address")

// SuggestLater says the endpoint asked to be sent to again later (429 or
// 503, with or without Retry-After).
type SuggestLater = endpoint.Later

// SuggestRefused says the endpoint refused the suggestion for good (an
// answer other than 2xx, 408, 409, 429 or 5xx).
type SuggestRefused = endpoint.Refused

// SuggestUnreachable says the endpoint could not be reached or failed
// (offline, no answer in time, a 408 or 5xx); Err says how.
type SuggestUnreachable = endpoint.Unreachable

// suggestionJSON is what the endpoint receives, one object a POST: the
// shape advocatectl suggestions import reads (publish.Suggestion).
type suggestionJSON struct {
	URL   string    `json:"url"`
	Why   string    `json:"why"`
	Title string    `json:"title,omitempty"`
	Role  string    `json:"role"`
	At    time.Time `json:"at"`
}

func checkSuggestEndpoint(e string) error {
	if u, err := url.Parse(e); err != nil || u.User != nil || endpoint.Check(e) != nil {
		return ErrSuggestEndpoint
	}
	return nil
}

// postSuggestion POSTs sg to its endpoint with its idempotency key in the
// Idempotency-Key header. nil once the endpoint answered 2xx (or 409,
// "already have it"); a 408 or 5xx other than 503 is a failure to be
// tried again, not a refusal.
func postSuggestion(ctx context.Context, hc *http.Client, sg store.Suggestion) error {
	if err := checkSuggestEndpoint(sg.Endpoint); err != nil {
		return err
	}
	body, err := json.Marshal(suggestionJSON{URL: sg.URL, Why: sg.Why, Title: sg.Title, Role: sg.Role, At: sg.MadeAt.UTC()})
	if err != nil {
		return fmt.Errorf("core: %w", err)
	}
	err = endpoint.Post(ctx, hc, sg.Endpoint, sg.Key, body)
	var refused *SuggestRefused
	if errors.As(err, &refused) && (refused.Status == http.StatusRequestTimeout || refused.Status/100 == 5) {
		return &SuggestUnreachable{Err: fmt.Errorf("%d %s", refused.Status, http.StatusText(refused.Status))}
	}
	return err
}
