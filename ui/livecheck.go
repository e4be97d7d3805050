package ui

import (
	"slices"
	"time"

	"fyne.io/fyne/v2"

	"github.com/advocate-app/advocate/advocacy/core"
)

// checkDelay is how long Compose waits after a keystroke before checking
// the draft: a burst of typing is checked once, and the result still
// arrives within about two frames of the last key.
const checkDelay = 20 * time.Millisecond

// typed checks the draft off the UI goroutine once typing pauses for
// checkDelay. Only the newest draft's result is shown; Share checks again
// on the spot if a check is still pending.
func (c *composeScreen) typed() {
	if c.count == nil || c.checks == nil {
		return
	}
	c.cancelCheck()
	c.stale = true
	gen, in, networks, engine := c.gen, c.input(), slices.Clone(c.chosen), c.s.state().Engine
	c.stop = c.s.after(checkDelay, func() {
		var dc core.DraftCheck
		var err error
		if engine != nil {
			dc, err = core.CheckAll(engine, in, networks)
		}
		fyne.Do(func() {
			if gen == c.gen {
				c.apply(in, networks, engine != nil, dc, err)
			}
		})
	})
}

// cancelCheck drops the pending check, if any; a check already running
// finishes but its result is not shown.
func (c *composeScreen) cancelCheck() {
	c.gen++
	if c.stop != nil {
		c.stop()
		c.stop = nil
	}
}
