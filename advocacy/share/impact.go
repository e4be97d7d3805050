package share

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// Count is one bar of an impact chart: a label, how many shares posted to
// the user's accounts it stands for, and how many to the practice account,
// which are shown apart and left out of every total.
type Count struct {
	Label    string
	N        int
	Practice int
}

// Impact sums up the user's posted shares.
type Impact struct {
	Posted int
	// Practice counts the shares posted to the practice account.
	Practice  int
	Weeks     []Count // the last weeks, oldest first, labelled by their Monday
	Networks  []Count // most first
	Campaigns []Count // most first; shares outside a campaign are left out
	Content   []Count // approved items by content id, most first
}

// Impact counts the posted shares over all time, and week by week over the
// last weeks weeks: those to the user's accounts, and apart from them those
// to the practice account.
func (o *Outbox) Impact(ctx context.Context, weeks int) (Impact, error) {
	posted, err := o.query(ctx, "WHERE state = ? ORDER BY id", Posted)
	if err != nil {
		return Impact{}, err
	}
	now := o.now()
	thisWeek := monday(now)
	var out Impact
	out.Weeks = make([]Count, weeks)
	for i := range out.Weeks {
		out.Weeks[i].Label = thisWeek.AddDate(0, 0, -7*(weeks-1-i)).Format("2 Jan")
	}
	networks, campaigns, content := map[string]*Count{}, map[string]*Count{}, map[string]*Count{}
	for _, s := range posted {
		practice := s.AccountID == 0
		if practice {
			out.Practice++
		} else {
			out.Posted++
		}
		add(networks, string(s.Network), practice)
		if s.Campaign != "" {
			add(campaigns, s.Campaign, practice)
		}
		if s.ContentID != "" {
			add(content, s.ContentID, practice)
		}
		ago := int(thisWeek.Sub(monday(s.Created.In(now.Location()))).Hours()+12) / (7 * 24)
		if ago >= 0 && ago < weeks {
			count(&out.Weeks[weeks-1-ago], practice)
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

// add counts a share under label in m.
func add(m map[string]*Count, label string, practice bool) {
	c, ok := m[label]
	if !ok {
		c = &Count{Label: label}
		m[label] = c
	}
	count(c, practice)
}

// count counts a share in c, as practice or not.
func count(c *Count, practice bool) {
	if practice {
		c.Practice++
	} else {
		c.N++
	}
}

// ranked lists m's counts, most real shares first, then most practice.
func ranked(m map[string]*Count) []Count {
	out := make([]Count, 0, len(m))
	for _, c := range m {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b Count) int {
		return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(b.Practice, a.Practice), cmp.Compare(a.Label, b.Label))
	})
	return out
}
