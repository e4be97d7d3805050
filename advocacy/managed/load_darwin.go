//go:build darwin

package managed

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
)

// AppID is the preferences domain Advocate reads on macOS.
const AppID = "app.advocate.desktop"

// ManagedPrefsDir is where macOS puts the settings of configuration
// profiles (MDM): the device's in it, each user's in a folder of their name.
const ManagedPrefsDir = "/Library/Managed Preferences"

// RecommendedPlist holds the recommended tier, written by IT with
// `sudo defaults write /Library/Preferences/app.advocate.desktop BundleURL https://…`.
const RecommendedPlist = "/Library/Preferences/" + AppID + ".plist"

func loadPlatform(ctx context.Context) *Config {
	device := filepath.Join(ManagedPrefsDir, AppID+".plist")
	c := &Config{EnforcedFrom: device, RecommendedFrom: RecommendedPlist}
	var enforced Tier
	places := []string{device}
	if u, err := user.Current(); err == nil {
		places = append(places, filepath.Join(ManagedPrefsDir, u.Username, AppID+".plist"))
	}
	for _, path := range places {
		t, p := loadPlist(ctx, path, plutilJSON)
		c.Problems = append(c.Problems, p...)
		enforced = merge(enforced, t)
	}
	c.Enforced = enforced
	var p []Problem
	c.Recommended, p = loadPlist(ctx, RecommendedPlist, plutilJSON)
	c.Problems = append(c.Problems, p...)
	return c
}

// plutilJSON turns a property list (binary or XML) into JSON with Apple's
// plutil, present on every Mac.
func plutilJSON(ctx context.Context, path string) ([]byte, error) {
	out, err := exec.CommandContext(ctx, "/usr/bin/plutil", "-convert", "json", "-o", "-", "--", path).Output()
	if err != nil {
		msg := err.Error()
		if ee, ok := err.(*exec.ExitError); ok && len(ee.Stderr) > 0 {
			msg = strings.TrimSpace(string(ee.Stderr))
		}
		return nil, fmt.Errorf("plutil could not read it (%s)", msg)
	}
	return out, nil
}

func loadPlist(ctx context.Context, path string, toJSON func(context.Context, string) ([]byte, error)) (Tier, []Problem) {
	if _, err := os.Stat(path); err != nil {
		return Tier{}, nil
	}
	data, err := toJSON(ctx, path)
	if err != nil {
		return Tier{}, []Problem{{Where: path, Message: err.Error() + "; the organisation's settings in it are not applied"}}
	}
	raw, err := decodeObject(data)
	if err != nil {
		return Tier{}, []Problem{{Where: path, Message: err.Error()}}
	}
	for name := range raw {
		if strings.HasPrefix(name, "Payload") || strings.HasPrefix(name, "mcx_") {
			delete(raw, name) // a profile's own bookkeeping
		}
	}
	return parseTier(raw, path)
}
