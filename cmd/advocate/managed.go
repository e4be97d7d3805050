package main

import (
	"context"
	"log"

	"github.com/advocate-app/advocate/advocacy/managed"
)

// loadManaged reads what the organisation set on this computer (on Linux
// /etc/advocate/managed.json and recommended.json, on Windows
// HKLM\Software\Policies\Advocate, on macOS its managed preferences; or
// ADVOCATE_CONFIG_DIR), for core.Config.Managed. Each setting that cannot be
// used is logged and left out; none of them stops the app. Problems quote no
// password: the package refuses addresses that carry one without repeating it.
func loadManaged(ctx context.Context) *managed.Config {
	m := managed.Load(ctx)
	for _, p := range m.Problems {
		log.Printf("advocate: organisation settings: %s", p)
	}
	return m
}
