//go:build !unix

package policy

import "time"

// cpuTime is not measured here; benchmarks report the clock only.
func cpuTime() time.Duration { return 0 }
