package ui

import (
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/network"
)

// contentScreen lists the approved content the user's role may share now,
// and shows the chosen item's caption variants for each network.
type contentScreen struct {
	s       *session
	all     []bundle.Item // what the role may share now
	items   []bundle.Item // of those, what the search and topic let through
	list    *widget.List
	search  *widget.Entry
	topic   *widget.Select
	empty   *widget.Label
	detail  *fyne.Container
	network network.ID
	current int
	// lastVisit is when the user last opened Advocate before this time;
	// zero on the first visit.
	lastVisit time.Time
	// pics holds each listed item's picture, scaled once per bundle (off
	// the UI goroutine: an item shows none until its picture is ready);
	// picsOf is the bundle they are of.
	pics   map[string]scaledPicture
	picsOf *bundle.Bundle
	// suggest is "Suggest a post" (ui/suggest.go).
	suggest *suggestDesk
}

// contentListWidth is the least the Content list is given.
const contentListWidth = 300

// allTopics is the topic choice that filters nothing.
func allTopics() string { return lang.L("All topics") }

func newContentScreen(s *session) *contentScreen {
	c := &contentScreen{s: s, network: network.X, current: -1}
	c.lastVisit = c.visit()
	c.suggest = newSuggestDesk(s)
	c.empty = wrapped("")
	c.detail = container.NewVBox()
	c.list = widget.NewList(
		func() int { return len(c.items) },
		func() fyne.CanvasObject { return newContentRow() },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			it := c.items[id]
			_, pictured := c.s.state().Bundle.Picture(it)
			row := o.(*contentRow)
			row.set(it.Title, oneLine(it.Summary), c.pics[it.ID].thumb, pictured, c.badges(it))
			row.setSelected(id == c.current)
		},
	)
	c.list.OnSelected = c.show
	c.search = widget.NewEntry()
	c.search.SetPlaceHolder(lang.L("Search"))
	c.search.OnChanged = func(string) { c.filter() }
	c.topic = widget.NewSelect(nil, func(string) { c.filter() })
	s.onChange(c.refresh)
	c.refresh()
	return c
}

// visit records this visit and returns the one before it.
func (c *contentScreen) visit() time.Time {
	saved := c.s.core.Setting("content.last_visit", "")
	last, _ := time.Parse(time.RFC3339, saved)
	c.s.core.SetSetting("content.last_visit", c.s.now().UTC().Format(time.RFC3339))
	return last
}

// isNew reports whether the item became shareable since the last visit.
func (c *contentScreen) isNew(it bundle.Item) bool {
	from := it.Published
	if it.Advocacy.NotBefore.After(from) {
		from = it.Advocacy.NotBefore
	}
	return !c.lastVisit.IsZero() && from.After(c.lastVisit)
}

// badges says, on an item's card, whether it is new, who it is for, its
// campaign and how long it may still be shared: soon-ending items are
// marked as a warning.
func (c *contentScreen) badges(it bundle.Item) []*badge {
	var out []*badge
	if c.isNew(it) {
		out = append(out, newBadge(lang.L("New"), widget.HighImportance))
	}
	out = append(out, newBadge(audienceBadge(it.Advocacy.Audience), widget.MediumImportance))
	if it.Advocacy.Campaign != "" {
		out = append(out, newBadge(it.Advocacy.Campaign, widget.MediumImportance))
	}
	if ends := it.Advocacy.Expires; !ends.IsZero() {
		left := ends.Sub(c.s.now())
		days := int((left + 24*time.Hour - 1) / (24 * time.Hour))
		switch {
		case left < 24*time.Hour:
			out = append(out, newBadge(lang.L("Ends today"), widget.DangerImportance))
		case days <= 7:
			out = append(out, newBadge(lang.N("Ends in {{.Count}} days", days, args{"Count": days}), widget.WarningImportance))
		default:
			out = append(out, newBadge(lang.L("Until {{.Day}}", args{"Day": day(ends)}), widget.MediumImportance))
		}
	}
	return out
}

// oneLine joins text's lines, for a one-line glimpse of it.
func oneLine(text string) string {
	return strings.Join(strings.Fields(text), " ")
}

func (c *contentScreen) view() fyne.CanvasObject {
	// The list keeps room for its search and its titles however narrow the
	// window: at 800×600 it was 210 px wide ("Searc", cut titles).
	filters := container.NewBorder(nil, nil, nil, atLeast(140, c.topic), atLeast(140, c.search))
	left := atLeast(contentListWidth, container.NewBorder(container.NewVBox(container.NewBorder(nil, nil, nil, c.suggest.button(), heading(lang.L("Approved to share"))), filters), c.empty, nil, nil, c.list))
	split := container.NewHSplit(left, container.NewVScroll(container.NewPadded(c.detail)))
	split.Offset = 0.42
	return split
}

// refresh reloads the list for the current role and time.
func (c *contentScreen) refresh() {
	b := c.s.state().Bundle
	c.all = b.Shareable(c.s.state().Role, c.s.now())
	if b != c.picsOf {
		c.picsOf, c.pics = b, nil
		raw := map[string][]byte{}
		for _, it := range b.Content {
			if data, ok := b.Picture(it); ok {
				raw[it.ID] = data
			}
		}
		c.s.scalePictures(raw, func(pics map[string]scaledPicture) {
			if c.picsOf == b {
				c.pics = pics
				c.list.Refresh()
				if c.current >= 0 {
					c.show(c.current) // with its picture
				}
			}
		})
	}
	topics := []string{}
	for _, it := range c.all {
		for _, tag := range it.Tags {
			if !slices.Contains(topics, tag) {
				topics = append(topics, tag)
			}
		}
	}
	slices.Sort(topics)
	c.topic.Options = append([]string{allTopics()}, topics...)
	if !slices.Contains(c.topic.Options, c.topic.Selected) {
		c.topic.Selected = allTopics()
	}
	c.topic.Refresh()
	c.filter()
}

// filter lists the shareable items that match the search and the topic.
func (c *contentScreen) filter() {
	words := strings.Fields(strings.ToLower(c.search.Text))
	c.items = c.items[:0:0]
	for _, it := range c.all {
		text := strings.ToLower(strings.Join(append([]string{it.Title, it.Summary, it.Advocacy.Campaign}, it.Tags...), " "))
		if (c.topic.Selected == allTopics() || slices.Contains(it.Tags, c.topic.Selected)) &&
			!slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(text, w) }) {
			c.items = append(c.items, it)
		}
	}
	c.current = -1
	c.list.UnselectAll()
	c.list.Refresh()
	if len(c.items) == 0 {
		msg := lang.L("{{.Org}} has no approved content for employees to share right now.", args{"Org": c.s.state().Bundle.Manifest.Org.Name})
		if c.s.state().Role == bundle.RoleAlumni {
			msg = lang.L("{{.Org}} has no approved content for alumni to share right now.", args{"Org": c.s.state().Bundle.Manifest.Org.Name})
		}
		if len(c.all) > 0 {
			msg = lang.L("Nothing approved matches this search and topic.")
		}
		c.empty.SetText(msg)
		c.empty.Show()
		c.detail.Objects = nil
		c.detail.Refresh()
		return
	}
	c.empty.Hide()
	c.list.Select(0)
	// Selecting scrolls the row into a list that may not have its height
	// yet, by the part of the row it lacks; the first row is at the top.
	c.list.ScrollToOffset(0)
}

func (c *contentScreen) show(id widget.ListItemID) {
	if id < 0 || id >= len(c.items) {
		return
	}
	prev := c.current
	c.current = id
	if prev >= 0 && prev != id {
		c.list.RefreshItem(prev)
	}
	c.list.RefreshItem(id)
	it := c.items[id]
	head := title(it.Title)
	head.SizeName = theme.SizeNameSubHeadingText
	var objs []fyne.CanvasObject
	if p, ok := c.pics[it.ID]; ok {
		pic := canvas.NewImageFromImage(p.detail)
		pic.FillMode = canvas.ImageFillContain
		pic.ScaleMode = canvas.ImageScaleSmooth
		pic.SetMinSize(fyne.NewSize(detailSize.Width*0.8, detailSize.Height*0.8)) // so that the detail fits beside the list at 800×600
		objs = append(objs, container.NewHBox(pic))
	}
	objs = append(objs, head, wrapped(it.Summary))
	if it.URL != "" {
		objs = append(objs, link(it.URL, it.URL))
	}
	objs = append(objs, wrapped(window(it)))

	// A choice, not a row of radio buttons: four of those side by side
	// made the detail too wide to sit beside the list at 800×600.
	networks := widget.NewSelect(network.Titles(network.All), nil)
	networks.SetSelected(c.network.Title())
	networks.OnChanged = func(chosen string) {
		if id, err := network.Parse(chosen); err == nil && id != c.network {
			c.network = id
			c.show(c.current)
		}
	}
	objs = append(objs, widget.NewSeparator(), title(lang.L("Suggested captions — make them your own")),
		container.NewHBox(widget.NewLabel(lang.L("Captions for")), networks))
	for i, caption := range it.Captions(c.network) {
		objs = append(objs, c.captionCard(it, i, caption))
	}
	if len(it.Advocacy.Locked) > 0 {
		objs = append(objs, wrapped(lang.L("Always included, as approved: {{.Text}}", args{"Text": strings.Join(it.Advocacy.Locked, " ")})))
	}
	c.detail.Objects = objs
	c.detail.Refresh()
}

func (c *contentScreen) captionCard(it bundle.Item, i int, caption string) fyne.CanvasObject {
	id := c.network
	use := widget.NewButtonWithIcon(lang.L("Edit and share"), theme.MailComposeIcon(), func() {
		c.s.compose(draft{network: id, text: caption, locked: it.Advocacy.Locked, origin: it.Title,
			campaign: it.Advocacy.Campaign, contentID: it.ID})
	})
	label := lang.L("Variant {{.Number}}", args{"Number": i + 1})
	return widget.NewCard("", label, container.NewBorder(nil, container.NewHBox(use), nil, nil, wrapped(caption)))
}

func window(it bundle.Item) string {
	a := it.Advocacy
	parts := []string{audienceTitle(a.Audience)}
	if a.Campaign != "" {
		parts = append(parts, lang.L("campaign {{.Name}}", args{"Name": a.Campaign}))
	}
	if !a.Expires.IsZero() {
		parts = append(parts, lang.L("share until {{.Time}}", args{"Time": minute(a.Expires)}))
	}
	return strings.Join(parts, " · ")
}

// audienceBadge names who an item is for, in a word or three.
func audienceBadge(audience []string) string {
	switch {
	case len(audience) > 1:
		return lang.L("Employees and alumni")
	case slices.Contains(audience, bundle.RoleAlumni):
		return lang.L("Alumni")
	}
	return lang.L("Employees")
}

// audienceTitle says who an item is for.
func audienceTitle(audience []string) string {
	switch {
	case len(audience) > 1:
		return lang.L("For employees and alumni")
	case slices.Contains(audience, bundle.RoleAlumni):
		return lang.L("For alumni")
	}
	return lang.L("For employees")
}
