//go:build !linux

package policy

import "time"

// threadCPU is not measured here; benchmarks report the clock only.
func threadCPU() time.Duration { return 0 }
