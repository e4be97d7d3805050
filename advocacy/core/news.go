package core

import (
	"context"
	"slices"

	"github.com/advocate-app/advocate/advocacy/org"
	"github.com/advocate-app/advocate/feeds"
)

// Feeds lists the news feeds the user's role may see: the organisation's
// for that role and the user's own.
func (c *Core) Feeds(ctx context.Context) ([]feeds.Subscription, error) {
	subs, err := c.news.Subscriptions(ctx)
	if err != nil {
		return nil, err
	}
	role := c.State().Role
	return slices.DeleteFunc(subs, func(s feeds.Subscription) bool {
		return s.Origin != feeds.OriginUser && len(s.Audience) > 0 && !slices.Contains(s.Audience, role)
	}), nil
}

// Headlines lists up to limit items of the feeds ids, newest first,
// matching query (every word; empty matches all).
func (c *Core) Headlines(ctx context.Context, ids []int64, query string, limit int) ([]feeds.StoredItem, error) {
	return c.news.Items(ctx, ids, query, limit)
}

// Follow subscribes the user to the feed at link. An address on a private
// network is refused before anything is added, with a
// *feeds.PrivateAddressError, unless the organisation's policy lists its
// host among the intranet hosts (the same guard the fetcher applies).
func (c *Core) Follow(ctx context.Context, link, title string) error {
	allowed := append(org.FetchPermissions(org.InForce{Engine: c.State().Engine}), c.cfg.AllowPrivate...)
	if err := feeds.CheckAddress(ctx, link, allowed); err != nil {
		return err
	}
	if _, err := c.news.Subscribe(ctx, link, title, feeds.OriginUser, nil); err != nil {
		return err
	}
	c.emit(NewsChanged)
	return nil
}

// Unfollow removes a feed and its items.
func (c *Core) Unfollow(ctx context.Context, id int64) error {
	if err := c.news.Unsubscribe(ctx, id); err != nil {
		return err
	}
	c.emit(NewsChanged)
	return nil
}

// RefreshNews fetches the feeds that are due (all of them with force),
// telling progress how far it got.
func (c *Core) RefreshNews(ctx context.Context, force bool, progress func(done, total int)) (feeds.Summary, error) {
	sum, err := c.refresh.RefreshDue(ctx, force, progress)
	c.emit(NewsChanged)
	return sum, err
}
