//go:build windows

package credentials

import (
	"errors"
	"strings"
	"testing"
)

func TestNoLogonSessionIsExplained(t *testing.T) {
	err := explain(errNoLogonSession, "save", "x", "someone")
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "Credential Manager") {
		t.Fatalf("explain = %v", err)
	}
}
