package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/managed"
)

// setByOrganisation is said beside each setting the organisation enforces
// on this computer; the controls for it are disabled.
func setByOrganisation() *widget.Label {
	l := wrapped(lang.L("Set by your organisation on this computer; it cannot be changed here."))
	l.Importance = widget.LowImportance
	return l
}

// lockTo disables what the organisation enforces and returns the notes to
// show, by key: the bundle (its address or its key), the role, the news
// refresh interval and notifications.
func (st *settingsScreen) lockTo(every *widget.Select, demo *widget.Button, notify *widget.Check) map[managed.Key]fyne.CanvasObject {
	c := st.s.core
	notes := map[managed.Key]fyne.CanvasObject{}
	if c.Locked(managed.BundleURL) || c.Locked(managed.PublisherKeys) {
		st.ref.Disable()
		st.key.Disable()
		st.load.Disable()
		demo.Disable()
		notes[managed.BundleURL] = setByOrganisation()
	}
	if c.Locked(managed.Role) {
		st.role.Disable()
		notes[managed.Role] = setByOrganisation()
	}
	if c.Locked(managed.NewsRefresh) {
		every.Disable()
		notes[managed.NewsRefresh] = setByOrganisation()
	}
	if c.Locked(managed.Notifications) {
		notify.Disable()
		notes[managed.Notifications] = setByOrganisation()
	}
	return notes
}

// noteOr is the note for k, or an empty spacer where there is none.
func noteOr(notes map[managed.Key]fyne.CanvasObject, k managed.Key) fyne.CanvasObject {
	if n, ok := notes[k]; ok {
		return n
	}
	l := widget.NewLabel("")
	l.Hide()
	return l
}
