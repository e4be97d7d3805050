package credentials

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// needKeyring skips when no session bus is running, unless the run asks for
// the real keyring (make test does), in which case its absence is a failure.
func needKeyring(t *testing.T) {
	t.Helper()
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "" {
		return
	}
	if os.Getenv("ADVOCATE_REQUIRE_KEYRING") != "" {
		t.Fatal("ADVOCATE_REQUIRE_KEYRING is set but there is no D-Bus session: run the tests through make test")
	}
	t.Skip("no D-Bus session bus; make test starts one with gnome-keyring")
}

// TestRealKeyringRoundTrip stores, reads, replaces and deletes a secret in
// the Secret Service on this session's D-Bus.
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

func TestNoKeyringServiceIsExplained(t *testing.T) {
	if os.Getenv("ADVOCATE_TEST_NO_BUS_CHILD") == "1" {
		err := New("app.advocate.desktop.test").Set(context.Background(), "x", "someone", "secret-value")
		fmt.Printf("unavailable=%v\nmessage=%v\n", errors.Is(err, ErrUnavailable), err)
		return
	}
	// The D-Bus library keeps its first session connection for the life of
	// the process, so the machine without a keyring is a child process whose
	// bus address leads nowhere.
	cmd := exec.Command(os.Args[0], "-test.run=^TestNoKeyringServiceIsExplained$")
	cmd.Env = append(os.Environ(), "ADVOCATE_TEST_NO_BUS_CHILD=1",
		"DBUS_SESSION_BUS_ADDRESS=unix:path="+t.TempDir()+"/no-bus")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "unavailable=true") || !strings.Contains(string(out), "install and start gnome-keyring") {
		t.Fatalf("Set without a keyring service said:\n%s", out)
	}
	if strings.Contains(string(out), "secret-value") {
		t.Fatal("the error carries the secret")
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
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "unlock your keyring") {
		t.Fatalf("call = %v", err)
	}
}
