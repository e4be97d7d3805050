package engagement_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/engagement"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/networks/bluesky"
	"github.com/advocate-app/advocate/advocacy/networks/mastodon"
)

// loopbackNetworks is one loopback Mastodon server and one Bluesky
// AppView, each speaking its documented shape, whose posts' counts the
// test sets.
type loopbackNetworks struct {
	mu       sync.Mutex
	likes    map[string]int64 // post id or at:// URI -> likes (favourites)
	mastodon *httptest.Server
	appView  *httptest.Server
}

func startNetworks(t *testing.T) *loopbackNetworks {
	n := &loopbackNetworks{likes: map[string]int64{}}
	n.mastodon = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.mu.Lock()
		defer n.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		status := func(id string) map[string]any {
			return map[string]any{"id": id, "replies_count": 1, "reblogs_count": n.likes[id] / 2, "favourites_count": n.likes[id]}
		}
		switch {
		case r.URL.Path == "/api/v1/statuses":
			list := []map[string]any{}
			for _, id := range r.URL.Query()["id[]"] {
				if _, ok := n.likes[id]; ok {
					list = append(list, status(id))
				}
			}
			json.NewEncoder(w).Encode(list)
		case strings.HasPrefix(r.URL.Path, "/api/v1/statuses/"):
			id := strings.TrimPrefix(r.URL.Path, "/api/v1/statuses/")
			if _, ok := n.likes[id]; !ok {
				w.WriteHeader(http.StatusNotFound)
				fmt.Fprint(w, `{"error":"Record not found"}`)
				return
			}
			json.NewEncoder(w).Encode(status(id))
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	n.appView = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.mu.Lock()
		defer n.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/xrpc/app.bsky.feed.getPosts":
			list := []map[string]any{}
			for _, uri := range r.URL.Query()["uris"] {
				if likes, ok := n.likes[uri]; ok {
					list = append(list, map[string]any{"uri": uri, "likeCount": likes, "repostCount": 0, "replyCount": 2, "quoteCount": 1})
				}
			}
			json.NewEncoder(w).Encode(map[string]any{"posts": list})
		default:
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":"NotFound","message":"Post not found"}`)
		}
	}))
	t.Cleanup(n.mastodon.Close)
	t.Cleanup(n.appView.Close)
	return n
}

func (n *loopbackNetworks) set(id string, likes int64) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.likes[id] = likes
}

func (n *loopbackNetworks) remove(id string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	delete(n.likes, id)
}

// TestCountsRiseOverThreeReadings is issue 16's "done when": shares posted
// to a loopback Mastodon and Bluesky show their counts rising over three
// readings (1 h, 6 h, 24 h, by an injected clock), and a post deleted in
// between is shown as deleted, not as zero.
func TestCountsRiseOverThreeReadings(t *testing.T) {
	db := openDB(t)
	clk := &clock{t: t0}
	n := startNetworks(t)
	mast := &mastodon.Client{Instance: n.mastodon.URL, Token: "not-sent", HTTP: n.mastodon.Client()}
	bsky := &bluesky.CountsReader{AppView: n.appView.URL, HTTP: n.appView.Client()}
	tr := tracker(db, clk, map[network.ID]engagement.Reader{network.Mastodon: mast, network.Bluesky: bsky})
	const uri, gone = "at://did:plc:me/app.bsky.feed.post/3kabc", "at://did:plc:me/app.bsky.feed.post/3kgone"
	m := post(t, db, network.Mastodon, 1, "1101", t0)
	b := post(t, db, network.Bluesky, 2, uri, t0)
	d := post(t, db, network.Bluesky, 2, gone, t0)
	ctx := context.Background()
	for i, at := range []time.Duration{time.Hour, 6 * time.Hour, 24 * time.Hour} {
		n.set("1101", int64(2+3*i))
		n.set(uri, int64(10*(i+1)))
		if i < 2 {
			n.set(gone, 5)
		} else {
			n.remove(gone)
		}
		clk.Set(t0.Add(at))
		if r := run(t, tr); r.Recorded != 3 {
			t.Fatalf("reading %d: %+v", i, r)
		}
	}
	for id, want := range map[int64][]int64{m: {2, 5, 8}, b: {10, 20, 30}} {
		track, err := tr.Track(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(track.Readings) != 3 {
			t.Fatalf("share %d: %d readings", id, len(track.Readings))
		}
		for i, rd := range track.Readings {
			if rd.Status != engagement.Read || rd.Counts.Reactions != engagement.Of(want[i]) {
				t.Errorf("share %d (%s) reading %d: %+v, want %d reactions", id, track.Network, i, rd, want[i])
			}
		}
	}
	track, _ := tr.Track(ctx, m)
	if last := track.Readings[2].Counts; last.Reposts != engagement.Of(4) || last.Replies != engagement.Of(1) || last.Quotes.Known {
		t.Errorf("Mastodon counts %+v", last)
	}
	track, _ = tr.Track(ctx, d)
	if !track.Deleted() || len(track.Readings) != 3 || track.Readings[2].Status != engagement.Deleted || track.Readings[1].Counts.Reactions != engagement.Of(5) {
		t.Errorf("deleted post: %+v", track)
	}
}
