package advocacy

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/advocate-app/advocate"

type listed struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

// goList lists the packages matching patterns, run from the module root.
func goList(t *testing.T, patterns ...string) []listed {
	t.Helper()
	args := append([]string{"list", "-deps=false", "-json"}, patterns...)
	cmd := exec.Command("go", args...)
	cmd.Dir = ".."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []listed
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p listed
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) == 0 {
		t.Fatal("go list found no packages")
	}
	return pkgs
}

// TestDomainDoesNotImportFyne keeps the domain testable without a display:
// nothing under advocacy/, feeds/ or assets/ may depend on Fyne, directly or
// through another package.
func TestDomainDoesNotImportFyne(t *testing.T) {
	for _, p := range goList(t, "./advocacy/...", "./feeds/...", "./assets/...") {
		for _, dep := range p.Deps {
			if strings.HasPrefix(dep, "fyne.io/") {
				t.Errorf("%s depends on %s; move that code into ui/", p.ImportPath, dep)
				break
			}
		}
	}
}

// TestSecretLibrariesStayInTheirPackages: only the credentials package
// talks to the keyring, and only the X client signs with OAuth 1.0a.
func TestSecretLibrariesStayInTheirPackages(t *testing.T) {
	owners := map[string]string{
		"github.com/zalando/go-keyring": module + "/advocacy/credentials",
		"github.com/dghubble/oauth1":    module + "/advocacy/networks/x",
	}
	checked := 0
	for _, p := range goList(t, "./...") {
		checked++
		for _, imp := range p.Imports {
			for lib, owner := range owners {
				if (imp == lib || strings.HasPrefix(imp, lib+"/")) && p.ImportPath != owner {
					t.Errorf("%s imports %s; only %s may", p.ImportPath, imp, owner)
				}
			}
		}
	}
	if checked < 5 {
		t.Fatalf("only %d packages listed", checked)
	}
}
