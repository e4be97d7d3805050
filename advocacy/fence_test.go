package advocacy

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
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
	if _, err := exec.LookPath("go"); err != nil && runtime.GOOS == "windows" {
		// The test binary runs where it was built for (under Wine, say),
		// with no Go toolchain there; the fences are the same on every OS.
		t.Skip("the fences are read with the go tool, which this Windows has not")
	}
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

// uiForbidden lists what the desktop interface may not import, each with
// the reason: the interface draws what the application core holds and
// calls its workflows, so that no database or network call runs on the
// Fyne goroutine and the workflows are tested without a window.
var uiForbidden = map[string]string{
	module + "/advocacy/store":       "the database belongs to the core (advocacy/core)",
	module + "/advocacy/org":         "putting a bundle in force is the core's workflow",
	module + "/advocacy/audit":       "the audit trail is written and exported by the core",
	module + "/advocacy/credentials": "secrets are the core's, through the keyring",
	module + "/advocacy/networks":    "network clients are called by the core, off the UI goroutine",
	module + "/advocacy/signing":     "signatures are checked by the core",
}

// TestInterfaceUsesOnlyTheCore keeps ui/ above the application core.
func TestInterfaceUsesOnlyTheCore(t *testing.T) {
	pkgs := goList(t, "./ui/...")
	for _, p := range pkgs {
		for _, imp := range p.Imports {
			for pkg, why := range uiForbidden {
				if imp == pkg || strings.HasPrefix(imp, pkg+"/") {
					t.Errorf("%s imports %s: %s", p.ImportPath, imp, why)
				}
			}
		}
		if !slices.Contains(p.Imports, module+"/advocacy/core") {
			t.Errorf("%s does not use the application core", p.ImportPath)
		}
	}
}

// TestInterfaceDoesNotReachBelowTheCore: core.Parts is for tests and
// tools; the interface's own code never calls it.
func TestInterfaceDoesNotReachBelowTheCore(t *testing.T) {
	files, err := filepath.Glob("../ui/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no ui sources: %v", err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), ".Parts()") {
			t.Errorf("%s calls core.Parts; call the core's workflows instead", f)
		}
	}
}

// TestNetworkFactsStandAlone: the table of per-network facts is read by
// every layer, from the policy engine to the interface, so it depends on
// nothing of Advocate's and can never pull a layer into another.
func TestNetworkFactsStandAlone(t *testing.T) {
	for _, p := range goList(t, "./advocacy/network") {
		for _, imp := range p.Imports {
			if strings.HasPrefix(imp, module+"/") {
				t.Errorf("%s imports %s; it must stand alone", p.ImportPath, imp)
			}
		}
	}
}
