package core

import (
	"encoding/json"
	"strings"

	"github.com/advocate-app/advocate/advocacy/network"
)

// settingDraft keeps the draft in Compose; settingPrevious the one it
// replaced, so that replacing or clearing can be undone.
const (
	settingDraft    = "compose.draft"
	settingPrevious = "compose.previous"
)

// SavedDraft is the post being written in Compose, kept as it is typed so
// that a crash or a restart loses nothing.
type SavedDraft struct {
	Text string `json:"text"`
	// Original is the approved caption or news text the draft started
	// from, if any.
	Original  string       `json:"original,omitempty"`
	Networks  []network.ID `json:"networks,omitempty"`
	Locked    []string     `json:"locked,omitempty"`
	Origin    string       `json:"origin,omitempty"`
	Campaign  string       `json:"campaign,omitempty"`
	ContentID string       `json:"content_id,omitempty"`
}

// Empty reports whether there is nothing written.
func (d SavedDraft) Empty() bool { return strings.TrimSpace(d.Text) == "" }

// KeepDraft keeps d as the draft; it is written in the background.
func (c *Core) KeepDraft(d SavedDraft) { c.SetSetting(settingDraft, encodeDraft(d)) }

// Draft returns the kept draft.
func (c *Core) Draft() SavedDraft { return decodeDraft(c.Setting(settingDraft, "")) }

// KeepPrevious keeps d as the draft that was replaced, which Undo brings
// back.
func (c *Core) KeepPrevious(d SavedDraft) { c.SetSetting(settingPrevious, encodeDraft(d)) }

// PreviousDraft returns the draft KeepPrevious kept.
func (c *Core) PreviousDraft() SavedDraft { return decodeDraft(c.Setting(settingPrevious, "")) }

func encodeDraft(d SavedDraft) string {
	if d.Empty() && len(d.Networks) == 0 {
		return ""
	}
	raw, _ := json.Marshal(d)
	return string(raw)
}

func decodeDraft(s string) SavedDraft {
	var d SavedDraft
	if s != "" {
		json.Unmarshal([]byte(s), &d)
	}
	return d
}
