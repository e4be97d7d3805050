package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/publish"
	"github.com/advocate-app/advocate/advocacy/signing"
)

// The publishing desk's subcommands of bundle.
const publishUsage = "bundle init [--from DIR|URL|demo [--pubkey FILE]] DIR   writes a working example source folder\n" +
	"bundle build [--key SECRET_KEY_FILE] [--strict] [--json] SRC OUT   checks the sources and every caption, writes and signs the bundle\n" +
	"bundle preview [--pubkey FILE] SRC|OUT --out DIR   static HTML of what each audience sees, caption by caption\n" +
	"bundle diff [--pubkey FILE] [--json] OLD NEW   items, captions, windows and policy rules added, removed or changed"

func bundleInit(ctx context.Context, args []string, std stdio) int {
	fs := newFlags("bundle init")
	from := fs.String("from", "", "turn this bundle (a folder, an https address or demo) into sources instead")
	pubFile := fs.String("pubkey", "", "the publisher's public key, to verify the bundle given with --from")
	pos, err := parseMixed(fs, args)
	if err != nil {
		return usageError(std, "bundle init: %v", err)
	}
	if len(pos) != 1 {
		return usageError(std, "usage: advocatectl bundle init [--from DIR|URL|demo [--pubkey FILE]] DIR")
	}
	dir := pos[0]
	files := publish.Example()
	if *from != "" {
		b, err := loadBundle(ctx, *from, *pubFile)
		if err != nil {
			return usageError(std, "bundle init: %v", err)
		}
		if files, err = publish.Unbuild(b); err != nil {
			return usageError(std, "bundle init: %v", err)
		}
	}
	if err := publish.WriteFiles(dir, files); err != nil {
		return usageError(std, "bundle init: %s", strings.TrimPrefix(err.Error(), "publish: "))
	}
	items, drafts := 0, 0
	for name, data := range files {
		switch {
		case !strings.HasPrefix(name, publish.ItemsDir+"/"):
		case strings.Contains(string(data), "\ndraft: true\n"):
			drafts++
		default:
			items++
		}
	}
	fmt.Fprintf(std.out, "wrote %s: %s, the policy, %d items and %d drafts in %s/; next: advocatectl bundle build %s OUT\n",
		dir, publish.ConfigName, items, drafts, publish.ItemsDir, dir)
	return exitOK
}

// parseMixed parses flags that may come before, between or after the
// other arguments (as the usage lines write them), and returns those.
func parseMixed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return rest, nil
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// loadBundle loads a built bundle: verified with the key when one is
// given (or for the demo), else read without checking its signatures.
func loadBundle(ctx context.Context, ref, pubFile string) (*bundle.Bundle, error) {
	src, err := bundle.Open(ref)
	if err != nil {
		return nil, err
	}
	var key *signing.PublicKey
	switch {
	case pubFile != "":
		if key, err = readPublicKey(pubFile); err != nil {
			return nil, err
		}
	case ref == bundle.DemoRef:
		key = bundle.DemoKey()
	}
	var b *bundle.Bundle
	if key != nil {
		b, err = bundle.LoadVerified(ctx, src, key)
	} else {
		b, err = src.Load(ctx)
	}
	if err != nil {
		return nil, oneLine(err)
	}
	return b, nil
}

// sourceFS opens a source folder; no file is read from outside it.
func sourceFS(dir string) (*os.Root, error) {
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return nil, fmt.Errorf("no source folder at %s", dir)
	}
	return os.OpenRoot(dir)
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	p, err1 := filepath.Abs(path)
	d, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(d, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// isSource reports whether dir is a source folder (it has bundle.yaml).
func isSource(dir string) bool {
	info, err := os.Stat(filepath.Join(dir, publish.ConfigName))
	return err == nil && info.Mode().IsRegular()
}

func bundleBuild(ctx context.Context, args []string, std stdio) int {
	fs := newFlags("bundle build")
	keyFile := fs.String("key", "", "minisign secret key file to sign the bundle with")
	strict := fs.Bool("strict", false, "exit 3 when there are warnings")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parseMixed(fs, args)
	if err != nil {
		return usageError(std, "bundle build: %v", err)
	}
	if len(pos) != 2 {
		return usageError(std, "usage: advocatectl bundle build [--key SECRET_KEY_FILE] [--strict] [--json] SRC OUT")
	}
	srcDir, outDir := pos[0], pos[1]
	if within(srcDir, outDir) {
		return usageError(std, "bundle build: %s is inside %s, which the build replaces as a whole; write the bundle elsewhere", srcDir, outDir)
	}
	var sec *signing.SecretKey
	if *keyFile != "" {
		data, err := readFile(*keyFile, maxKey)
		if err != nil {
			return usageError(std, "bundle build: cannot read the key: %v", err)
		}
		if sec, err = signing.ParseSecretKey(data, readPassword(std)); err != nil {
			return usageError(std, "bundle build: %v", err)
		}
	}
	root, err := sourceFS(srcDir)
	if err != nil {
		return usageError(std, "bundle build: %v", err)
	}
	defer root.Close()
	out, err := publish.Build(ctx, root.FS())
	var be *publish.BuildError
	if errors.As(err, &be) {
		report := buildReport{Source: srcDir, Problems: be.Problems}
		printProblems(std, srcDir, be.Problems, *asJSON, &report)
		blocks, invalid := be.Problems.Count(publish.Blocked), be.Problems.Count(publish.Invalid)
		fmt.Fprintf(std.err, "advocatectl: bundle build: %d blocked captions, %d errors, %d warnings in %s; nothing written\n",
			blocks, invalid, be.Problems.Count(publish.Warning), srcDir)
		if blocks > 0 {
			return exitBlock
		}
		return exitUsage
	}
	if err != nil {
		fmt.Fprintf(std.err, "advocatectl: bundle build: %v\n", err)
		return exitInternal
	}
	if sec != nil {
		if err := out.Sign(sec); err != nil {
			return usageError(std, "bundle build: %v", err)
		}
	}
	if err := out.WriteBundle(outDir); err != nil {
		return usageError(std, "bundle build: %s", strings.TrimPrefix(err.Error(), "publish: "))
	}
	b, err := checkBuilt(ctx, outDir, sec)
	if err != nil {
		return usageError(std, "bundle build: %s is written but does not load: %v", outDir, err)
	}
	report := buildReport{Source: srcDir, Out: outDir, Version: out.Version, Items: len(b.Content), Files: len(b.Manifest.Files) + 1,
		Signed: out.Signed, KeyID: out.KeyID, Drafts: out.Drafts, Problems: out.Problems}
	printProblems(std, srcDir, out.Problems, *asJSON, &report)
	if !*asJSON {
		signed := "not signed: build with --key to sign it (the app refuses an unsigned bundle)"
		if out.Signed {
			signed = "every file signed by key " + out.KeyID
		}
		fmt.Fprintf(std.out, "built %s: %s version %s, %d items, %d files, %s\n", outDir, b.Manifest.Org.Name, out.Version, len(b.Content), report.Files, signed)
		if len(out.Drafts) > 0 {
			fmt.Fprintf(std.out, "left out %d drafts (draft: true): %s\n", len(out.Drafts), strings.Join(out.Drafts, ", "))
		}
	}
	if *strict && out.Problems.Count(publish.Warning) > 0 {
		return exitWarn
	}
	return exitOK
}

// checkBuilt loads the written bundle as the app would: verified when it
// was signed.
func checkBuilt(ctx context.Context, dir string, sec *signing.SecretKey) (*bundle.Bundle, error) {
	if sec != nil {
		b, err := bundle.LoadVerified(ctx, bundle.Dir(dir), sec.Public())
		if err != nil {
			return nil, oneLine(err)
		}
		return b, nil
	}
	b, err := bundle.Dir(dir).Load(ctx)
	if err != nil {
		return nil, oneLine(err)
	}
	return b, nil
}

// buildReport is what bundle build --json prints.
type buildReport struct {
	Source   string           `json:"source"`
	Out      string           `json:"out,omitempty"`
	Version  string           `json:"version,omitempty"`
	Items    int              `json:"items"`
	Files    int              `json:"files"`
	Signed   bool             `json:"signed"`
	KeyID    string           `json:"key,omitempty"`
	Drafts   []string         `json:"drafts,omitempty"`
	Problems publish.Problems `json:"-"`
}

type problemJSON struct {
	File     string `json:"file"`
	Line     int    `json:"line,omitempty"`
	Severity string `json:"severity"`
	Rule     string `json:"rule,omitempty"`
	Message  string `json:"message"`
}

// printProblems lists the problems with their paths in the source folder
// (as file:line), or prints the JSON report.
func printProblems(std stdio, srcDir string, problems publish.Problems, asJSON bool, report *buildReport) {
	if asJSON {
		out := struct {
			*buildReport
			OK       bool          `json:"ok"`
			Problems []problemJSON `json:"problems"`
		}{buildReport: report, OK: problems.Worst() < publish.Invalid, Problems: []problemJSON{}}
		for _, p := range problems {
			out.Problems = append(out.Problems, problemJSON{filepath.Join(srcDir, filepath.FromSlash(p.File)), p.Line, p.Kind.String(), p.Rule, p.Message})
		}
		json.NewEncoder(std.out).Encode(out)
		return
	}
	for _, p := range problems {
		p.File = filepath.Join(srcDir, filepath.FromSlash(p.File))
		fmt.Fprintln(std.out, p)
	}
}

// loadAny loads a source folder (built in memory, unsigned) or a built
// bundle (a folder, an address or demo).
func loadAny(ctx context.Context, ref, pubFile string) (*bundle.Bundle, error) {
	if !isSource(ref) {
		return loadBundle(ctx, ref, pubFile)
	}
	root, err := sourceFS(ref)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	out, err := publish.Build(ctx, root.FS())
	var be *publish.BuildError
	if errors.As(err, &be) {
		n := be.Problems.Count(publish.Invalid) + be.Problems.Count(publish.Blocked)
		first := ""
		for _, p := range be.Problems {
			if p.Kind >= publish.Invalid {
				p.File = filepath.Join(ref, filepath.FromSlash(p.File))
				first = p.String()
				break
			}
		}
		return nil, fmt.Errorf("%s does not build (%d problems; run bundle build): %s", ref, n, first)
	}
	if err != nil {
		return nil, err
	}
	return bundle.Cached(ref, out.Files, "").Load(ctx)
}

func bundleDiff(ctx context.Context, args []string, std stdio) int {
	fs := newFlags("bundle diff")
	pubFile := fs.String("pubkey", "", "the publisher's public key, to verify built bundles")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parseMixed(fs, args)
	if err != nil {
		return usageError(std, "bundle diff: %v", err)
	}
	if len(pos) != 2 {
		return usageError(std, "usage: advocatectl bundle diff [--pubkey FILE] [--json] OLD NEW")
	}
	var sides [2]*bundle.Bundle
	for i, ref := range pos {
		b, err := loadAny(ctx, ref, *pubFile)
		if err != nil {
			return usageError(std, "bundle diff: %v", err)
		}
		sides[i] = b
	}
	d := publish.Diff(sides[0], sides[1])
	if *asJSON {
		json.NewEncoder(std.out).Encode(d)
		return exitOK
	}
	d.WriteText(std.out)
	return exitOK
}

func bundlePreview(ctx context.Context, args []string, std stdio) int {
	fs := newFlags("bundle preview")
	pubFile := fs.String("pubkey", "", "the publisher's public key, to verify a built bundle")
	outDir := fs.String("out", "", "the folder to write the HTML pages into")
	pos, err := parseMixed(fs, args)
	if err != nil {
		return usageError(std, "bundle preview: %v", err)
	}
	if len(pos) != 1 || *outDir == "" {
		return usageError(std, "usage: advocatectl bundle preview [--pubkey FILE] SRC|OUT --out DIR")
	}
	b, err := loadAny(ctx, pos[0], *pubFile)
	if err != nil {
		return usageError(std, "bundle preview: %v", err)
	}
	e, err := enginefor(b)
	if err != nil {
		return usageError(std, "bundle preview: %v", err)
	}
	pages, err := publish.Preview(b, e)
	if err != nil {
		return usageError(std, "bundle preview: %v", err)
	}
	if err := publish.WriteFiles(*outDir, pages); err != nil {
		return usageError(std, "bundle preview: %s", strings.TrimPrefix(err.Error(), "publish: "))
	}
	for _, name := range slices.Sorted(maps.Keys(pages)) {
		fmt.Fprintf(std.out, "wrote %s\n", filepath.Join(*outDir, filepath.FromSlash(name)))
	}
	return exitOK
}
