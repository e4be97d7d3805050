package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"

	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/share"
)

// impactWeeks is how many weeks the shares-per-week chart covers.
const impactWeeks = 8

// impactView charts what the user has posted: shares per week, by network,
// by campaign, and the approved content shared most.
type impactView struct {
	s   *session
	box *fyne.Container
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
		fyne.Do(func() { v.show(im, err) })
	})
}

func (v *impactView) show(im share.Impact, err error) {
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
		wrapped(lang.L("Counted from the shares Advocate posted from this computer to your accounts; nothing is fetched from the networks.")),
	}
	if im.Practice > 0 {
		head = append(head, wrapped(lang.N("Your {{.Count}} practice posts are shown apart, in grey, and left out of every total.", im.Practice, args{"Count": im.Practice})))
	}
	v.box.Objects = append(head,
		newBarChart(lang.L("Shares per week, last {{.Count}} weeks", args{"Count": impactWeeks}), "", im.Weeks),
		newBarChart(lang.L("By network"), lang.L("Nothing posted yet."), im.Networks),
		newBarChart(lang.L("By campaign"), lang.L("No campaign content posted yet."), im.Campaigns),
		newBarChart(lang.L("Most shared approved content"), lang.L("No approved content posted yet."), im.Content[:min(len(im.Content), 10)]),
	)
	v.box.Refresh()
}
