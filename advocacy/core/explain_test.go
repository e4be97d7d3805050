package core

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/credentials"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/networks"
	"github.com/advocate-app/advocate/advocacy/org"
	"github.com/advocate-app/advocate/advocacy/store"
	"github.com/advocate-app/advocate/assets"
	"github.com/advocate-app/advocate/feeds"
)

func TestExplainClassifiesByTypeNotWords(t *testing.T) {
	reset := time.Date(2026, 11, 22, 13, 0, 0, 0, time.UTC)
	cases := []struct {
		err  error
		want Trouble
	}{
		{fmt.Errorf("core: share: %w", ErrBlocked), TroubleBlocked},
		{networks.Reconnect("Mastodon", "The access token is invalid"), TroubleReconnect},
		{fmt.Errorf("wrapped: %w", &networks.RateLimited{Network: "Bluesky", Reset: reset}), TroubleRateLimited},
		{&networks.TooLong{Network: "X", Count: 300, Limit: 280}, TroubleTooLong},
		{networks.Unexpected("LinkedIn", 503, nil), TroubleServerDown},
		{networks.Unexpected("LinkedIn", 422, []byte(`{"message":"Invalid author"}`)), TroubleRefused},
		{networks.Unreadable("X", errors.New("unexpected EOF")), TroubleUnreadable},
		{fmt.Errorf("%w: policy.yaml does not match its signature", bundle.ErrNotVerified), TroubleNotVerified},
		{&bundle.HTTPError{Address: "https://cdn.example/b/manifest.json", Status: 404}, TroubleRefused},
		{fmt.Errorf("accounts: %w", credentials.ErrUnavailable), TroubleKeyring},
		{fmt.Errorf("%w: advocate.db is locked", store.ErrBusy), TroubleDatabaseBusy},
		{fmt.Errorf("feeds: %w", feeds.ErrPrivateAddress), TroublePrivateAddress},
		{fmt.Errorf("core: %w", &network.UnknownError{Name: "myspace"}), TroubleUnknownNetwork},
		{&net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, TroubleOffline},
		{&net.DNSError{Err: "no such host", Name: "cdn.example"}, TroubleOffline},
		{fmt.Errorf("bundle: %w", context.DeadlineExceeded), TroubleTimeout},
		{fmt.Errorf("%w; paste the key", org.ErrNoKey), TroubleNoKey},
		{fmt.Errorf("org: %w: version 1 is older", bundle.ErrRollback), TroubleRollback},
		{errors.New("store: something nobody foresaw"), TroubleOther},
	}
	for _, c := range cases {
		got := Explain(c.err)
		if got.Trouble != c.want {
			t.Errorf("%v: trouble %d, want %d", c.err, got.Trouble, c.want)
		}
		if strings.Contains(got.Detail, "store: ") || strings.Contains(got.Detail, "core: ") {
			t.Errorf("%v: detail %q keeps a package prefix", c.err, got.Detail)
		}
	}
	if e := Explain(&networks.TooLong{Network: "X", Count: 300, Limit: 280}); e.Network != "X" || e.Count != 300 || e.Limit != 280 {
		t.Errorf("too long: %+v", e)
	}
	if e := Explain(networks.Unexpected("LinkedIn", 422, []byte(`{"message":"Invalid author"}`))); e.Status != 422 || e.Detail != "Invalid author" {
		t.Errorf("refused: %+v", e)
	}
}

// TestABundleServerThatFailsIsExplained: the errors a real bundle fetch
// ends with keep their type through the bundle and core layers.
func TestABundleServerThatFailsIsExplained(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	c := openCore(t, t.TempDir(), "")
	defer c.Close()
	_, err := c.LoadBundle(context.Background(), srv.URL+"/bundle/", string(assets.DemoPublicKey))
	if e := Explain(err); err == nil || e.Trouble != TroubleServerDown || e.Status != 503 {
		t.Fatalf("load from a failing server: %v → %+v", err, e)
	}
}
