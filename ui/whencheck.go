package ui

import (
	"context"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/policy"
)

// whenCheck says, under the Share dialog's time, what the policy says of
// the draft at that time: a quiet period or an embargo can block at nine
// what passes now. It checks off the UI goroutine as the time is typed.
type whenCheck struct {
	c     *composeScreen
	label *widget.Label
	// gen numbers the checks asked for; an older one's result is dropped.
	gen int
	// changed, when set, is told after the label changed, for the dialog
	// to fit it.
	changed func()
}

func newWhenCheck(c *composeScreen) *whenCheck {
	w := &whenCheck{c: c, label: wrapped("")}
	w.label.Hide()
	return w
}

// follow checks the draft on networks at the time text names.
func (w *whenCheck) follow(text string, networks []network.ID) {
	w.gen++
	gen := w.gen
	at, err := parseWhen(text, w.c.s.now())
	if err != nil {
		w.show(policy.Blocked, userError(err))
		return
	}
	if at.IsZero() {
		w.label.Hide() // now: the check under Compose is the one
		w.fit()
		return
	}
	in, engine := w.c.input(), w.c.s.state().Engine
	in.At = at
	networks = slices.Clone(networks)
	w.c.s.async(func(context.Context) {
		var dc core.DraftCheck
		if engine != nil {
			dc, err = core.CheckAll(engine, in, networks)
		}
		fyne.Do(func() {
			if gen != w.gen {
				return
			}
			if err != nil || engine == nil {
				w.show(policy.Blocked, lang.L("The draft could not be checked for that time."))
				return
			}
			w.show(dc.Combined.Verdict, whenText(at, dc.Combined))
		})
	})
}

func (w *whenCheck) show(v policy.Verdict, text string) {
	w.label.SetText(text)
	switch v {
	case policy.Blocked:
		w.label.Importance = widget.DangerImportance
	case policy.WarnOnly:
		w.label.Importance = widget.WarningImportance
	default:
		w.label.Importance = widget.MediumImportance
	}
	w.label.Show()
	w.label.Refresh()
	w.fit()
}

func (w *whenCheck) fit() {
	if w.changed != nil {
		w.changed()
	}
}

// whenText words the check at at, naming the time with its zone.
func whenText(at time.Time, res policy.Result) string {
	a := args{"Time": at.Format("2006-01-02 15:04 MST")}
	switch res.Verdict {
	case policy.Blocked:
		var titles []string
		for _, f := range res.Findings {
			if f.Severity == policy.Block && !slices.Contains(titles, f.Title) {
				titles = append(titles, f.Title)
			}
		}
		a["Rules"] = strings.Join(titles, ", ")
		return lang.L("At {{.Time}} the policy blocks this ({{.Rules}}): it would not go. Choose another time.", a)
	case policy.WarnOnly:
		return lang.L("At {{.Time}} the policy warns about this; your reason goes with it.", a)
	}
	return lang.L("At {{.Time}} the policy finds no problems.", a)
}
