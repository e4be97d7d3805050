package ui

import (
	"image/color"
	"math"
	"slices"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Contrast targets of WCAG 2.x level AA: normal text, and large text or
// the parts of icons and controls that one needs to see.
const (
	textContrast    = 4.5
	graphicContrast = 3.0
	// distinctContrast keeps text apart from disabled text: a dimmed
	// button must look dimmed even once its text is readable.
	distinctContrast = 2.0
	// contrastMargin keeps a colour clear of the line, so that a colour
	// rounded to 8 bits, or blended a little differently, still passes.
	contrastMargin = 0.1
)

// advocateTheme is Fyne's default theme with the colours that fall short of
// WCAG AA contrast on the surfaces they are drawn on made darker (light
// variant) or lighter (dark variant), just enough to pass. Every other
// colour, font, icon and size is Fyne's own.
type advocateTheme struct {
	fyne.Theme
	// variant, when held, replaces the variant the widgets ask for: the
	// Light and Dark appearances hold it, System follows the desktop.
	variant fyne.ThemeVariant
	held    bool

	mu       sync.Mutex
	palettes map[paletteKey]map[fyne.ThemeColorName]color.Color
}

// paletteKey names one computed palette: the variant and the base colours
// it was computed from that the user's settings can change.
type paletteKey struct {
	variant fyne.ThemeVariant
	primary color.NRGBA
}

// newAdvocateTheme wraps Fyne's default theme; held fixes the variant.
func newAdvocateTheme(variant fyne.ThemeVariant, held bool) *advocateTheme {
	return &advocateTheme{Theme: theme.DefaultTheme(), variant: variant, held: held}
}

func (t *advocateTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.held {
		v = t.variant
	}
	if c, ok := t.palette(v)[n]; ok {
		return c
	}
	return t.Theme.Color(n, v)
}

// palette gives the colours replaced in variant v, computed once.
func (t *advocateTheme) palette(v fyne.ThemeVariant) map[fyne.ThemeColorName]color.Color {
	if v != theme.VariantLight {
		v = theme.VariantDark // as Fyne: anything but light is dark
	}
	key := paletteKey{variant: v, primary: nrgba(t.Theme.Color(theme.ColorNamePrimary, v))}
	t.mu.Lock()
	defer t.mu.Unlock()
	if p, ok := t.palettes[key]; ok {
		return p
	}
	if t.palettes == nil {
		t.palettes = map[paletteKey]map[fyne.ThemeColorName]color.Color{}
	}
	p := accessiblePalette(func(n fyne.ThemeColorName) color.NRGBA { return nrgba(t.Theme.Color(n, v)) }, v)
	t.palettes[key] = p
	return p
}

// A surface is a colour that text or icons are drawn on: a theme colour, or
// a translucent one (hover, selection, focus) laid over another.
type surface struct {
	name   string
	colour func(base func(fyne.ThemeColorName) color.NRGBA) color.NRGBA
}

func plain(n fyne.ThemeColorName) surface {
	return surface{string(n), func(c func(fyne.ThemeColorName) color.NRGBA) color.NRGBA { return c(n) }}
}

func layered(top, under fyne.ThemeColorName) surface {
	return surface{string(top) + " on " + string(under), func(c func(fyne.ThemeColorName) color.NRGBA) color.NRGBA {
		return over(c(top), c(under))
	}}
}

// The surfaces of the screens: the window, a list row hovered or selected
// (Content, News, Activity, Policy), dialogs, menus and pop-ups, entries
// and selects, buttons and badges.
var (
	surfBackground     = plain(theme.ColorNameBackground)
	surfHover          = layered(theme.ColorNameHover, theme.ColorNameBackground)
	surfSelection      = layered(theme.ColorNameSelection, theme.ColorNameBackground)
	surfOverlay        = plain(theme.ColorNameOverlayBackground)
	surfMenu           = plain(theme.ColorNameMenuBackground)
	surfHeader         = plain(theme.ColorNameHeaderBackground)
	surfInput          = plain(theme.ColorNameInputBackground)
	surfInputHover     = layered(theme.ColorNameHover, theme.ColorNameInputBackground)
	surfInputFocus     = layered(theme.ColorNameFocus, theme.ColorNameInputBackground)
	surfButton         = plain(theme.ColorNameButton)
	surfButtonHover    = layered(theme.ColorNameHover, theme.ColorNameButton)
	surfButtonFocus    = layered(theme.ColorNameFocus, theme.ColorNameButton)
	surfDisabledButton = plain(theme.ColorNameDisabledButton)

	// Text and icons in the window, list rows, dialogs and menus.
	pageSurfaces = []surface{surfBackground, surfHover, surfSelection, surfOverlay, surfMenu, surfHeader}
)

// A contrastRule says that a colour, as text or as a graphic, must stand
// out from each of some surfaces.
type contrastRule struct {
	colour fyne.ThemeColorName
	on     []surface
	target float64
	use    string // where the screens draw it
}

// contrastRules are the pairs the screens draw, in the order they are
// adjusted: the colours first, then the colours drawn on them.
var contrastRules = []contrastRule{
	{colour: theme.ColorNameForeground, target: textContrast, use: "text and icons",
		on: slices.Concat(pageSurfaces, []surface{surfInput, surfInputHover, surfInputFocus, surfButton, surfButtonHover, surfButtonFocus})},
	{colour: theme.ColorNameDisabled, target: textContrast, use: "low-importance labels (list summaries, Source: lines), disabled text",
		on: slices.Concat(pageSurfaces, []surface{surfInput, surfButton, surfDisabledButton})},
	{colour: theme.ColorNameForeground, target: distinctContrast, use: "text apart from disabled text",
		on: []surface{plain(theme.ColorNameDisabled)}},
	{colour: theme.ColorNamePlaceHolder, target: textContrast, use: "entry placeholders",
		on: []surface{surfInput}},
	{colour: theme.ColorNamePrimary, target: textContrast, use: "selected tab, high-importance labels; indicators, radio and progress fill",
		on: []surface{surfBackground, surfHover, surfOverlay, surfMenu, surfHeader}},
	{colour: theme.ColorNameHyperlink, target: textContrast, use: "links",
		on: []surface{surfBackground, surfHover, surfOverlay, surfMenu, surfHeader, surfInput}},
	{colour: theme.ColorNameWarning, target: textContrast, use: "warning labels, marked words, severities; badge fill",
		on: slices.Concat(pageSurfaces, []surface{surfInput})},
	{colour: theme.ColorNameError, target: textContrast, use: "error labels, marked words, severities; badge and button fill",
		on: slices.Concat(pageSurfaces, []surface{surfInput})},
	{colour: theme.ColorNameSuccess, target: textContrast, use: "\"No problems found.\"",
		on: slices.Concat(pageSurfaces, []surface{surfInput})},
	{colour: theme.ColorNameInputBorder, target: graphicContrast, use: "unselected radio and check outlines, entry borders",
		on: []surface{surfBackground, surfOverlay, surfMenu}},
	{colour: theme.ColorNameForegroundOnPrimary, target: textContrast, use: "text on high-importance buttons and badges",
		on: []surface{plain(theme.ColorNamePrimary), layered(theme.ColorNameHover, theme.ColorNamePrimary), layered(theme.ColorNameFocus, theme.ColorNamePrimary)}},
	{colour: theme.ColorNameForegroundOnWarning, target: textContrast, use: "text on warning badges",
		on: []surface{plain(theme.ColorNameWarning), layered(theme.ColorNameHover, theme.ColorNameWarning)}},
	{colour: theme.ColorNameForegroundOnError, target: textContrast, use: "text on danger buttons and badges",
		on: []surface{plain(theme.ColorNameError), layered(theme.ColorNameHover, theme.ColorNameError)}},
	{colour: theme.ColorNameForegroundOnSuccess, target: textContrast, use: "text on success buttons",
		on: []surface{plain(theme.ColorNameSuccess), layered(theme.ColorNameHover, theme.ColorNameSuccess)}},
}

// accessiblePalette gives the colours of base, in variant v, that must
// change to meet contrastRules, changed as little as they can be.
func accessiblePalette(base func(fyne.ThemeColorName) color.NRGBA, v fyne.ThemeVariant) map[fyne.ThemeColorName]color.Color {
	out := map[fyne.ThemeColorName]color.Color{}
	current := func(n fyne.ThemeColorName) color.NRGBA {
		if c, ok := out[n]; ok {
			return c.(color.NRGBA)
		}
		return base(n)
	}
	// Away from the surfaces: darker on the light theme's light surfaces,
	// lighter on the dark theme's dark ones.
	toward := color.NRGBA{A: 0xff}
	if v != theme.VariantLight {
		toward = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	}
	for _, r := range contrastRules {
		c := current(r.colour)
		if minContrast(c, r.on, current) >= r.target+contrastMargin {
			continue
		}
		if isOnColour(r.colour) {
			// Text on a coloured patch: dark or light, whichever reads best.
			out[r.colour] = bestOf(r.on, current, c, color.NRGBA{R: 0x17, G: 0x17, B: 0x18, A: 0xff}, color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff})
			continue
		}
		for step := 1; step <= 255; step++ {
			c = mix(current(r.colour), toward, float64(step)/255)
			if minContrast(c, r.on, current) >= r.target+contrastMargin {
				break
			}
		}
		out[r.colour] = c
	}
	return out
}

func isOnColour(n fyne.ThemeColorName) bool {
	switch n {
	case theme.ColorNameForegroundOnPrimary, theme.ColorNameForegroundOnWarning,
		theme.ColorNameForegroundOnError, theme.ColorNameForegroundOnSuccess:
		return true
	}
	return false
}

// bestOf gives the first candidate that passes on every surface, else the
// one with the most contrast.
func bestOf(on []surface, colours func(fyne.ThemeColorName) color.NRGBA, candidates ...color.NRGBA) color.NRGBA {
	best, bestRatio := candidates[0], 0.0
	for _, c := range candidates {
		r := minContrast(c, on, colours)
		if r >= textContrast+contrastMargin {
			return c
		}
		if r > bestRatio {
			best, bestRatio = c, r
		}
	}
	return best
}

// minContrast is the lowest contrast of c on the surfaces.
func minContrast(c color.NRGBA, on []surface, colours func(fyne.ThemeColorName) color.NRGBA) float64 {
	lowest := math.Inf(1)
	for _, s := range on {
		lowest = math.Min(lowest, contrastRatio(c, s.colour(colours)))
	}
	return lowest
}

// contrastRatio is WCAG 2's contrast ratio of two opaque colours, from 1
// to 21: (L1 + 0.05) / (L2 + 0.05) with L1 the lighter's relative
// luminance.
func contrastRatio(a, b color.NRGBA) float64 {
	la, lb := relativeLuminance(a), relativeLuminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// relativeLuminance is WCAG 2's relative luminance of an sRGB colour.
func relativeLuminance(c color.NRGBA) float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// over lays a translucent colour on an opaque one, as the painter blends.
func over(top, under color.NRGBA) color.NRGBA {
	a := float64(top.A) / 255
	blend := func(t, u uint8) uint8 { return uint8(math.Round(float64(t)*a + float64(u)*(1-a))) }
	return color.NRGBA{R: blend(top.R, under.R), G: blend(top.G, under.G), B: blend(top.B, under.B), A: 0xff}
}

// mix moves c a fraction f of the way to target, keeping its alpha.
func mix(c, target color.NRGBA, f float64) color.NRGBA {
	m := func(a, b uint8) uint8 { return uint8(math.Round(float64(a) + (float64(b)-float64(a))*f)) }
	return color.NRGBA{R: m(c.R, target.R), G: m(c.G, target.G), B: m(c.B, target.B), A: c.A}
}

func nrgba(c color.Color) color.NRGBA {
	if c == nil {
		return color.NRGBA{}
	}
	return color.NRGBAModel.Convert(c).(color.NRGBA)
}
