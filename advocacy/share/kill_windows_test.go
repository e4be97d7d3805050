//go:build windows

package share

import (
	"os"
	"syscall"
)

// killedCode is the exit status killSelf leaves: 128 + 9, as a shell
// reports SIGKILL.
const killedCode = 137

// killSelf ends this process at once, as a crash would: TerminateProcess,
// so no deferred function runs and nothing is flushed.
func killSelf() {
	self, _ := syscall.GetCurrentProcess()
	syscall.TerminateProcess(self, killedCode)
	select {}
}

// killed reports whether the child whose end is state was ended by killSelf.
func killed(state *os.ProcessState) bool { return state.ExitCode() == killedCode }
