package ui

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/advocate-app/advocate/advocacy/share"
)

// settingToldBlocked keeps the ids of the scheduled shares the user was
// told had been blocked when they came due, so that each is told once.
const settingToldBlocked = "notified.blocked"

// tellBlocked reads the shares off the UI goroutine and tells the user, in
// a desktop notification, of each scheduled share the policy in force blocked
// when it came due: it was not posted, and nobody was watching.
func (n *notifier) tellBlocked() {
	s := n.sh.s
	s.async(func(ctx context.Context) {
		shares, err := s.core.Shares(ctx, 200)
		if err != nil {
			return // Activity says why it cannot read them
		}
		fyne.Do(func() { n.blocked(shares) })
	})
}

// blocked notifies of the blocked shares not told of before.
func (n *notifier) blocked(shares []share.Share) {
	s := n.sh.s
	told := strings.Fields(s.core.Setting(settingToldBlocked, ""))
	var fresh []share.Share
	for _, sh := range shares {
		if id := strconv.FormatInt(sh.ID, 10); sh.Why == share.WhyBlockedLater && !slices.Contains(told, id) {
			fresh = append(fresh, sh)
			told = append(told, id)
		}
	}
	if len(fresh) == 0 {
		return
	}
	s.core.SetSetting(settingToldBlocked, strings.Join(told, " "))
	if !s.notifying() {
		return
	}
	title := lang.N("{{.Count}} scheduled posts were not shared", len(fresh), args{"Count": len(fresh)})
	var lines []string
	for _, sh := range fresh {
		lines = append(lines, lang.L("{{.Network}}: {{.Text}} — the policy in force when it was due blocks it.",
			args{"Network": sh.Network.Title(), "Text": excerptOf(sh.Text)}))
	}
	s.app.SendNotification(fyne.NewNotification(title, strings.Join(lines, "\n")))
}
