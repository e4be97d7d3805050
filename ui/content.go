package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/bundle"
)

// contentScreen lists the approved content the user's role may share now,
// and shows the chosen item's caption variants for each network.
type contentScreen struct {
	s       *session
	items   []bundle.Item
	list    *widget.List
	empty   *widget.Label
	detail  *fyne.Container
	network string
	current int
}

func newContentScreen(s *session) *contentScreen {
	c := &contentScreen{s: s, network: "x", current: -1}
	c.empty = wrapped("")
	c.detail = container.NewVBox()
	c.list = widget.NewList(
		func() int { return len(c.items) },
		newTwoLineRow,
		func(id widget.ListItemID, o fyne.CanvasObject) {
			setTwoLineRow(o, c.items[id].Title, until(c.items[id]))
		},
	)
	c.list.OnSelected = c.show
	s.onChange(c.refresh)
	c.refresh()
	return c
}

func until(it bundle.Item) string {
	tags := strings.Join(it.Tags, ", ")
	if it.Advocacy.Expires.IsZero() {
		return tags
	}
	return fmt.Sprintf("%s · share until %s", tags, day(it.Advocacy.Expires))
}

func (c *contentScreen) view() fyne.CanvasObject {
	left := container.NewBorder(heading("Approved to share"), c.empty, nil, nil, c.list)
	split := container.NewHSplit(left, container.NewVScroll(container.NewPadded(c.detail)))
	split.Offset = 0.36
	return split
}

// refresh reloads the list for the current role and time.
func (c *contentScreen) refresh() {
	c.items = c.s.bundle.Shareable(c.s.role, c.s.env.Now())
	c.current = -1
	c.list.UnselectAll()
	c.list.Refresh()
	if len(c.items) == 0 {
		c.empty.SetText(fmt.Sprintf("%s has no approved content for %s to share right now.", c.s.bundle.Manifest.Org.Name, strings.ToLower(roleTitle(c.s.role))))
		c.empty.Show()
		c.detail.Objects = nil
		c.detail.Refresh()
		return
	}
	c.empty.Hide()
	c.list.Select(0)
}

func (c *contentScreen) show(id widget.ListItemID) {
	if id < 0 || id >= len(c.items) {
		return
	}
	c.current = id
	it := c.items[id]
	head := title(it.Title)
	head.SizeName = theme.SizeNameSubHeadingText
	objs := []fyne.CanvasObject{head, wrapped(it.Summary)}
	if it.URL != "" {
		objs = append(objs, link(it.URL, it.URL))
	}
	objs = append(objs, widget.NewLabel(window(it)))

	networks := widget.NewRadioGroup(titles(bundle.Networks), nil)
	networks.Horizontal = true
	networks.SetSelected(networkTitles[c.network])
	networks.OnChanged = func(chosen string) {
		for k, v := range networkTitles {
			if v == chosen && k != c.network {
				c.network = k
				c.show(c.current)
			}
		}
	}
	objs = append(objs, widget.NewSeparator(), title("Suggested captions — make them your own"), networks)
	for i, caption := range it.Captions(c.network) {
		objs = append(objs, c.captionCard(it, i, caption))
	}
	if len(it.Advocacy.Locked) > 0 {
		objs = append(objs, wrapped("Always included, as approved: "+strings.Join(it.Advocacy.Locked, " ")))
	}
	c.detail.Objects = objs
	c.detail.Refresh()
}

func (c *contentScreen) captionCard(it bundle.Item, i int, caption string) fyne.CanvasObject {
	network := c.network
	use := widget.NewButtonWithIcon("Edit and share", theme.MailComposeIcon(), func() {
		c.s.compose(draft{network: network, text: caption, locked: it.Advocacy.Locked, origin: it.Title,
			campaign: it.Advocacy.Campaign, contentID: it.ID})
	})
	label := fmt.Sprintf("Variant %d", i+1)
	return widget.NewCard("", label, container.NewBorder(nil, container.NewHBox(use), nil, nil, wrapped(caption)))
}

func window(it bundle.Item) string {
	a := it.Advocacy
	parts := []string{"For " + strings.Join(a.Audience, " and ")}
	if a.Campaign != "" {
		parts = append(parts, "campaign "+a.Campaign)
	}
	if !a.Expires.IsZero() {
		parts = append(parts, "share until "+minute(a.Expires))
	}
	return strings.Join(parts, " · ")
}

func titles(networks []string) []string {
	out := make([]string, len(networks))
	for i, n := range networks {
		out[i] = networkTitles[n]
	}
	return out
}
