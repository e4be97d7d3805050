package ui

import (
	"fmt"
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/feeds"
)

// newsScreen shows the news feeds the company recommends for the user's
// role, and the items of the chosen feed.
type newsScreen struct {
	s       *session
	sources []newsSource
	list    *widget.List
	items   *fyne.Container
}

// newsSource is one feed as the screen shows it: parsed, or with the reason
// it could not be read.
type newsSource struct {
	title string
	feed  *feeds.Feed
	err   error
}

func newNewsScreen(s *session) *newsScreen {
	n := &newsScreen{s: s, items: container.NewVBox()}
	n.list = widget.NewList(
		func() int { return len(n.sources) },
		newTwoLineRow,
		func(id widget.ListItemID, o fyne.CanvasObject) {
			setTwoLineRow(o, n.sources[id].title, n.sources[id].status())
		},
	)
	n.list.OnSelected = n.show
	s.onChange(n.refresh)
	n.refresh()
	return n
}

func (src newsSource) status() string {
	switch {
	case src.err != nil:
		return src.err.Error()
	case src.feed == nil:
		return "Fetched from the web on refresh"
	}
	return fmt.Sprintf("%d items", len(src.feed.Items))
}

func (n *newsScreen) view() fyne.CanvasObject {
	left := container.NewBorder(heading("Recommended feeds"), nil, nil, nil, n.list)
	split := container.NewHSplit(left, container.NewVScroll(container.NewPadded(n.items)))
	split.Offset = 0.3
	return split
}

// refresh parses the feeds the bundle ships for the current role.
func (n *newsScreen) refresh() {
	n.sources = nil
	for _, news := range n.s.bundle.NewsFor(n.s.role) {
		src := newsSource{title: news.Feed.Title}
		if news.Data != nil {
			src.feed, src.err = feeds.Parse(news.Data)
		}
		n.sources = append(n.sources, src)
	}
	n.list.UnselectAll()
	n.list.Refresh()
	n.items.Objects = nil
	n.items.Refresh()
	if len(n.sources) > 0 {
		n.list.Select(0)
	}
}

func (n *newsScreen) show(id widget.ListItemID) {
	if id < 0 || id >= len(n.sources) {
		return
	}
	src := n.sources[id]
	objs := []fyne.CanvasObject{}
	if src.err != nil {
		objs = append(objs, wrapped("This feed could not be read: "+src.err.Error()))
	} else if src.feed != nil {
		for _, it := range src.feed.Items {
			objs = append(objs, n.itemCard(it))
		}
	}
	n.items.Objects = objs
	n.items.Refresh()
}

func (n *newsScreen) itemCard(it feeds.Item) fyne.CanvasObject {
	share := widget.NewButtonWithIcon("Share", theme.MailComposeIcon(), func() {
		n.s.compose(draft{network: "linkedin", text: it.Title + " " + it.Link, origin: it.Title})
	})
	buttons := container.NewHBox(share)
	if u, err := url.Parse(it.Link); err == nil && it.Link != "" {
		buttons.Add(widget.NewButtonWithIcon("Open", theme.ComputerIcon(), func() {
			if err := n.s.app.OpenURL(u); err != nil {
				showError(n.s.win, "Could not open the link", err)
			}
		}))
	}
	return widget.NewCard(it.Title, minute(it.Published), container.NewBorder(nil, buttons, nil, nil, wrapped(it.Summary)))
}
