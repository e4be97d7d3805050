//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package bundle

import (
	"os"
	"syscall"
)

// openFlags open a bundle file read-only, without following a final
// symbolic link, and without blocking on a named pipe.
const openFlags = os.O_RDONLY | syscall.O_NOFOLLOW | syscall.O_NONBLOCK
