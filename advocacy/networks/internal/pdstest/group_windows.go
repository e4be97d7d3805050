//go:build windows

package pdstest

import (
	"os"
	"syscall"
)

// ownGroup starts the server in a process group of its own (the harness
// itself is Linux-only, so on Windows the server never starts; this keeps
// the package building).
func ownGroup() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{CreationFlags: syscall.CREATE_NEW_PROCESS_GROUP}
}

// signalGroup ends the process pid: Windows has no SIGTERM to send, so
// both a stop and a kill terminate it.
func signalGroup(pid int, _ bool) {
	if p, err := os.FindProcess(pid); err == nil {
		p.Kill()
	}
}
