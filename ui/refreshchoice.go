package ui

import (
	"time"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/feeds"
)

// refreshChoices are the intervals offered in Settings, in order.
var refreshChoices = []time.Duration{15 * time.Minute, 30 * time.Minute, time.Hour, 4 * time.Hour, feeds.Manual}

// everyTitle names an interval in words.
func everyTitle(every time.Duration) string {
	switch every {
	case 15 * time.Minute:
		return lang.L("Every 15 minutes")
	case 30 * time.Minute:
		return lang.L("Every 30 minutes")
	case time.Hour:
		return lang.L("Every hour")
	case 4 * time.Hour:
		return lang.L("Every 4 hours")
	case feeds.Manual:
		return lang.L("Only when I press Refresh")
	}
	return every.String()
}

// newRefreshChoice is the Settings list of intervals, showing the one
// the refresher uses.
func newRefreshChoice(s *session) *widget.Select {
	labels := make([]string, len(refreshChoices))
	for i, every := range refreshChoices {
		labels[i] = everyTitle(every)
	}
	sel := widget.NewSelect(labels, nil)
	sel.SetSelected(s.refreshLabel())
	sel.OnChanged = s.setRefreshEvery
	return sel
}

// refreshLabel names the interval the news is fetched at.
func (s *session) refreshLabel() string {
	for _, every := range refreshChoices {
		if every == s.core.RefreshEvery() {
			return everyTitle(every)
		}
	}
	return everyTitle(time.Hour)
}

// setRefreshEvery applies and keeps the interval chosen by its label.
func (s *session) setRefreshEvery(label string) {
	for _, every := range refreshChoices {
		if everyTitle(every) == label {
			s.core.SetRefreshEvery(every)
		}
	}
}
