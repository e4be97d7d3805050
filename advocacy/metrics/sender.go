package metrics

import (
	"context"
	"net/http"

	"github.com/advocate-app/advocate/advocacy/endpoint"
)

// ErrNotHTTPS says the endpoint is not an https address (plain http is
// allowed only to this computer itself, for tests).
var ErrNotHTTPS = endpoint.ErrNotHTTPS

// Later says the endpoint asked to be sent to again later (429 or 503,
// with or without Retry-After).
type Later = endpoint.Later

// Refused says the endpoint refused the aggregate (an answer other than
// 2xx, 409, 429 or 503).
type Refused = endpoint.Refused

// Unreachable says the endpoint could not be reached (offline, a name
// that does not resolve, no answer in time); Err says how.
type Unreachable = endpoint.Unreachable

// Sender POSTs aggregates to the organisation's metrics endpoint.
type Sender struct {
	Endpoint string
	// HTTP is the client to use; nil means one with endpoint.Timeout.
	HTTP *http.Client
}

// Send POSTs a as JSON (Aggregate.Encode) with its idempotency key in the
// Idempotency-Key header. It returns nil once the endpoint answered 2xx
// (including 409, "already have it"), a *Later, *Refused or *Unreachable
// otherwise.
func (s *Sender) Send(ctx context.Context, a Aggregate) error {
	return endpoint.Post(ctx, s.HTTP, s.Endpoint, a.Key(), a.Encode())
}
