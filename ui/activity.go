package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/store"
)

// activityScreen shows the user's own record: bundles loaded, role changes,
// and (as sharing arrives) checks and posts.
type activityScreen struct {
	s       *session
	entries []store.Activity
	list    *widget.List
	empty   *widget.Label
}

func newActivityScreen(s *session) *activityScreen {
	a := &activityScreen{s: s, empty: wrapped("Nothing yet. What you share and change appears here.")}
	a.list = widget.NewList(
		func() int { return len(a.entries) },
		func() fyne.CanvasObject {
			when := widget.NewLabel("2006-01-02 15:04")
			when.TextStyle = fyne.TextStyle{Monospace: true}
			return container.NewBorder(nil, nil, when, nil, widget.NewLabel("summary"))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			e := a.entries[id]
			box := o.(*fyne.Container)
			for _, obj := range box.Objects {
				l := obj.(*widget.Label)
				if l.TextStyle.Monospace {
					l.SetText(minute(e.At))
				} else {
					l.SetText(e.Summary)
				}
			}
		},
	)
	s.onChange(a.refresh)
	a.refresh()
	return a
}

func (a *activityScreen) view() fyne.CanvasObject {
	return container.NewBorder(container.NewVBox(heading("Activity"), a.empty), nil, nil, nil, a.list)
}

func (a *activityScreen) refresh() {
	entries, err := a.s.env.Store.RecentActivity(context.Background(), 500)
	if err != nil {
		a.empty.SetText("The activity log could not be read: " + err.Error())
		a.empty.Show()
		return
	}
	a.entries = entries
	a.list.Refresh()
	if len(entries) == 0 {
		a.empty.Show()
	} else {
		a.empty.Hide()
	}
}
