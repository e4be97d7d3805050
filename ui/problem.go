package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Remedy is an action that may put right the problem a start-up window
// reports, such as moving a damaged database aside.
type Remedy struct {
	Label string
	// Do tries the remedy; on success the window closes and Then runs.
	Do   func() error
	Then func()
}

// ShowProblem opens a window that says why Advocate cannot start and what to
// do, with a button for the remedy when there is one, and Quit.
func ShowProblem(a fyne.App, title string, err error, remedy *Remedy) fyne.Window {
	w := a.NewWindow(lang.L("Advocate — {{.Problem}}", args{"Problem": title}))
	msg := wrapped(userError(err))
	quit := widget.NewButton(lang.L("Quit"), a.Quit)
	buttons := container.NewHBox(quit)
	if remedy != nil {
		fix := widget.NewButtonWithIcon(remedy.Label, theme.ConfirmIcon(), nil)
		fix.Importance = widget.HighImportance
		fix.OnTapped = func() {
			if err := remedy.Do(); err != nil {
				msg.SetText(userError(err))
				return
			}
			w.Hide()
			remedy.Then()
			w.Close()
		}
		buttons.Add(fix)
	}
	body := container.NewBorder(heading(title), container.NewBorder(nil, nil, nil, buttons),
		widget.NewIcon(theme.ErrorIcon()), nil, msg)
	w.SetContent(container.NewPadded(body))
	w.Resize(fyne.NewSize(560, 220))
	w.Show()
	return w
}
