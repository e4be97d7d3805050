//go:build unix

package main

import "syscall"

// device is a file that never ends.
const device = "/dev/zero"

// makeFIFO makes a named pipe at path.
func makeFIFO(path string) error { return syscall.Mkfifo(path, 0o600) }
