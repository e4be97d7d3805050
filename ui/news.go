package ui

import (
	"context"
	"errors"
	"log"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/feeds"
)

// maxListed caps the items the News list holds at once.
const maxListed = 1000

// newsScreen shows the feeds the company recommends for the user's role and
// those the user added, their items newest first, full-text search, and a
// refresh with progress.
type newsScreen struct {
	s        *session
	subs     []feeds.Subscription
	feedList *widget.List
	selected int // index into the feed list; 0 is "All news"
	// feedSel and itemSel mark the selected rows of the two lists.
	feedSel, itemSel *listSelection
	items            []feeds.StoredItem
	itemList         *widget.List
	search           *widget.Entry
	detail           *fyne.Container
	status           *widget.Label
	progress         *widget.ProgressBar
	refresh          *widget.Button
	remove           *widget.Button
	running          bool
	// loads counts the item lists asked for; a list read for an older
	// choice of feed or search is dropped.
	loads int
	// refreshed, when set, runs after each refresh has ended.
	refreshed func()
	// asking is the address being typed in the Add dialog, and refusal
	// the last message saying feeds were not added (for the tests).
	asking  *widget.Entry
	refusal dialog.Dialog
}

func newNewsScreen(s *session) *newsScreen {
	n := &newsScreen{s: s, detail: container.NewVBox(), status: wrapped(""), progress: widget.NewProgressBar()}
	n.status.Hide()
	n.progress.Hide()
	n.feedList = widget.NewList(
		func() int { return len(n.subs) + 1 },
		newTwoLineRow,
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id == 0 {
				setTwoLineRow(o, lang.L("All news"), lang.N("{{.Count}} feeds", len(n.subs), args{"Count": len(n.subs)}), n.feedSel.is(id))
				return
			}
			sub := n.subs[id-1]
			setTwoLineRow(o, feedTitle(sub), feedStatus(sub), n.feedSel.is(id))
		},
	)
	n.feedList.OnSelected = func(id widget.ListItemID) {
		n.selected = id
		n.remove.Disable()
		if id > 0 && n.subs[id-1].Origin == feeds.OriginUser {
			n.remove.Enable()
		}
		n.loadItems()
	}
	n.itemList = widget.NewList(
		func() int { return len(n.items) },
		newTwoLineRow,
		func(id widget.ListItemID, o fyne.CanvasObject) {
			it := n.items[id]
			setTwoLineRow(o, it.Title, minute(it.Published)+"  ·  "+n.feedName(it.FeedID), n.itemSel.is(id))
		},
	)
	n.itemList.OnSelected = n.show
	n.feedSel, n.itemSel = trackSelection(n.feedList), trackSelection(n.itemList)
	n.search = widget.NewEntry()
	n.search.SetPlaceHolder(lang.L("Search the news"))
	n.search.OnChanged = func(string) { n.loadItems() }
	n.refresh = widget.NewButtonWithIcon(lang.L("Refresh"), theme.ViewRefreshIcon(), func() { n.startRefresh(true) })
	n.remove = widget.NewButtonWithIcon(lang.L("Unsubscribe"), theme.DeleteIcon(), n.confirmRemove)
	n.remove.Disable()
	s.onChange(n.reload)
	n.reload()
	n.feedList.Select(0)
	return n
}

func feedTitle(s feeds.Subscription) string {
	if s.Title != "" {
		return s.Title
	}
	return s.URL
}

// feedStatus says how a feed is doing, in words: its last error, or when
// it was last fetched.
func feedStatus(s feeds.Subscription) string {
	origin := lang.L("recommended")
	if s.Origin == feeds.OriginUser {
		origin = lang.L("added by you")
	}
	a := args{"Origin": origin}
	switch {
	case s.LastError != "":
		a["Error"] = strings.TrimPrefix(s.LastError, "feeds: ")
		return lang.L("{{.Origin}} · {{.Error}}", a)
	case strings.HasPrefix(s.URL, feeds.BundleScheme):
		return lang.L("{{.Origin}} · shipped with the bundle", a)
	case s.FetchedAt.IsZero():
		return lang.L("{{.Origin}} · not fetched yet", a)
	}
	a["Time"] = minute(s.FetchedAt)
	return lang.L("{{.Origin}} · fetched {{.Time}}", a)
}

func (n *newsScreen) feedName(id int64) string {
	for _, s := range n.subs {
		if s.ID == id {
			return feedTitle(s)
		}
	}
	return ""
}

func (n *newsScreen) view() fyne.CanvasObject {
	add := widget.NewButtonWithIcon(lang.L("Add feed"), theme.ContentAddIcon(), n.askFeed)
	importOPML := widget.NewButtonWithIcon(lang.L("Import OPML"), theme.FolderOpenIcon(), n.importOPML)
	exportOPML := widget.NewButtonWithIcon(lang.L("Export OPML"), theme.DocumentSaveIcon(), n.exportOPML)
	left := container.NewBorder(heading(lang.L("Feeds")), container.NewVBox(container.NewGridWithColumns(2, add, n.remove),
		container.NewGridWithColumns(2, importOPML, exportOPML)), nil, nil, n.feedList)
	top := container.NewVBox(container.NewBorder(nil, nil, nil, n.refresh, n.search), n.progress, n.status)
	items := container.NewVSplit(n.itemList, container.NewVScroll(container.NewPadded(n.detail)))
	items.Offset = 0.6
	split := container.NewHSplit(left, container.NewBorder(top, nil, nil, nil, items))
	split.Offset = 0.3
	return split
}

// reload reads the subscriptions the role may see, off the UI goroutine,
// and then their items.
func (n *newsScreen) reload() {
	n.s.async(func(ctx context.Context) {
		subs, err := n.s.core.Feeds(ctx)
		fyne.Do(func() {
			if err != nil {
				n.say(userError(err))
				return
			}
			keep := n.selectedID()
			n.subs = subs
			n.feedList.Refresh()
			// The selection stays on the feed it was on, wherever the
			// feeds added or removed moved it to; on All news when the
			// feed is gone.
			at := 0
			for i, sub := range n.subs {
				if sub.ID == keep {
					at = i + 1
				}
			}
			if at != n.selected {
				n.feedList.Select(at) // OnSelected lists its items
				return
			}
			n.loadItems()
		})
	})
}

// selectedID is the id of the feed chosen in the list, or 0 for All news.
func (n *newsScreen) selectedID() int64 {
	if n.selected > 0 && n.selected <= len(n.subs) {
		return n.subs[n.selected-1].ID
	}
	return 0
}

// loadItems lists the items of the chosen feed (or all), matching the search.
func (n *newsScreen) loadItems() {
	ids := make([]int64, 0, len(n.subs))
	if n.selected > 0 {
		ids = append(ids, n.subs[n.selected-1].ID)
	} else {
		for _, s := range n.subs {
			ids = append(ids, s.ID)
		}
	}
	query := n.search.Text
	n.loads++
	load := n.loads
	n.s.async(func(ctx context.Context) {
		var items []feeds.StoredItem
		var err error
		if len(ids) > 0 {
			items, err = n.s.core.Headlines(ctx, ids, query, maxListed)
		}
		fyne.Do(func() {
			if load == n.loads { // else a newer list is on its way
				n.showItems(items, err)
			}
		})
	})
}

// showItems lists the items read for the chosen feed and search.
func (n *newsScreen) showItems(items []feeds.StoredItem, err error) {
	if err != nil {
		n.say(userError(err))
	}
	n.items = items
	n.itemList.UnselectAll()
	n.itemList.Refresh()
	msg := lang.N("{{.Count}} headlines. Choose one to read its summary and share it.", len(n.items), args{"Count": len(n.items)})
	switch {
	case len(n.items) == 0 && n.search.Text != "":
		msg = lang.L("Nothing matches “{{.Search}}”.", args{"Search": n.search.Text})
	case len(n.items) == 0:
		msg = lang.L("No news yet. Refresh, or add a feed.")
	case len(n.items) == maxListed:
		msg = lang.L("The newest {{.Count}} headlines; search to find older ones.", args{"Count": maxListed})
	}
	n.detail.Objects = []fyne.CanvasObject{wrapped(msg)}
	// The feed's list row has room for the start of its error only: the
	// whole of it is here, with the feed's address.
	if n.selected > 0 && n.selected <= len(n.subs) {
		if sub := n.subs[n.selected-1]; sub.LastError != "" {
			why := wrapped(lang.L("{{.Address}} could not be fetched last time: {{.Error}}",
				args{"Address": sub.URL, "Error": strings.TrimPrefix(sub.LastError, "feeds: ")}))
			why.Importance = widget.WarningImportance
			n.detail.Objects = append([]fyne.CanvasObject{why}, n.detail.Objects...)
		}
	}
	n.detail.Refresh()
}

func (n *newsScreen) show(id widget.ListItemID) {
	if id < 0 || id >= len(n.items) {
		return
	}
	it := n.items[id]
	share := widget.NewButtonWithIcon(lang.L("Share"), theme.MailComposeIcon(), func() {
		n.s.compose(draft{network: network.LinkedIn, text: it.Title + " " + it.Link, origin: it.Title})
	})
	buttons := container.NewHBox(share)
	if u, err := url.Parse(feeds.SafeLink(it.Link)); err == nil && u.Host != "" {
		buttons.Add(widget.NewButtonWithIcon(lang.L("Open in browser"), theme.ComputerIcon(), func() {
			if err := n.s.app.OpenURL(u); err != nil {
				showError(n.s.win, lang.L("Could not open the link"), err)
			}
		}))
	}
	n.detail.Objects = []fyne.CanvasObject{
		title(it.Title),
		widget.NewLabel(minute(it.Published) + "  ·  " + n.feedName(it.FeedID)),
		wrapped(it.Summary),
		buttons,
	}
	n.detail.Refresh()
}

// startRefresh fetches the feeds (all with force, else those due) in the
// background, showing progress; the screen stays usable meanwhile.
func (n *newsScreen) startRefresh(force bool) {
	if n.running {
		return
	}
	n.running = true
	n.refresh.Disable()
	n.progress.SetValue(0)
	n.progress.Show()
	n.say(lang.L("Refreshing…"))
	n.s.async(func(ctx context.Context) {
		sum, err := n.s.core.RefreshNews(ctx, force, func(done, total int) {
			fyne.Do(func() { n.progress.SetValue(float64(done) / float64(total)) })
		})
		fyne.Do(func() { n.finishRefresh(sum, err) })
	})
}

func (n *newsScreen) finishRefresh(sum feeds.Summary, err error) {
	n.running = false
	n.refresh.Enable()
	n.progress.Hide()
	switch {
	case err != nil:
		n.say(lang.L("Refresh stopped: {{.Error}}", args{"Error": userError(err)}))
	default:
		n.say(refreshSummary(sum))
	}
	n.reload()
	if n.refreshed != nil {
		n.refreshed()
	}
}

// refreshSummary says what a refresh brought, each count with its own
// plural.
func refreshSummary(sum feeds.Summary) string {
	fresh := lang.N("{{.Count}} new items", sum.NewItems, args{"Count": sum.NewItems})
	if sum.Failed > 0 {
		return lang.L("{{.First}}; {{.Then}}", args{"First": fresh,
			"Then": lang.N("{{.Count}} feeds could not be fetched, each says why.", sum.Failed, args{"Count": sum.Failed})})
	}
	return lang.L("{{.First}}; {{.Then}}", args{"First": fresh + " · " + lang.N("{{.Count}} feeds fetched", sum.Fetched, args{"Count": sum.Fetched}),
		"Then": lang.N("{{.Count}} unchanged", sum.Unchanged, args{"Count": sum.Unchanged})})
}

// addFeed subscribes to a feed the user typed and fetches it. An address
// on a private network is refused by the core before anything is added,
// and the user is told why and what to do instead.
func (n *newsScreen) addFeed(raw string) error {
	link := feeds.SafeLink(strings.TrimSpace(raw))
	if link == "" {
		return errors.New(lang.L("“{{.Address}}” is not a web address; feeds start with https://", args{"Address": raw}))
	}
	n.s.async(func(ctx context.Context) {
		err := n.s.core.Follow(ctx, link, "")
		fyne.Do(func() {
			var private *feeds.PrivateAddressError
			switch {
			case errors.As(err, &private):
				log.Printf("advocate: feed not added: %v", err)
				n.refuse(link, refusal(link, private))
			case err != nil:
				showError(n.s.win, lang.L("Could not add the feed"), err)
			default:
				n.say(lang.L("Subscribed to {{.Address}}", args{"Address": link}))
				n.startRefresh(false)
			}
		})
	})
	return nil
}

// refusal says why the feed at link is not added, and what to do.
func refusal(link string, e *feeds.PrivateAddressError) string {
	a := args{"Address": link, "Host": e.Host, "IP": e.Addr.String()}
	if e.Addr.IsLoopback() {
		return lang.L("“{{.Address}}” was not added: it points to this computer ({{.IP}}), and feeds you add may only be on the internet. Use the feed's public address instead.", a)
	}
	return lang.L("“{{.Address}}” was not added: {{.Host}} is on a private network ({{.IP}}), and feeds you add may only be on the internet. Use the feed's public address, or ask your organisation to list {{.Host}} among its intranet hosts.", a)
}

// refuse shows why a feed was not added, in full, and then offers the Add
// dialog again with the address, to correct it.
func (n *newsScreen) refuse(link, why string) {
	msg := wrapped(why)
	body := container.NewBorder(nil, nil, widget.NewIcon(theme.ErrorIcon()), nil, msg)
	d := dialog.NewCustom(lang.L("Could not add the feed"), lang.L("Close"), body, n.s.win)
	d.SetOnClosed(func() { n.askFeedWith(link) })
	d.Resize(n.dialogSize(d.MinSize().Height + 3*theme.TextSize()))
	n.refusal = d
	d.Show()
}

// dialogSize is a width that shows a sentence or an address on a few
// lines, within the window, and at least height.
func (n *newsScreen) dialogSize(height float32) fyne.Size {
	width := float32(520)
	if room := n.s.win.Canvas().Size().Width - 4*theme.Padding(); room > 0 && room < width {
		width = room
	}
	return fyne.NewSize(width, height)
}

func (n *newsScreen) askFeed() { n.askFeedWith("") }

// askFeedWith asks for a feed's address, starting from text.
func (n *newsScreen) askFeedWith(text string) {
	entry := widget.NewEntry()
	entry.SetPlaceHolder("https://example.com/feed.xml")
	entry.SetText(text)
	d := dialog.NewForm(lang.L("Add a news feed"), lang.L("Add"), lang.L("Cancel"), []*widget.FormItem{widget.NewFormItem(lang.L("Address"), entry)}, func(ok bool) {
		if ok {
			if err := n.addFeed(entry.Text); err != nil {
				showError(n.s.win, lang.L("Could not add the feed"), err)
			}
		}
	}, n.s.win)
	d.Resize(n.dialogSize(d.MinSize().Height))
	n.asking = entry
	d.Show()
	n.s.win.Canvas().Focus(entry)
}

func (n *newsScreen) confirmRemove() {
	if n.selected == 0 {
		return
	}
	sub := n.subs[n.selected-1]
	dialog.ShowConfirm(lang.L("Unsubscribe"), lang.L("Stop following “{{.Feed}}” and forget its items?", args{"Feed": feedTitle(sub)}), func(ok bool) {
		if !ok {
			return
		}
		n.selected = 0
		n.feedList.Select(0)
		n.s.act(lang.L("Could not unsubscribe"), func(ctx context.Context) error {
			return n.s.core.Unfollow(ctx, sub.ID)
		}, func() {
			n.say(lang.L("Unsubscribed from {{.Address}}", args{"Address": sub.URL}))
		})
	}, n.s.win)
}

// importSubscriptions adds the feeds of an OPML list off the UI goroutine,
// then fetches them; done runs on the UI goroutine with how many were
// added before any error. Feeds on a private network are left out, and
// the user is told which. The feed chosen in the list stays chosen: an
// import may add many feeds, none of which is the one being read.
func (n *newsScreen) importSubscriptions(data []byte, done func(int, error)) {
	list, err := feeds.ImportOPML(data)
	if err != nil {
		done(0, err)
		return
	}
	n.say(lang.N("Importing {{.Count}} feeds…", len(list), args{"Count": len(list)}))
	n.s.async(func(ctx context.Context) {
		added := 0
		var left []string
		var err error
		for _, f := range list {
			if err = n.s.core.Follow(ctx, f.URL, f.Title); errors.Is(err, feeds.ErrPrivateAddress) {
				log.Printf("advocate: feed not imported: %v", err)
				left, err = append(left, f.URL), nil
				continue
			}
			if err != nil {
				break
			}
			added++
		}
		fyne.Do(func() {
			if added > 0 {
				n.say(lang.N("Imported {{.Count}} feeds from OPML", added, args{"Count": added}))
				n.reload()
				n.startRefresh(false)
			}
			if len(left) > 0 {
				n.leftOut(left)
			}
			done(added, err)
		})
	})
}

// leftOut says which feeds of an imported list were not added, and why.
func (n *newsScreen) leftOut(links []string) {
	why := wrapped(lang.N("{{.Count}} feeds of the list were not added: they are on a private network or on this computer, and feeds you add may only be on the internet. Use their public addresses, or ask your organisation to list their hosts among its intranet hosts.",
		len(links), args{"Count": len(links)}))
	list := wrapped(strings.Join(links, "\n"))
	body := container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, container.NewVBox(why, list))
	d := dialog.NewCustom(lang.L("Some feeds were not imported"), lang.L("Close"), body, n.s.win)
	d.Resize(n.dialogSize(d.MinSize().Height + 3*theme.TextSize()))
	n.refusal = d
	d.Show()
}

// opmlFiles are the names an OPML subscription list goes by.
var opmlFiles = []string{".opml", ".xml"}

// openOPMLDialog is the file dialog that picks an OPML list to import,
// showing only such files and folders.
func (n *newsScreen) openOPMLDialog() *dialog.FileDialog {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		defer r.Close()
		data, err := readCapped(r, feeds.MaxOPMLSize)
		if err != nil {
			showError(n.s.win, lang.L("Could not import the subscriptions"), err)
			return
		}
		n.importSubscriptions(data, func(count int, err error) {
			n.say(lang.N("Imported {{.Count}} feeds.", count, args{"Count": count}))
			if err != nil {
				showError(n.s.win, lang.L("Could not import the subscriptions"), err)
			}
		})
	}, n.s.win)
	d.SetFilter(storage.NewExtensionFileFilter(opmlFiles))
	return d
}

func (n *newsScreen) importOPML() { n.openOPMLDialog().Show() }

// saveOPMLDialog is the file dialog that saves the subscriptions as an
// OPML list, named so by default.
func (n *newsScreen) saveOPMLDialog() *dialog.FileDialog {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		defer w.Close()
		data, err := feeds.ExportOPML(lang.L("{{.Org}} news in Advocate", args{"Org": n.s.state().Bundle.Manifest.Org.Name}), n.subs)
		if err == nil {
			_, err = w.Write(data)
		}
		if err != nil {
			showError(n.s.win, lang.L("Could not export the subscriptions"), err)
		}
	}, n.s.win)
	d.SetFilter(storage.NewExtensionFileFilter(opmlFiles[:1]))
	d.SetFileName("subscriptions.opml")
	return d
}

func (n *newsScreen) exportOPML() { n.saveOPMLDialog().Show() }

// say shows msg in the status line, which stays hidden until there is
// something to say.
func (n *newsScreen) say(msg string) {
	n.status.SetText(msg)
	n.status.Show()
}
