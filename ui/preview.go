package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/policy"
)

// shownLinkLength is how much of a link X, Mastodon and Bluesky show
// before cutting it with an ellipsis.
const shownLinkLength = 30

// previewText is the post as the network shows it: networks that shorten
// links (X, Mastodon and Bluesky) show them (found as the policy finds
// them) without their scheme or www., cut after about 30 characters;
// LinkedIn shows them whole.
func previewText(id network.ID, text string) string {
	if f, _ := id.Facts(); !f.ShortensLinks {
		return text
	}
	var b strings.Builder
	at := 0
	for _, l := range policy.Links(text) {
		b.WriteString(text[at:l.Start])
		shown := text[l.Start:l.End]
		for _, prefix := range []string{"https://", "http://", "www."} {
			if len(shown) >= len(prefix) && strings.EqualFold(shown[:len(prefix)], prefix) {
				shown = shown[len(prefix):]
			}
		}
		if r := []rune(shown); len(r) > shownLinkLength {
			shown = string(r[:shownLinkLength-1]) + "…"
		}
		b.WriteString(shown)
		at = l.End
	}
	b.WriteString(text[at:])
	return b.String()
}

// linkCard names the card that networks with link cards (LinkedIn and
// Bluesky) show under a post with a link: the approved item's title when
// the draft came from one, else the link's host. The other networks show
// none.
func linkCard(id network.ID, text, origin string) string {
	links := policy.Links(text)
	if f, _ := id.Facts(); len(links) == 0 || !f.LinkCard {
		return ""
	}
	if origin != "" {
		return origin
	}
	return links[0].Host
}

// postPreview shows a draft as it will read on one of the networks it is
// for, chosen in on.
type postPreview struct {
	card *widget.Card
	on   *widget.Select
	text *widget.Label
	link *widget.Label
	// draft and origin are what is previewed, shown again when on changes.
	draft, origin string
	// box is the container the preview sits in, laid out again when the
	// preview's height changes.
	box *fyne.Container
}

func newPostPreview() *postPreview {
	p := &postPreview{text: wrapped(""), link: wrapped("")}
	p.link.Importance = widget.LowImportance
	p.on = widget.NewSelect(nil, func(string) { p.refill() })
	head := container.NewHBox(widget.NewLabel(lang.L("How it reads on")), p.on)
	p.card = widget.NewCard("", "", container.NewVBox(head, p.text, p.link))
	return p
}

func (p *postPreview) view() fyne.CanvasObject { return p.card }

// show previews text on the network chosen in the preview, one of
// networks (the first when the one chosen is no longer among them); an
// empty draft hides the preview. Compose, which calls it, lays the area
// out again when its size changes.
func (p *postPreview) show(networks []network.ID, text, origin string) {
	p.draft, p.origin = text, origin
	options := network.Titles(networks)
	if !slices.Equal(p.on.Options, options) {
		p.on.Options = options
		if !slices.Contains(options, p.on.Selected) {
			p.on.Selected = options[0]
		}
		p.on.Refresh()
	}
	p.fill()
}

// network is the network previewed, or "" when none is.
func (p *postPreview) network() network.ID {
	id, _ := network.Parse(p.on.Selected)
	return id
}

// refill previews the draft on the network just chosen in the preview,
// laying the surrounding box out again only when the preview's size
// changes.
func (p *postPreview) refill() {
	visible, before := p.card.Visible(), p.card.MinSize()
	p.fill()
	if p.card.Visible() != visible || p.card.MinSize() != before {
		p.relayout()
	}
}

// fill previews the draft on the network chosen.
func (p *postPreview) fill() {
	id := p.network()
	if strings.TrimSpace(p.draft) == "" || id == "" {
		p.card.Hide()
	} else {
		p.text.SetText(previewText(id, p.draft))
		if card := linkCard(id, p.draft, p.origin); card != "" {
			p.link.SetText(lang.L("Link card: {{.Card}}", args{"Card": card}))
			p.link.Show()
		} else {
			p.link.Hide()
		}
		p.card.Show()
	}
}

// relayout lays the surrounding box out twice: a wrapped label knows its
// height only once it has its width.
func (p *postPreview) relayout() {
	if p.box != nil {
		p.box.Refresh()
		p.box.Refresh()
	}
}
