//go:build unix

package bluesky

import (
	"os"
	"syscall"
)

// killSelf ends this process at once, as a crash would: SIGKILL, so no
// deferred function runs and nothing is flushed.
func killSelf() {
	syscall.Kill(os.Getpid(), syscall.SIGKILL)
	select {}
}

// killed reports whether the child whose end is state was ended by killSelf.
func killed(state *os.ProcessState) bool {
	ws, _ := state.Sys().(syscall.WaitStatus)
	return ws.Signaled() && ws.Signal() == syscall.SIGKILL
}
