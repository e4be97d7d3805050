package ui

import (
	"slices"
	"testing"

	"github.com/advocate-app/advocate/advocacy/network"
)

func TestPreviewShowsLinksAsEachNetworkDoes(t *testing.T) {
	text := "Atlas 3 ships: https://www.larkspur.example/products/atlas-3?ref=launch and more"
	cases := map[network.ID]string{
		"x":        "Atlas 3 ships: larkspur.example/products/atl… and more",
		"mastodon": "Atlas 3 ships: larkspur.example/products/atl… and more",
		"linkedin": text,
	}
	for id, want := range cases {
		if got := previewText(id, text); got != want {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
	if got := linkCard("linkedin", text, "Larkspur Atlas 3 is shipping"); got != "Larkspur Atlas 3 is shipping" {
		t.Errorf("linkedin card %q", got)
	}
	if got := linkCard("bluesky", text, ""); got != "www.larkspur.example" {
		t.Errorf("bluesky card %q", got)
	}
	if got := linkCard("x", text, "Atlas"); got != "" {
		t.Errorf("x shows no card, got %q", got)
	}
}

func TestComposePreviewFollowsTheNetwork(t *testing.T) {
	sh, _ := newTestShell(t)
	c := sh.compose
	c.load(draft{network: "linkedin", text: "Read https://larkspur.example/atlas-3", origin: "Larkspur Atlas 3 is shipping"})
	p := c.preview
	if !p.card.Visible() || p.on.Selected != "LinkedIn" || p.link.Text != "Link card: Larkspur Atlas 3 is shipping" {
		t.Fatalf("linkedin preview %q / %q", p.on.Selected, p.link.Text)
	}
	c.choose("x")
	if p.on.Selected != "X" || p.link.Visible() || p.text.Text != "Read larkspur.example/atlas-3" {
		t.Fatalf("x preview %q / %q", p.on.Selected, p.text.Text)
	}
	// For several networks, the preview shows the one chosen in it.
	c.choose("x", "linkedin")
	if !slices.Equal(p.on.Options, []string{"X", "LinkedIn"}) || p.on.Selected != "X" {
		t.Fatalf("preview offers %v, shows %q", p.on.Options, p.on.Selected)
	}
	p.on.SetSelected("LinkedIn")
	if p.text.Text != "Read https://larkspur.example/atlas-3" || !p.link.Visible() {
		t.Fatalf("linkedin chosen in the preview: %q", p.text.Text)
	}
	c.editor.SetText("  ")
	if c.preview.card.Visible() {
		t.Fatal("an empty draft shows a preview")
	}
}
