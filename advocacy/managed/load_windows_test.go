//go:build windows

package managed

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"golang.org/x/sys/windows/registry"
)

// TestRegistryTiers writes policy values of every registry type under a
// throwaway key in HKEY_CURRENT_USER (no administrator needed; HKLM has
// nothing there, so HKCU's values are what is read) and reads them back as
// the enforced and recommended tiers.
func TestRegistryTiers(t *testing.T) {
	path := fmt.Sprintf(`Software\AdvocateTest\Policies%d\Advocate`, time.Now().UnixNano())
	_, keyLine := publicKey(t)
	_, keyLine2 := publicKey(t)
	create := func(p string) registry.Key {
		k, _, err := registry.CreateKey(registry.CURRENT_USER, p, registry.ALL_ACCESS)
		if err != nil {
			t.Fatalf("create %s: %v", p, err)
		}
		return k
	}
	t.Cleanup(func() {
		for _, p := range []string{path + `\Recommended`, path + `\PublisherKeys`, path, path[:len(path)-len(`\Advocate`)]} {
			registry.DeleteKey(registry.CURRENT_USER, p)
		}
	})
	k := create(path)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(k.SetStringValue("BundleURL", `\\fileserver\Advocacy Bundle`))
	must(k.SetStringsValue("Networks", []string{"linkedin", "bluesky"}))
	must(k.SetDWordValue("Metrics", 0))
	must(k.SetStringValue("Role", "ask"))
	must(k.SetExpandStringValue("Proxy", "direct"))
	must(k.SetStringValue("Bogus", "x"))
	k.Close()
	// An ADMX <list> writes a list as a subkey of numbered values.
	list := create(path + `\PublisherKeys`)
	must(list.SetStringValue("10", keyLine2))
	must(list.SetStringValue("2", keyLine))
	list.Close()
	rec := create(path + `\Recommended`)
	must(rec.SetDWordValue("NewsRefresh", 240))
	must(rec.SetDWordValue("Notifications", 1))
	must(rec.SetStringValue("Role", "alumni"))
	rec.Close()

	c := loadRegistry(context.Background(), path)
	want := Tier{
		BundleURL:     `\\fileserver\Advocacy Bundle`,
		Networks:      []string{"linkedin", "bluesky"},
		Metrics:       false,
		Role:          "ask",
		Proxy:         "direct",
		PublisherKeys: []string{keyLine, keyLine2},
	}
	if !reflect.DeepEqual(c.Enforced, want) {
		t.Errorf("enforced = %#v\nwant %#v", c.Enforced, want)
	}
	wantRec := Tier{NewsRefresh: "4h", Notifications: true, Role: "alumni"}
	if !reflect.DeepEqual(c.Recommended, wantRec) {
		t.Errorf("recommended = %#v\nwant %#v", c.Recommended, wantRec)
	}
	if len(c.Problems) != 1 || c.Problems[0].Where != `HKCU\`+path {
		t.Errorf("problems = %v, want one for Bogus", c.Problems)
	}
	if !c.Locked(BundleURL) || c.Locked(NewsRefresh) {
		t.Error("Locked is wrong")
	}
}

func TestRegistryWithoutThePolicyKeyIsEmpty(t *testing.T) {
	c := loadRegistry(context.Background(), fmt.Sprintf(`Software\AdvocateTest\Absent%d`, time.Now().UnixNano()))
	if !c.Empty() {
		t.Fatalf("an absent key set something: %+v", c)
	}
}
