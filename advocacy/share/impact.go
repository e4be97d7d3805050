package share

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// Count is one bar of an impact chart: a label and how many posted shares
// it stands for.
type Count struct {
	Label string
	N     int
}

// Impact sums up the user's posted shares.
type Impact struct {
	Posted    int
	Weeks     []Count // the last weeks, oldest first, labelled by their Monday
	Networks  []Count // most first
	Campaigns []Count // most first; shares outside a campaign are left out
	Content   []Count // approved items by content id, most first
}

// Impact counts the shares posted to the user's accounts (not the practice
// account) over all time, and week by week over the last weeks weeks.
func (o *Outbox) Impact(ctx context.Context, weeks int) (Impact, error) {
	posted, err := o.query(ctx, "WHERE state = ? AND account_id <> 0 ORDER BY id", Posted)
	if err != nil {
		return Impact{}, err
	}
	now := o.now()
	thisWeek := monday(now)
	var out Impact
	out.Posted = len(posted)
	out.Weeks = make([]Count, weeks)
	for i := range out.Weeks {
		out.Weeks[i].Label = thisWeek.AddDate(0, 0, -7*(weeks-1-i)).Format("2 Jan")
	}
	networks, campaigns, content := map[string]int{}, map[string]int{}, map[string]int{}
	for _, s := range posted {
		networks[string(s.Network)]++
		if s.Campaign != "" {
			campaigns[s.Campaign]++
		}
		if s.ContentID != "" {
			content[s.ContentID]++
		}
		ago := int(thisWeek.Sub(monday(s.Created.In(now.Location()))).Hours()+12) / (7 * 24)
		if ago >= 0 && ago < weeks {
			out.Weeks[weeks-1-ago].N++
		}
	}
	out.Networks, out.Campaigns, out.Content = ranked(networks), ranked(campaigns), ranked(content)
	return out, nil
}

// monday is the start of t's week, at midnight in t's location.
func monday(t time.Time) time.Time {
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
}

func ranked(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{k, n})
	}
	slices.SortFunc(out, func(a, b Count) int {
		return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Label, b.Label))
	})
	return out
}
