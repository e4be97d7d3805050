package ui

import (
	"net/url"
	"regexp"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// linkPattern finds the web links in a post.
var linkPattern = regexp.MustCompile(`https?://[^\s]+`)

// shownLinkLength is how much of a link X, Mastodon and Bluesky show
// before cutting it with an ellipsis.
const shownLinkLength = 30

// previewText is the post as the network shows it: X, Mastodon and
// Bluesky show links without their scheme, cut after about 30 characters;
// LinkedIn shows them whole.
func previewText(network, text string) string {
	if network == "linkedin" {
		return text
	}
	return linkPattern.ReplaceAllStringFunc(text, func(link string) string {
		shown := strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(link, "https://"), "http://"), "www.")
		if r := []rune(shown); len(r) > shownLinkLength {
			shown = string(r[:shownLinkLength-1]) + "…"
		}
		return shown
	})
}

// linkCard names the card LinkedIn and Bluesky show under a post with a
// link: the approved item's title when the draft came from one, else the
// link's host. The other networks show none.
func linkCard(network, text, origin string) string {
	link := linkPattern.FindString(text)
	if link == "" || (network != "linkedin" && network != "bluesky") {
		return ""
	}
	if origin != "" {
		return origin
	}
	if u, err := url.Parse(link); err == nil {
		return u.Host
	}
	return ""
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
		p.card.SetSubTitle("How it reads on " + networkTitles[network])
		p.text.SetText(previewText(network, text))
		if card := linkCard(network, text, origin); card != "" {
			p.link.SetText("Link card: " + card)
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
