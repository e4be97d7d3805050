//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package bundle

import "os"

// openFlags open a bundle file read-only; the checks before and after
// opening refuse links and special files here.
const openFlags = os.O_RDONLY
