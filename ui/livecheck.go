package ui

import (
	"time"

	"fyne.io/fyne/v2"

	"github.com/advocate-app/advocate/advocacy/policy"
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
	gen, in, engine := c.gen, c.input(), c.s.engine
	c.stop = c.s.after(checkDelay, func() {
		var res policy.Result
		var err error
		if engine != nil {
			res, err = engine.Check(in)
		}
		fyne.Do(func() {
			if gen == c.gen {
				c.apply(in, engine != nil, res, err)
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
