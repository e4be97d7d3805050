package credentials

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

// needKeyring skips when there is no keyring to test against, unless the
// run asks for the real keyring (make test does), in which case its absence
// is a failure. Windows always has its Credential Manager (Wine has one
// too); macOS's login keychain is used only when asked for, as it may
// prompt; elsewhere the Secret Service needs a D-Bus session bus.
func needKeyring(t *testing.T) {
	t.Helper()
	switch runtime.GOOS {
	case "windows":
		return
	case "darwin":
		if os.Getenv("ADVOCATE_REQUIRE_KEYRING") == "" {
			t.Skip("set ADVOCATE_REQUIRE_KEYRING=1 to test against the login keychain")
		}
		return
	}
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "" {
		return
	}
	if os.Getenv("ADVOCATE_REQUIRE_KEYRING") != "" {
		t.Fatal("ADVOCATE_REQUIRE_KEYRING is set but there is no D-Bus session: run the tests through make test")
	}
	t.Skip("no D-Bus session bus; make test starts one with gnome-keyring")
}

// TestRealKeyringRoundTrip stores, reads, replaces and deletes a secret in
// the real keyring: the Secret Service on this session's D-Bus, or the
// Windows Credential Manager (under Wine too).
func TestRealKeyringRoundTrip(t *testing.T) {
	needKeyring(t)
	ctx := context.Background()
	k := New("app.advocate.desktop.test")
	account := fmt.Sprintf("tester-%d", time.Now().UnixNano())
	secret := "tok-\u00e9\u6f22-" + strings.Repeat("s", 64)
	t.Cleanup(func() { k.Delete(ctx, "mastodon", account) })

	if _, err := k.Get(ctx, "mastodon", account); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get before Set = %v, want ErrNotFound", err)
	}
	if err := k.Set(ctx, "mastodon", account, secret); err != nil {
		t.Fatal(err)
	}
	got, err := k.Get(ctx, "mastodon", account)
	if err != nil || got != secret {
		t.Fatalf("Get = %q, %v", got, err)
	}
	if err := k.Set(ctx, "mastodon", account, "replaced"); err != nil {
		t.Fatal(err)
	}
	if got, _ := k.Get(ctx, "mastodon", account); got != "replaced" {
		t.Fatalf("Get after replace = %q", got)
	}
	// Another network's secret for the same account name is separate.
	if _, err := k.Get(ctx, "bluesky", account); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get other network = %v", err)
	}
	// A secret longer than Windows keeps in one credential (2,560 bytes)
	// goes in parts there, and comes back whole everywhere.
	long := strings.Repeat("eyJhbGciOiJFUzI1NksifQ.", 300)
	if err := k.Set(ctx, "mastodon", account, long); err != nil {
		t.Fatal(err)
	}
	if got, err := k.Get(ctx, "mastodon", account); err != nil || got != long {
		t.Fatalf("Get long = %d bytes, %v; want %d", len(got), err, len(long))
	}
	if err := k.Delete(ctx, "mastodon", account); err != nil {
		t.Fatal(err)
	}
	_, err = k.Get(ctx, "mastodon", account)
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete = %v", err)
	}
	if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "replaced") {
		t.Fatal("an error message carries the secret")
	}
	if err := k.Delete(ctx, "mastodon", account); err != nil {
		t.Fatalf("deleting twice = %v", err)
	}
}

func TestHungKeyringTimesOut(t *testing.T) {
	k := &Keyring{service: "s", timeout: 50 * time.Millisecond}
	release := make(chan struct{})
	defer close(release)
	_, err := k.call(context.Background(), "read", "x", "a", func() (string, error) {
		<-release
		return "", nil
	})
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), platformHungHint) {
		t.Fatalf("call = %v", err)
	}
}

// fakeKeyring is a keyring in memory that, like the Credential Manager,
// refuses entries longer than limit, and fails the failAt-th Set.
type fakeKeyring struct {
	mu      sync.Mutex
	entries map[string]string
	limit   int
	sets    int
	failAt  int
}

func newFake(limit int) *fakeKeyring { return &fakeKeyring{entries: map[string]string{}, limit: limit} }

func (f *fakeKeyring) Get(service, user string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	v, ok := f.entries[service+"/"+user]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return v, nil
}

func (f *fakeKeyring) Set(service, user, secret string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sets++
	if f.failAt != 0 && f.sets == f.failAt {
		return errors.New("disk full")
	}
	if f.limit > 0 && len(secret) > f.limit {
		return keyring.ErrSetDataTooBig
	}
	f.entries[service+"/"+user] = secret
	return nil
}

func (f *fakeKeyring) Delete(service, user string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.entries[service+"/"+user]; !ok {
		return keyring.ErrNotFound
	}
	delete(f.entries, service+"/"+user)
	return nil
}

func (f *fakeKeyring) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.entries)
}

func (f *fakeKeyring) damage(match func(user string) bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for k := range f.entries {
		if match(k) {
			delete(f.entries, k)
		}
	}
}

func TestLongSecretsAreKeptInParts(t *testing.T) {
	ctx := context.Background()
	fake := newFake(64) // a head (under 64 bytes) fits; parts are cut at 10
	k := &Keyring{service: "svc", timeout: DefaultTimeout, store: fake, maxPart: 10}
	long := "0123456789abcdefghij-klmnopqrstu\u00e9" // 34 bytes: 4 parts
	if err := k.Set(ctx, "bluesky", "a", long); err != nil {
		t.Fatal(err)
	}
	if got, err := k.Get(ctx, "bluesky", "a"); err != nil || got != long {
		t.Fatalf("Get = %q, %v", got, err)
	}
	if n := fake.count(); n != 5 {
		t.Fatalf("%d entries, want a head and 4 parts", n)
	}
	// Replacing it leaves no part of the old secret behind.
	longer := strings.Repeat("z", 25)
	if err := k.Set(ctx, "bluesky", "a", longer); err != nil {
		t.Fatal(err)
	}
	if got, _ := k.Get(ctx, "bluesky", "a"); got != longer {
		t.Fatalf("Get after replace = %q", got)
	}
	if n := fake.count(); n != 4 {
		t.Fatalf("%d entries after replacing, want a head and 3 parts", n)
	}
	if err := k.Set(ctx, "bluesky", "a", "short"); err != nil {
		t.Fatal(err)
	}
	if got, _ := k.Get(ctx, "bluesky", "a"); got != "short" || fake.count() != 1 {
		t.Fatalf("Get after a short replace = %q with %d entries", got, fake.count())
	}
	// Setting the same long secret twice keeps it readable.
	for range 2 {
		if err := k.Set(ctx, "bluesky", "a", long); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := k.Get(ctx, "bluesky", "a"); got != long || fake.count() != 5 {
		t.Fatalf("Get after setting twice = %q with %d entries", got, fake.count())
	}
	if err := k.Delete(ctx, "bluesky", "a"); err != nil {
		t.Fatal(err)
	}
	if fake.count() != 0 {
		t.Fatalf("%d entries left after Delete", fake.count())
	}
	// A secret that happens to look like a head is still itself.
	odd := partsPrefix + "2:0123456789abcdef"
	k.maxPart = 1000
	if err := k.Set(ctx, "x", "b", odd); err != nil {
		t.Fatal(err)
	}
	if got, err := k.Get(ctx, "x", "b"); err != nil || got != odd {
		t.Fatalf("Get head-like secret = %q, %v", got, err)
	}
}

func TestPartsThatDoNotAddUpAreNotReturned(t *testing.T) {
	ctx := context.Background()
	fake := newFake(64)
	k := &Keyring{service: "svc", timeout: DefaultTimeout, store: fake, maxPart: 8}
	secret := "tok-" + strings.Repeat("q", 30)
	if err := k.Set(ctx, "linkedin", "c", secret); err != nil {
		t.Fatal(err)
	}
	fake.damage(func(user string) bool { return strings.HasSuffix(user, ".2") })
	_, err := k.Get(ctx, "linkedin", "c")
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "incomplete; connect the account again") {
		t.Fatalf("Get with a part missing = %v", err)
	}
	if strings.Contains(err.Error(), "qqqq") {
		t.Fatal("the error carries the secret")
	}
	// A failure half-way through writing a new secret keeps the old one.
	if err := k.Set(ctx, "linkedin", "d", secret); err != nil {
		t.Fatal(err)
	}
	fake.failAt = fake.sets + 3
	if err := k.Set(ctx, "linkedin", "d", strings.Repeat("n", 40)); err == nil || strings.Contains(err.Error(), "nnnn") {
		t.Fatalf("Set that failed = %v", err)
	}
	if got, err := k.Get(ctx, "linkedin", "d"); err != nil || got != secret {
		t.Fatalf("Get after a failed replace = %q, %v; want the old secret", got, err)
	}
}

func TestSecretsWithoutALimitAreKeptWhole(t *testing.T) {
	ctx := context.Background()
	fake := newFake(0)
	k := &Keyring{service: "svc", timeout: DefaultTimeout, store: fake}
	long := strings.Repeat("w", 10000)
	if err := k.Set(ctx, "mastodon", "e", long); err != nil {
		t.Fatal(err)
	}
	if got, _ := k.Get(ctx, "mastodon", "e"); got != long || fake.count() != 1 {
		t.Fatalf("got %d bytes in %d entries", len(got), fake.count())
	}
	if _, err := k.Get(ctx, "mastodon", "nobody"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get absent = %v", err)
	}
	if err := k.Delete(ctx, "mastodon", "nobody"); err != nil {
		t.Fatalf("Delete absent = %v", err)
	}
}
