package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/policy"
)

// shownLinkLength is how much of a link X, Mastodon and Bluesky show
// before cutting it with an ellipsis.
const shownLinkLength = 30

// previewText is the post as the network shows it: X, Mastodon and
// Bluesky show links (found as the policy finds them) without their scheme
// or www., cut after about 30 characters; LinkedIn shows them whole.
func previewText(network, text string) string {
	if network == "linkedin" {
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

// linkCard names the card LinkedIn and Bluesky show under a post with a
// link: the approved item's title when the draft came from one, else the
// link's host. The other networks show none.
func linkCard(network, text, origin string) string {
	links := policy.Links(text)
	if len(links) == 0 || (network != "linkedin" && network != "bluesky") {
		return ""
	}
	if origin != "" {
		return origin
	}
	return links[0].Host
}

// postPreview shows a draft as it will read on the chosen network.
type postPreview struct {
	card *widget.Card
	text *widget.Label
	link *widget.Label
	// box is the container the preview sits in, laid out again when the
	// preview's height changes.
	box *fyne.Container
}

func newPostPreview() *postPreview {
	p := &postPreview{text: wrapped(""), link: wrapped("")}
	p.link.Importance = widget.LowImportance
	p.card = widget.NewCard("", "", container.NewVBox(p.text, p.link))
	return p
}

func (p *postPreview) view() fyne.CanvasObject { return p.card }

// show previews text on network; an empty draft hides the preview. The
// surrounding box is laid out again only when the preview's size changes.
func (p *postPreview) show(network, text, origin string) {
	visible, before := p.card.Visible(), p.card.MinSize()
	if strings.TrimSpace(text) == "" {
		p.card.Hide()
	} else {
		p.card.SetSubTitle(lang.L("How it reads on {{.Network}}", args{"Network": networkTitles[network]}))
		p.text.SetText(previewText(network, text))
		if card := linkCard(network, text, origin); card != "" {
			p.link.SetText(lang.L("Link card: {{.Card}}", args{"Card": card}))
			p.link.Show()
		} else {
			p.link.Hide()
		}
		p.card.Show()
	}
	if p.card.Visible() != visible || p.card.MinSize() != before {
		p.relayout()
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
