package ui

import (
	"context"
	"time"

	"github.com/advocate-app/advocate/feeds"
)

// settingEvery keeps how often the news is refreshed in the background.
const settingEvery = "news.every"

// refreshChoices are the intervals offered in Settings, in order.
var refreshChoices = []struct {
	label string
	every time.Duration
}{
	{"Every 15 minutes", 15 * time.Minute},
	{"Every 30 minutes", 30 * time.Minute},
	{"Every hour", time.Hour},
	{"Every 4 hours", 4 * time.Hour},
	{"Only when I press Refresh", feeds.Manual},
}

func refreshLabels() []string {
	out := make([]string, len(refreshChoices))
	for i, c := range refreshChoices {
		out[i] = c.label
	}
	return out
}

// refreshLabel names the interval the refresher uses.
func (s *session) refreshLabel() string {
	for _, c := range refreshChoices {
		if c.every == s.refresher.Every() {
			return c.label
		}
	}
	return refreshChoices[2].label
}

// loadRefreshEvery applies the saved interval, if any.
func (s *session) loadRefreshEvery() {
	saved, _ := s.env.Store.Setting(context.Background(), settingEvery, "")
	if d, err := time.ParseDuration(saved); err == nil {
		s.refresher.SetEvery(d)
	}
}

// setRefreshEvery applies and saves the interval chosen by its label.
func (s *session) setRefreshEvery(label string) {
	for _, c := range refreshChoices {
		if c.label == label {
			s.refresher.SetEvery(c.every)
			s.env.Store.SetSetting(context.Background(), settingEvery, c.every.String())
		}
	}
}
