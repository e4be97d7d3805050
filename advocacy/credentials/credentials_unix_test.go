//go:build !windows && !darwin

package credentials

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

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
