package ui

import (
	"errors"
	"image/color"
	"io"
	"net/url"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// day writes a date as the user's language does: the layout, in Go's
// notation, is translated like a sentence ("02/01/2006" in French), since
// Go writes month names in English only.
func day(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Local().Format(lang.L("2 Jan 2006"))
}

// minute writes a date and time as the user's language does.
func minute(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Local().Format(lang.L("2 Jan 2006 15:04"))
}

// wrapped is a label that wraps at word boundaries.
func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// say puts msg in a status line, which is hidden while it has nothing to
// say so that it leaves no gap.
func say(status *widget.Label, msg string) {
	status.SetText(msg)
	if msg == "" {
		status.Hide()
	} else {
		status.Show()
	}
}

// atLeast gives o at least width, so that a choice like a Select shows
// its longer words (in some languages) whole.
func atLeast(width float32, o fyne.CanvasObject) fyne.CanvasObject {
	room := canvas.NewRectangle(color.Transparent)
	room.SetMinSize(fyne.NewSize(width, 0))
	return container.NewStack(room, o)
}

// heading is a bold label for a short section name; it does not wrap, so
// its height never depends on the width it is first laid out at.
func heading(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.TextStyle = fyne.TextStyle{Bold: true}
	return l
}

// title is a bold label for a longer title, wrapped at word boundaries.
func title(text string) *widget.Label {
	l := heading(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// link is a hyperlink for an http(s) address, or plain text for anything else.
func link(text, addr string) fyne.CanvasObject {
	u, err := url.Parse(addr)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return widget.NewLabel(text)
	}
	return widget.NewHyperlink(text, u)
}

// showError shows err under a title that says what failed; the message
// itself says what to do.
func showError(w fyne.Window, title string, err error) { showErrorThen(w, title, err, nil) }

// showErrorThen is showError, running then (when set) once the message is
// closed.
func showErrorThen(w fyne.Window, title string, err error, then func()) {
	msg := wrapped(userError(err))
	body := container.NewBorder(nil, nil, widget.NewIcon(theme.ErrorIcon()), nil, msg)
	d := dialog.NewCustom(title, lang.L("Close"), body, w)
	if then != nil {
		d.SetOnClosed(then)
	}
	d.Resize(fyne.NewSize(480, 200))
	d.Show()
}

// newTwoLineRow is a list row template: a bold title over a second line,
// both cut with an ellipsis when too long.
func newTwoLineRow() fyne.CanvasObject {
	title := widget.NewLabel("title")
	title.TextStyle = fyne.TextStyle{Bold: true}
	title.Truncation = fyne.TextTruncateEllipsis
	second := widget.NewLabel("second")
	second.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(nil, nil, newSelectionMark(), nil, container.NewVBox(title, second))
}

// setTwoLineRow fills a row made by newTwoLineRow; selected draws the bar
// beside it.
func setTwoLineRow(o fyne.CanvasObject, title, second string, selected bool) {
	row := o.(*fyne.Container)
	box := row.Objects[0].(*fyne.Container)
	box.Objects[0].(*widget.Label).SetText(title)
	box.Objects[1].(*widget.Label).SetText(second)
	showSelectionMark(row.Objects[1].(*canvas.Rectangle), selected)
}

// readCapped reads at most max bytes from r, failing beyond that.
func readCapped(r io.Reader, max int) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, int64(max)+1))
	if err != nil {
		return nil, err
	}
	if len(data) > max {
		return nil, errors.New(lang.L("the file is larger than {{.Size}} MiB", args{"Size": max >> 20}))
	}
	return data, nil
}
