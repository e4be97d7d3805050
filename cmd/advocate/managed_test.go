package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/advocate-app/advocate/advocacy/managed"
)

func TestLoadManagedReadsTheConfigDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, managed.ManagedFile), []byte(`{"role": "alumni", "proxy": "nonsense"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(managed.EnvConfigDir, dir)
	m := loadManaged(context.Background())
	if !m.Locked(managed.Role) || m.Locked(managed.Proxy) || len(m.Problems) != 1 {
		t.Fatalf("loadManaged = %+v", m)
	}
}
