package linkedin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/advocate-app/advocate/advocacy/engagement"
	"github.com/advocate-app/advocate/advocacy/networks"
)

// AnalyticsScope is the permission the organisation's LinkedIn app needs
// for Advocate to read a member's post statistics. Without it LinkedIn
// answers 403 and the counts are "not available".
const AnalyticsScope = "r_member_postAnalytics"

// AnalyticsVersion is the LinkedIn-Version memberCreatorPostAnalytics is
// called with (the API appeared in 2025; older versions do not have it).
const AnalyticsVersion = "202603"

// analyticsMetrics are the statistics read for each post, one request
// each (the entity finder takes one queryType).
var analyticsMetrics = []struct {
	queryType string
	count     func(*engagement.Counts) *engagement.Count
}{
	{"REACTION", func(c *engagement.Counts) *engagement.Count { return &c.Reactions }},
	{"COMMENT", func(c *engagement.Counts) *engagement.Count { return &c.Replies }},
	{"RESHARE", func(c *engagement.Counts) *engagement.Count { return &c.Reposts }},
	{"IMPRESSION", func(c *engagement.Counts) *engagement.Count { return &c.Impressions }},
}

// analyticsEntity is a post's URN in Rest.li 2.0's union form for the
// entity parameter: (share:urn%3Ali%3Ashare%3A…) or (ugc:urn%3Ali%3AugcPost%3A…).
func analyticsEntity(urn string) (string, bool) {
	var key string
	switch {
	case strings.HasPrefix(urn, "urn:li:share:"):
		key = "share"
	case strings.HasPrefix(urn, "urn:li:ugcPost:"):
		key = "ugc"
	default:
		return "", false
	}
	return "(" + key + ":" + url.QueryEscape(urn) + ")", true
}

// Engagement reads each post's totals from memberCreatorPostAnalytics
// (q=entity, aggregation TOTAL): reactions, comments, reshares and
// impressions, one request per statistic. A 403 means the organisation's
// app does not hold r_member_postAnalytics: every post is then "not
// available" and nothing more is asked. A 404 marks a post deleted.
func (c *Client) Engagement(ctx context.Context, ids []string) (engagement.Batch, error) {
	out := engagement.Batch{Results: map[string]engagement.Result{}}
	if !c.Token.Expires.IsZero() && time.Now().After(c.Token.Expires) {
		return out, networks.Reconnect("LinkedIn", "the sign-in expired after 60 days")
	}
	for _, id := range ids {
		entity, ok := analyticsEntity(id)
		if !ok {
			out.Results[id] = engagement.Unknown(engagement.ReasonNoPostID)
			continue
		}
		var counts engagement.Counts
		res := engagement.Found(counts)
		for _, m := range analyticsMetrics {
			n, status, err := c.analytics(ctx, entity, m.queryType)
			switch {
			case err != nil:
				return out, err
			case status == http.StatusForbidden:
				for _, id := range ids {
					if _, done := out.Results[id]; !done {
						out.Results[id] = engagement.Unknown(engagement.ReasonNoPermission)
					}
				}
				return out, nil
			case status == http.StatusNotFound || status == http.StatusGone:
				res = engagement.Gone()
			}
			if res.Status == engagement.Deleted {
				break
			}
			*m.count(&res.Counts) = n
		}
		out.Results[id] = res
	}
	return out, nil
}

// analytics reads one statistic of one post. It returns the status for
// 403, 404 and 410 (for the caller to decide on); 401 asks to reconnect,
// 429 is an *engagement.Wait, others are errors.
func (c *Client) analytics(ctx context.Context, entity, queryType string) (engagement.Count, int, error) {
	// The entity is already in Rest.li's encoding; the rest needs none.
	raw := "q=entity&entity=" + entity + "&queryType=" + queryType + "&aggregation=TOTAL"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.App.Endpoints.API+"/rest/memberCreatorPostAnalytics?"+raw, nil)
	if err != nil {
		return engagement.Count{}, 0, fmt.Errorf("linkedin: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.Token.AccessToken)
	req.Header.Set("LinkedIn-Version", AnalyticsVersion)
	req.Header.Set("X-Restli-Protocol-Version", "2.0.0")
	req.Header.Set("User-Agent", networks.UserAgent)
	resp, err := c.App.client().Do(req)
	if err != nil {
		return engagement.Count{}, 0, fmt.Errorf("linkedin: cannot reach LinkedIn: %w", err)
	}
	defer resp.Body.Close()
	data, err := networks.Read("LinkedIn", resp.Body)
	if err != nil {
		return engagement.Count{}, resp.StatusCode, err
	}
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusForbidden, http.StatusNotFound, http.StatusGone:
		return engagement.Count{}, resp.StatusCode, nil
	case http.StatusUnauthorized:
		return engagement.Count{}, resp.StatusCode, networks.Reconnect("LinkedIn", networks.Unexpected("LinkedIn", resp.StatusCode, data, c.Token.AccessToken).Detail())
	case http.StatusTooManyRequests:
		w := engagement.Limited("LinkedIn", resp.Header, time.Time{})
		if w == nil {
			// LinkedIn's allowances are daily and reset at midnight UTC.
			w = &engagement.Wait{Network: "LinkedIn", Until: nextMidnightUTC(time.Now())}
		}
		return engagement.Count{}, resp.StatusCode, w
	case http.StatusServiceUnavailable:
		if w := engagement.Limited("LinkedIn", resp.Header, time.Time{}); w != nil {
			return engagement.Count{}, resp.StatusCode, w // down for a while, and says how long
		}
		return engagement.Count{}, resp.StatusCode, networks.Unexpected("LinkedIn", resp.StatusCode, data, c.Token.AccessToken)
	default:
		return engagement.Count{}, resp.StatusCode, networks.Unexpected("LinkedIn", resp.StatusCode, data, c.Token.AccessToken)
	}
	var body struct {
		Elements []struct {
			Count *int64 `json:"count"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(data, &body); err != nil {
		return engagement.Count{}, resp.StatusCode, networks.Unreadable("LinkedIn", err)
	}
	var n engagement.Count
	for _, e := range body.Elements {
		if e.Count != nil {
			n = engagement.Of(n.N + *e.Count)
		}
	}
	return n, resp.StatusCode, nil
}

func nextMidnightUTC(t time.Time) time.Time {
	u := t.UTC()
	return time.Date(u.Year(), u.Month(), u.Day()+1, 0, 0, 0, 0, time.UTC)
}
