package ui

import (
	"errors"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/accounts"
	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/network"
)

// shareChoices are what the user chose in the Share dialog last time:
// the destination on each network, when, and the Mastodon server. The
// dialog opens with them, and opens again with them after an error.
type shareChoices struct {
	dest   map[network.ID]string
	when   string
	server string
}

// askDestination asks where the draft goes on each of its networks and
// when, then sends it to each. The Mastodon server is asked for only when
// Mastodon's post goes through the browser. A mistake or a refusal shows
// why, then the dialog again with the choices kept.
func (c *composeScreen) askDestination(reason string, list []accounts.Account) {
	networks := slices.Clone(c.chosen)
	if c.last.dest == nil {
		c.last.dest = map[network.ID]string{}
		c.last.server = strings.TrimPrefix(mastodonInstance(list), "https://")
	}
	server := widget.NewEntry()
	server.SetPlaceHolder(lang.L("Your Mastodon server, such as mastodon.social"))
	server.SetText(c.last.server)
	var items []*widget.FormItem
	choices := map[network.ID]*widget.RadioGroup{}
	dests := map[network.ID]map[string]core.Destination{}
	for _, n := range networks {
		choices[n], dests[n] = destinations(n, list)
		if kept := c.last.dest[n]; slices.Contains(choices[n].Options, kept) {
			choices[n].SetSelected(kept)
		}
		var field fyne.CanvasObject = choices[n]
		if n == network.Mastodon {
			field = mastodonField(choices[n], dests[n], server)
		}
		items = append(items, widget.NewFormItem(n.Title(), field))
	}
	when := widget.NewEntry()
	zone, _ := c.s.now().In(time.Local).Zone()
	when.SetPlaceHolder(lang.L("now, or a time such as 2026-12-01 09:00 ({{.Zone}})", args{"Zone": zone}))
	check := newWhenCheck(c)
	when.OnChanged = func(text string) { check.follow(text, networks) }
	when.SetText(c.last.when)
	check.follow(when.Text, networks)
	items = append(items, widget.NewFormItem(lang.L("When"), container.NewVBox(when, check.label)))
	again := func() { c.askDestination(reason, list) }
	d := dialog.NewForm(lang.L("Share on {{.Networks}}", args{"Networks": strings.Join(network.Titles(networks), ", ")}), lang.L("Share"), lang.L("Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		for _, n := range networks {
			c.last.dest[n] = choices[n].Selected
		}
		c.last.when, c.last.server = when.Text, server.Text
		at, err := parseWhen(when.Text, c.s.now())
		if err != nil {
			showErrorThen(c.s.win, lang.L("Not shared"), err, again)
			return
		}
		var failed []string
		for _, n := range networks {
			if err := c.deliver(n, dests[n][choices[n].Selected], reason, server.Text, at); err != nil {
				failed = append(failed, lang.L("{{.Network}}: {{.Error}}", args{"Network": n.Title(), "Error": userError(err)}))
			}
		}
		if len(failed) > 0 {
			showErrorThen(c.s.win, lang.L("Not shared"), errors.New(strings.Join(failed, "\n")), again)
		}
	}, c.s.win)
	width := min(560, c.s.win.Canvas().Size().Width-40)
	check.changed = func() {
		// Twice: a wrapped line knows its height once laid out at the width.
		d.Resize(fyne.NewSize(width, d.MinSize().Height))
		d.Resize(fyne.NewSize(width, d.MinSize().Height))
	}
	check.changed()
	d.Show()
}

// mastodonField is Mastodon's destination, with the server field shown
// only while the browser is chosen (a connected account knows its server,
// the practice account needs none).
func mastodonField(choice *widget.RadioGroup, dests map[string]core.Destination, server *widget.Entry) fyne.CanvasObject {
	follow := func(selected string) {
		if dests[selected].Kind == core.ToBrowser {
			server.Show()
		} else {
			server.Hide()
		}
	}
	follow(choice.Selected)
	choice.OnChanged = follow
	return container.NewVBox(choice, server)
}
