package ui

import (
	"context"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/share"
)

// impactWeeks is how many weeks the shares-per-week chart covers.
const impactWeeks = 8

// impactView charts what the user has posted and what it earned: the
// weekly totals with this week and the projection (impactTrend), the
// latest posts' counts, then shares per week, by network, by campaign,
// and the approved content shared most, practice shares apart.
type impactView struct {
	s   *session
	box *fyne.Container
	// trend is what the shares earned, nil before it is read or when it
	// could not be; head and tail are the objects before and after it.
	trend      *impactTrend
	head, tail []fyne.CanvasObject
}

func newImpactView(s *session) *impactView {
	return &impactView{s: s, box: container.NewVBox()}
}

func (v *impactView) view() fyne.CanvasObject {
	return container.NewVScroll(container.NewPadded(v.box))
}

// refresh reads the posted shares again and redraws the charts.
func (v *impactView) refresh() {
	v.s.async(func(ctx context.Context) {
		im, err := v.s.core.Impact(ctx, impactWeeks)
		o, oerr := v.s.core.ImpactOutlook(ctx, trendWeeks, trendRecent)
		fyne.Do(func() { v.show(im, err, o, oerr) })
	})
}

func (v *impactView) show(im share.Impact, err error, o core.ImpactOutlook, oerr error) {
	if err != nil {
		v.box.Objects = []fyne.CanvasObject{wrapped(lang.L("Your shares could not be read: {{.Error}}", args{"Error": userError(err)}))}
		v.box.Refresh()
		return
	}
	for i, c := range im.Networks {
		im.Networks[i].Label = network.ID(c.Label).Title()
	}
	titles := map[string]string{}
	for _, it := range v.s.state().Bundle.Content {
		titles[it.ID] = it.Title
	}
	for i, c := range im.Content {
		if t, ok := titles[c.Label]; ok {
			im.Content[i].Label = t
		}
	}
	head := []fyne.CanvasObject{
		heading(lang.N("Impact: {{.Count}} posts on your networks", im.Posted, args{"Count": im.Posted})),
		wrapped(lang.L("Shares are counted from what Advocate posted from this computer to your accounts; what they earned is read back from each post's public counts on the network.")),
	}
	if im.Practice > 0 {
		head = append(head, wrapped(lang.N("Your {{.Count}} practice posts are shown apart, in grey, and left out of every total.", im.Practice, args{"Count": im.Practice})))
	}
	prev := v.trend
	v.trend = nil
	if oerr != nil {
		head = append(head, wrapped(lang.L("What your shares earned could not be read: {{.Error}}", args{"Error": userError(oerr)})))
	} else {
		v.trend = newImpactTrend(o, prev, v.layOut)
	}
	v.head, v.tail = head, []fyne.CanvasObject{widget.NewSeparator(), title(lang.L("Shares posted")),
		newBarChart(lang.L("Shares per week, last {{.Count}} weeks", args{"Count": impactWeeks}), "", im.Weeks),
		newBarChart(lang.L("By network"), lang.L("Nothing posted yet."), im.Networks),
		newBarChart(lang.L("By campaign"), lang.L("No campaign content posted yet."), im.Campaigns),
		newBarChart(lang.L("Most shared approved content"), lang.L("No approved content posted yet."), im.Content[:min(len(im.Content), 10)])}
	v.layOut()
}

// layOut puts the heading, the trend and the bar charts in the box.
func (v *impactView) layOut() {
	objs := slices.Clone(v.head)
	if v.trend != nil {
		objs = append(objs, v.trend.objects()...)
	}
	v.box.Objects = append(objs, v.tail...)
	v.box.Refresh()
}
