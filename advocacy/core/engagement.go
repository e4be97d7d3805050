package core

import (
	"context"
	"log"
	"time"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/engagement"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/networks/bluesky"
	"github.com/advocate-app/advocate/advocacy/networks/mastodon"
)

// ShareEngagement is one posted share with the readings of its public
// counts, oldest first, for Impact to chart. A count the network does not
// give is not Known ("not available"), never zero.
type ShareEngagement = engagement.Track

// EngagementReading is one reading of a share's counts.
type EngagementReading = engagement.Reading

// Engagement returns the latest posted shares whose counts are read
// (never the practice account's), newest first, each with its readings.
func (c *Core) Engagement(ctx context.Context, limit int) ([]ShareEngagement, error) {
	return c.engagementTracker().Tracks(ctx, limit)
}

// EngagementOf returns one share's readings; engagement.ErrNotTracked
// for a share that was not posted, or went to the practice account.
func (c *Core) EngagementOf(ctx context.Context, shareID int64) (ShareEngagement, error) {
	return c.engagementTracker().Track(ctx, shareID)
}

// EngagementSummary is Impact's weekly view.
type EngagementSummary = engagement.Summary

// EngagementSummary adds up the shares of the last weeks weeks (this one
// included) and what they earned, by network and by campaign, compares
// this week with the four before it and projects the next four
// (engagement.ForecastMethod says how, for the help text).
func (c *Core) EngagementSummary(ctx context.Context, weeks int) (EngagementSummary, error) {
	return c.engagementTracker().Summary(ctx, weeks)
}

// engagementTracker reads with the accounts and the bundle in force at
// each round.
func (c *Core) engagementTracker() *engagement.Tracker {
	return &engagement.Tracker{DB: c.st.DB(), Now: c.Now, Source: c.engagementReader}
}

// Between rounds the loop waits until the next reading is due, but at
// least engagementMinWait and at most engagementMaxWait, so that shares
// posted meanwhile are taken up.
const (
	engagementMinWait = time.Minute
	engagementMaxWait = 5 * time.Minute
)

// engagementLoop reads back what the posted shares earned, each on its
// schedule, until ctx ends.
func (c *Core) engagementLoop(ctx context.Context) {
	tr := c.engagementTracker()
	for {
		round, err := tr.RunOnce(ctx)
		if err != nil && ctx.Err() == nil && !offline(err) {
			log.Printf("core: %v", err)
		}
		if round.Recorded > 0 && ctx.Err() == nil {
			c.emit(SharesChanged)
		}
		wait := engagementMaxWait
		if !round.Next.IsZero() {
			wait = min(max(round.Next.Sub(c.Now()), engagementMinWait), engagementMaxWait)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

// engagementReader is the reader for one account's posts. Mastodon and
// Bluesky counts are public and read without the account's secret; LinkedIn
// and X are read as the account, X only when the bundle turns it on.
func (c *Core) engagementReader(ctx context.Context, id network.ID, accountID int64) (engagement.Reader, error) {
	st := c.State()
	if id == network.X && !measuresX(st.Bundle) {
		return nil, engagement.NotReadable(engagement.ReasonOff)
	}
	list, err := c.accounts.List(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range list {
		if a.ID != accountID || a.Network != id {
			continue
		}
		switch id {
		case network.Mastodon:
			return &mastodon.Client{Instance: a.Instance, HTTP: c.cfg.HTTP}, nil
		case network.Bluesky:
			return &bluesky.CountsReader{AppView: c.blueskyAppView(), HTTP: c.cfg.HTTP}, nil
		}
		p, err := c.accounts.PosterFor(ctx, a, c.apps(st))
		if err != nil {
			return nil, err
		}
		if r, ok := p.(engagement.Reader); ok {
			return r, nil
		}
		return nil, engagement.NotReadable(engagement.ReasonOff)
	}
	return nil, engagement.NotReadable(engagement.ReasonNoAccount)
}

func (c *Core) blueskyAppView() string {
	if c.cfg.Endpoints != nil && c.cfg.Endpoints.BlueskyAppView != "" {
		return c.cfg.Endpoints.BlueskyAppView
	}
	return bluesky.PublicAppView
}

// measuresX reports whether the bundle's signed manifest turns reading X
// on: {"measurement": {"x": true}}. X charges for every read, so it is off
// otherwise.
func measuresX(b *bundle.Bundle) bool {
	return b != nil && b.Manifest.Measurement.X
}
