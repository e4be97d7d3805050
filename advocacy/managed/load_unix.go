//go:build !windows && !darwin

package managed

import "context"

// SystemDir is where IT puts managed.json and recommended.json on Linux and
// other Unix systems.
const SystemDir = "/etc/advocate"

func loadPlatform(ctx context.Context) *Config { return LoadDir(ctx, SystemDir) }
