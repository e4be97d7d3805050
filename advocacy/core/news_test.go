package core

import (
	"context"
	"errors"
	"testing"

	"github.com/advocate-app/advocate/feeds"
)

// TestFollowRefusesAFeedOnAPrivateAddress: a feed the user adds on this
// computer or a private network is refused before it is added, with the
// address in the error for the interface to word.
func TestFollowRefusesAFeedOnAPrivateAddress(t *testing.T) {
	ctx := context.Background()
	c := openCore(t, t.TempDir(), "")
	defer c.Close()
	before, err := c.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, link := range []string{"http://127.0.0.1:8080/feed.xml", "https://10.1.2.3/rss"} {
		err := c.Follow(ctx, link, "")
		var private *feeds.PrivateAddressError
		if !errors.As(err, &private) || !errors.Is(err, feeds.ErrPrivateAddress) {
			t.Fatalf("%s: %v, want a private address refused", link, err)
		}
		if e := Explain(err); e.Trouble != TroublePrivateAddress {
			t.Fatalf("%s explained as %v", link, e.Trouble)
		}
	}
	after, err := c.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Fatalf("%d feeds after the refusals, %d before", len(after), len(before))
	}
	// The policy's intranet hosts are the organisation's to allow.
	if err := c.Follow(ctx, "https://wiki.larkspur.example/news.xml", ""); err != nil {
		t.Fatalf("a feed on an intranet host the policy lists is refused: %v", err)
	}
}
