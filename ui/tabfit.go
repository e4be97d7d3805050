package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// tabFit lays the tabs over their whole space and, when the window is too
// short for every tab's icon and name down the side, shows the names only,
// so that no screen hides behind an overflow menu (seven tabs with icons
// need about 580 pixels; a window 600 high has about 530 below the
// header).
type tabFit struct {
	tabs  *container.AppTabs
	icons []fyne.Resource // each tab's icon, kept while it is hidden
}

func newTabFit(tabs *container.AppTabs) *tabFit {
	f := &tabFit{tabs: tabs}
	for _, it := range tabs.Items {
		f.icons = append(f.icons, it.Icon)
	}
	return f
}

// withIcons is the height the tabs need with their icons shown.
func (f *tabFit) withIcons() float32 {
	th := f.tabs.Theme()
	text := fyne.MeasureText("Ag", th.Size(theme.SizeNameText), fyne.TextStyle{}).Height
	button := 2*th.Size(theme.SizeNameInlineIcon) + th.Size(theme.SizeNamePadding) + text + 2*th.Size(theme.SizeNameInnerPadding)
	return float32(len(f.tabs.Items)) * button
}

// Layout implements fyne.Layout.
func (f *tabFit) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	show := size.Height >= f.withIcons()
	changed := false
	for i, it := range f.tabs.Items {
		want := f.icons[i]
		if !show {
			want = nil
		}
		if it.Icon != want {
			it.Icon, changed = want, true
		}
	}
	if changed {
		f.tabs.Refresh()
	}
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// MinSize implements fyne.Layout.
func (f *tabFit) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var min fyne.Size
	for _, o := range objs {
		min = min.Max(o.MinSize())
	}
	return min
}
