package ui

import (
	"image"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// thumbSize is the size of a picture in the Content list, 16:9.
var thumbSize = fyne.NewSize(96, 54)

// contentRow is a card in the Content list: the item's picture, its title,
// the start of its summary, and badges for what is new, who it is for, its
// campaign and when sharing ends.
type contentRow struct {
	widget.BaseWidget
	frame *canvas.Rectangle // behind the picture
	pic   *canvas.Image
	// none stands in the frame of an item that has no picture, so that it
	// does not look like a picture that failed to show.
	none    *widget.Icon
	title   *widget.Label
	summary *widget.Label
	badges  *fyne.Container
	// mark is a bar beside the selected row: the list's selection colour
	// differs from the background by little, so not by colour alone.
	mark     *canvas.Rectangle
	selected bool
}

func newContentRow() *contentRow {
	// The row starts with a badge so that the list, which gives every row
	// the height of this template, leaves room for them.
	r := &contentRow{frame: canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground)), pic: &canvas.Image{},
		title: widget.NewLabel(""), summary: widget.NewLabel(""), badges: container.New(fitRow{}, newBadge(" ", widget.MediumImportance)),
		mark: canvas.NewRectangle(color.Transparent)}
	r.mark.SetMinSize(fyne.NewSize(markWidth, 0))
	r.none = widget.NewIcon(theme.NewDisabledResource(theme.MediaPhotoIcon()))
	r.none.Hide()
	r.frame.SetMinSize(thumbSize)
	r.pic.FillMode = canvas.ImageFillContain
	r.pic.ScaleMode = canvas.ImageScaleSmooth
	r.pic.SetMinSize(thumbSize)
	r.title.TextStyle = fyne.TextStyle{Bold: true}
	r.title.Truncation = fyne.TextTruncateEllipsis
	r.summary.Truncation = fyne.TextTruncateEllipsis
	r.summary.Importance = widget.LowImportance
	r.ExtendBaseWidget(r)
	return r
}

func (r *contentRow) CreateRenderer() fyne.WidgetRenderer {
	text := container.NewVBox(r.title, r.summary, r.badges)
	pic := container.NewCenter(container.NewStack(r.frame, r.pic, container.NewCenter(r.none)))
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, container.NewHBox(r.mark, pic), nil, text))
}

// set fills the row; pic is nil for an item without a picture, which
// pictured says it has (its picture may not be scaled yet).
func (r *contentRow) set(title, summary string, pic image.Image, pictured bool, badges []*badge) {
	r.frame.FillColor = theme.Color(theme.ColorNameInputBackground)
	r.frame.Refresh()
	if pictured {
		r.none.Hide()
	} else {
		r.none.Show()
	}
	if r.pic.Image != pic {
		r.pic.Image = pic
		r.pic.Refresh()
	}
	r.title.SetText(title)
	r.summary.SetText(summary)
	r.badges.Objects = r.badges.Objects[:0]
	for _, b := range badges {
		r.badges.Objects = append(r.badges.Objects, b)
	}
	r.badges.Refresh()
}

// setSelected shows or hides the bar that marks the selected row.
func (r *contentRow) setSelected(on bool) {
	if on == r.selected {
		return
	}
	r.selected = on
	r.mark.FillColor = color.Transparent
	if on {
		r.mark.FillColor = theme.Color(theme.ColorNamePrimary)
	}
	r.mark.Refresh()
}
