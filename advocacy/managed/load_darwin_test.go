//go:build darwin

package managed

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestPlistTiersUseCamelCaseKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), AppID+".plist")
	if err := os.WriteFile(path, []byte("stand-in"), 0o644); err != nil {
		t.Fatal(err)
	}
	fake := func(context.Context, string) ([]byte, error) {
		return []byte(`{"BundleURL": "https://b.example/", "Metrics": false, "PayloadUUID": "x"}`), nil
	}
	tier, problems := loadPlist(context.Background(), path, fake)
	if len(problems) != 0 || !reflect.DeepEqual(tier, Tier{BundleURL: "https://b.example/", Metrics: false}) {
		t.Fatalf("tier %v, problems %v", tier, problems)
	}
	broken := func(context.Context, string) ([]byte, error) { return nil, errors.New("plutil could not read it") }
	if _, problems := loadPlist(context.Background(), path, broken); len(problems) != 1 {
		t.Fatalf("problems = %v", problems)
	}
	if tier, problems := loadPlist(context.Background(), path+".absent", broken); len(tier) != 0 || len(problems) != 0 {
		t.Fatal("an absent plist set something")
	}
}
