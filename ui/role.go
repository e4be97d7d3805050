package ui

import (
	"context"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/core"
)

// chooseRole follows the role chosen in Settings. Becoming alumni removes
// what employees alone may see from this computer, so it asks first,
// saying what goes; declined, the choice goes back.
func (st *settingsScreen) chooseRole(role string) {
	s := st.s
	current := s.state().Role
	if role == current {
		return
	}
	if role != bundle.RoleAlumni {
		s.setRole(role)
		return
	}
	n := 0
	for _, it := range s.state().Bundle.Content {
		if !it.For(bundle.RoleAlumni) {
			n++
		}
	}
	s.async(func(ctx context.Context) {
		held, err := s.core.WouldHold(ctx, role)
		if err != nil {
			log.Printf("advocate: count the shares becoming alumni would hold: %v", err)
		}
		fyne.Do(func() { st.confirmAlumni(current, role, n, held) })
	})
}

// confirmAlumni asks before becoming alumni, saying what goes: n approved
// items and their news, a draft made from one, and held shares waiting
// to go.
func (st *settingsScreen) confirmAlumni(current, role string, n, held int) {
	s := st.s
	msg := lang.N("Advocate then removes from this computer the {{.Count}} approved items and the news meant for employees, and a draft made from one of them. What you shared stays on your record.", n, args{"Count": n})
	if held > 0 {
		msg += "\n\n" + lang.N("{{.Count}} shares of those items waiting to go are held, not posted; Activity shows them.", held, args{"Count": held})
	}
	dialog.ShowConfirm(lang.L("Switch to alumni?"), msg, func(ok bool) {
		if !ok {
			st.role.SetSelected(roleTitle(current)) // back to the role in force
			return
		}
		s.dropEmployeeDraft()
		s.setRole(role)
	}, s.win)
}

// dropEmployeeDraft empties Compose when its draft comes from an item
// meant for employees only, which an alumnus may not share.
// Compose not opened yet holds no draft; the one kept for it goes then.
func (s *session) dropEmployeeDraft() {
	employeeOnly := func(contentID string) bool {
		for _, it := range s.state().Bundle.Content {
			if it.ID == contentID {
				return !it.For(bundle.RoleAlumni)
			}
		}
		return false
	}
	if s.dropDraft != nil {
		s.dropDraft(employeeOnly)
		return
	}
	if d := s.core.Draft(); d.ContentID != "" && employeeOnly(d.ContentID) {
		s.core.KeepDraft(core.SavedDraft{Networks: d.Networks})
	}
}
