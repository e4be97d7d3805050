package ui

import (
	"errors"
	"fmt"
	"log"
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// errNoBrowser is matched by the error of an address no browser could be
// opened for.
var errNoBrowser = errors.New("ui: no browser could be opened")

// noBrowserError says no browser could be opened for Address, and why.
type noBrowserError struct {
	Address string
	Err     error
}

func (e *noBrowserError) Error() string {
	return fmt.Sprintf("ui: no browser could be opened for %s: %v", e.Address, e.Err)
}

func (e *noBrowserError) Unwrap() error        { return e.Err }
func (e *noBrowserError) Is(target error) bool { return target == errNoBrowser }

// browse opens u in the browser. Where none can be opened, the address
// goes on the clipboard, so that the user can paste it into a browser
// (on this computer or another), and the error says so.
func (s *session) browse(u *url.URL) error {
	if err := s.openURL(u); err != nil {
		log.Printf("ui: open %s: %v", u.Redacted(), err)
		s.app.Clipboard().SetContent(u.String())
		return &noBrowserError{Address: u.Redacted(), Err: err}
	}
	return nil
}

// showNoBrowser says that no browser could be opened for a share and
// offers to copy its address or its text, to paste them where the user
// can.
func (s *session) showNoBrowser(address, text string) {
	copyAddress := widget.NewButtonWithIcon(lang.L("Copy the address"), theme.ContentCopyIcon(), func() {
		s.app.Clipboard().SetContent(address)
	})
	copyText := widget.NewButtonWithIcon(lang.L("Copy the text"), theme.ContentCopyIcon(), func() {
		s.app.Clipboard().SetContent(text)
	})
	body := container.NewVBox(
		wrapped(lang.L("No web browser could be opened on this computer. The share page's address is on the clipboard: paste it into a browser, here or on another device, to post it there.")),
		container.NewHBox(copyAddress, copyText))
	d := dialog.NewCustom(lang.L("No browser"), lang.L("Close"), body, s.win)
	d.Resize(fyne.NewSize(min(520, s.win.Canvas().Size().Width-40), 0))
	d.Show()
}
