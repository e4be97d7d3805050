package org

import (
	"context"
	"errors"
	"time"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/feeds"
)

// SyncFeeds makes the stored subscriptions match the bundle's recommended
// news: feeds shipped inside the bundle are stored from its (verified)
// files, web feeds are subscribed to, and organisation feeds the bundle no
// longer lists are dropped. The user's own feeds are left alone.
func SyncFeeds(ctx context.Context, db *feeds.DB, b *bundle.Bundle, now time.Time) error {
	var keep []string
	var errs []error
	for _, n := range b.News {
		if n.Data != nil {
			keep = append(keep, feeds.BundleScheme+n.Feed.URL)
			errs = append(errs, db.LoadShipped(ctx, n.Feed.URL, n.Feed.Title, n.Feed.Audience, n.Data, now))
			continue
		}
		url := feeds.SafeLink(n.Feed.URL)
		if url == "" {
			continue
		}
		keep = append(keep, url)
		_, err := db.Subscribe(ctx, url, n.Feed.Title, feeds.OriginOrg, n.Feed.Audience)
		errs = append(errs, err)
	}
	errs = append(errs, db.RemoveOrgFeedsExcept(ctx, keep))
	return errors.Join(errs...)
}

// FetchPermissions lists the private hosts the organisation's own web
// feeds may be fetched from: its intranet hosts, as its policy names them.
func FetchPermissions(in InForce) []string {
	if in.Engine == nil {
		return nil
	}
	return in.Engine.Policy.Company.IntranetHosts
}
