package managed

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// EnvConfigDir names the environment variable whose folder, when set,
// holds managed.json and recommended.json in place of the platform's own
// places (for tests and trials).
const EnvConfigDir = "ADVOCATE_CONFIG_DIR"

// File names in a configuration folder.
const (
	ManagedFile     = "managed.json"
	RecommendedFile = "recommended.json"
)

// maxFile bounds a configuration file; real ones are a few hundred bytes.
const maxFile = 1 << 20

// Load reads what the organisation set on this computer, from
// ADVOCATE_CONFIG_DIR when it is set, else from the platform's places (see
// the package comment). It never fails: what cannot be read is in Problems.
func Load(ctx context.Context) *Config {
	if dir := os.Getenv(EnvConfigDir); dir != "" {
		return LoadDir(ctx, dir)
	}
	return loadPlatform(ctx)
}

// LoadDir reads managed.json (enforced) and recommended.json from dir. A
// file that is not there sets nothing.
func LoadDir(ctx context.Context, dir string) *Config {
	c := &Config{
		EnforcedFrom:    filepath.Join(dir, ManagedFile),
		RecommendedFrom: filepath.Join(dir, RecommendedFile),
	}
	var p []Problem
	c.Enforced, p = loadJSONFile(ctx, c.EnforcedFrom)
	c.Problems = append(c.Problems, p...)
	c.Recommended, p = loadJSONFile(ctx, c.RecommendedFrom)
	c.Problems = append(c.Problems, p...)
	return c
}

func loadJSONFile(ctx context.Context, path string) (Tier, []Problem) {
	if err := ctx.Err(); err != nil {
		return Tier{}, []Problem{{Where: path, Message: "not read: " + err.Error()}}
	}
	raw, err := readJSONFile(path)
	if err != nil {
		return Tier{}, []Problem{{Where: path, Message: err.Error()}}
	}
	return parseTier(raw, path)
}

// readJSONFile reads one JSON object; a missing file is an empty one.
func readJSONFile(path string) (map[string]any, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot be read (%v); the organisation's settings in it are not applied", errors.Unwrap(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err != nil {
		return nil, fmt.Errorf("cannot be read (%v); the organisation's settings in it are not applied", err)
	}
	if len(data) > maxFile {
		return nil, fmt.Errorf("is larger than 1 MiB, which no settings file is; it is not applied")
	}
	return decodeObject(data)
}

// decodeObject reads a JSON object, saying where a syntax error is.
func decodeObject(data []byte) (map[string]any, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a BOM, as Notepad writes
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil
	}
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			line := 1 + bytes.Count(data[:max(0, min(int(syn.Offset)-1, len(data)))], []byte("\n")) // Offset is just past the fault
			return nil, fmt.Errorf("is not valid JSON (line %d: %v); none of its settings are applied until it is fixed", line, syn)
		}
		return nil, fmt.Errorf("must hold one JSON object such as {\"bundle_url\": \"https://…\"} (%v); none of its settings are applied", err)
	}
	if raw == nil {
		return nil, fmt.Errorf("must hold one JSON object such as {\"bundle_url\": \"https://…\"}, not null")
	}
	return raw, nil
}
