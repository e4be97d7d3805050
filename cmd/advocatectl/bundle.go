package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/signing"
)

func init() {
	commands["bundle"] = command{
		summary: "build, sign, verify, preview and diff an organisation bundle (minisign format)",
		usage: "bundle sign   --key SECRET_KEY_FILE FILE...    writes FILE.minisig beside each file\n" +
			"bundle verify --pubkey PUBLIC_KEY_FILE FILE... checks each FILE against FILE.minisig\n" +
			"bundle keygen --key SECRET_KEY_FILE --pubkey PUBLIC_KEY_FILE [--no-password]\n" +
			"Files given with their bundle's manifest.json are signed as that bundle: the manifest\n" +
			"is rewritten to list each file's SHA-256, and each signature names its file.\n" + publishUsage,
		run: runBundle,
	}
}

func runBundle(ctx context.Context, args []string, std stdio) int {
	if len(args) == 0 {
		return usageError(std, "usage: advocatectl bundle sign|verify|keygen|init|build|preview|diff ...")
	}
	switch args[0] {
	case "sign":
		return bundleSign(ctx, args[1:], std)
	case "verify":
		return bundleVerify(args[1:], std)
	case "keygen":
		return bundleKeygen(args[1:], std)
	case "init":
		return bundleInit(ctx, args[1:], std)
	case "build":
		return bundleBuild(ctx, args[1:], std)
	case "preview":
		return bundlePreview(ctx, args[1:], std)
	case "diff":
		return bundleDiff(ctx, args[1:], std)
	}
	return usageError(std, "bundle: unknown subcommand %q (sign, verify, keygen, init, build, preview or diff)", args[0])
}

// readPassword reads one line from standard input, as minisign does when
// it is not talking to a terminal.
func readPassword(std stdio) func() ([]byte, error) {
	return func() ([]byte, error) {
		fmt.Fprint(std.err, "Password: ")
		line, err := bufio.NewReader(std.in).ReadString('\n')
		if err != nil && line == "" {
			return nil, errors.New("no password on standard input")
		}
		return []byte(strings.TrimRight(line, "\r\n")), nil
	}
}

// bundleFiles are the files of one bundle named on the command line.
type bundleFiles struct {
	root     string   // the bundle's folder
	manifest string   // the manifest's path as given ("" when not given)
	names    []string // the other files' names in the bundle, in the order given
	paths    []string // and their paths as given
}

// plan sorts the FILE arguments into bundles and plain files.
type plan struct {
	bundles []*bundleFiles
	loose   []string
	// of maps each path given to its bundle and name in it.
	of map[string]fileRef
}

type fileRef struct {
	b    *bundleFiles
	name string
}

// planFiles groups files into bundles: a file under the folder of a
// manifest.json given with it belongs to that bundle (the nearest one).
// With lookUp, a file under no such folder belongs to the bundle of the
// nearest manifest.json above it, if any; the rest are plain files.
func planFiles(files []string, lookUp bool) (plan, error) {
	p := plan{of: map[string]fileRef{}}
	byRoot := map[string]*bundleFiles{}
	for _, file := range files {
		if filepath.Base(file) != bundle.ManifestName {
			continue
		}
		abs, err := filepath.Abs(file)
		if err != nil {
			return p, err
		}
		root := filepath.Dir(abs)
		if byRoot[root] == nil {
			byRoot[root] = &bundleFiles{root: root, manifest: file}
			p.bundles = append(p.bundles, byRoot[root])
		}
		p.of[file] = fileRef{byRoot[root], bundle.ManifestName}
	}
	for _, file := range files {
		if _, done := p.of[file]; done {
			continue
		}
		if err := p.add(file, byRoot, lookUp); err != nil {
			return p, err
		}
	}
	return p, nil
}

// add puts one file other than a given manifest in its bundle, or with the
// plain files.
func (p *plan) add(file string, byRoot map[string]*bundleFiles, lookUp bool) error {
	abs, err := filepath.Abs(file)
	if err != nil {
		return err
	}
	b := nearest(byRoot, abs)
	if b == nil && lookUp {
		if root, ok := bundleAbove(abs); ok {
			b = &bundleFiles{root: root}
			byRoot[root] = b
			p.bundles = append(p.bundles, b)
		}
	}
	if b == nil {
		p.loose = append(p.loose, file)
		p.of[file] = fileRef{}
		return nil
	}
	rel, err := filepath.Rel(b.root, abs)
	if err != nil {
		return err
	}
	name := filepath.ToSlash(rel)
	b.names, b.paths = append(b.names, name), append(b.paths, file)
	p.of[file] = fileRef{b, name}
	return nil
}

// nearest returns the bundle whose folder holds abs most closely.
func nearest(byRoot map[string]*bundleFiles, abs string) *bundleFiles {
	for dir := filepath.Dir(abs); ; dir = filepath.Dir(dir) {
		if b := byRoot[dir]; b != nil {
			return b
		}
		if filepath.Dir(dir) == dir {
			return nil
		}
	}
}

// bundleAbove returns the folder of the nearest bundle manifest above abs.
func bundleAbove(abs string) (string, bool) {
	for dir := filepath.Dir(abs); ; dir = filepath.Dir(dir) {
		if isBundleManifest(filepath.Join(dir, bundle.ManifestName)) {
			return dir, true
		}
		if filepath.Dir(dir) == dir {
			return "", false
		}
	}
}

// isBundleManifest reports whether file is a bundle's manifest (a JSON
// object with a format), not some other program's manifest.json.
func isBundleManifest(file string) bool {
	data, err := readFile(file, maxSigned)
	if err != nil {
		return false
	}
	var m struct {
		Format *int `json:"format"`
	}
	return json.Unmarshal(data, &m) == nil && m.Format != nil
}

func bundleSign(ctx context.Context, args []string, std stdio) int {
	fs := newFlags("bundle sign")
	keyFile := fs.String("key", "", "minisign secret key file")
	if err := fs.Parse(args); err != nil {
		return usageError(std, "bundle sign: %v", err)
	}
	if *keyFile == "" || fs.NArg() == 0 {
		return usageError(std, "usage: advocatectl bundle sign --key SECRET_KEY_FILE FILE...")
	}
	p, err := planFiles(fs.Args(), false)
	if err != nil {
		return usageError(std, "bundle sign: %v", err)
	}
	if code := refuseWithoutManifest(p, std); code != exitOK {
		return code
	}
	data, err := readFile(*keyFile, maxKey)
	if err != nil {
		return usageError(std, "bundle sign: cannot read the key: %v", err)
	}
	sec, err := signing.ParseSecretKey(data, readPassword(std))
	if err != nil {
		return usageError(std, "bundle sign: %v", err)
	}
	now := time.Now()
	for _, b := range p.bundles {
		if code := signBundle(ctx, b, sec, now, std); code != exitOK {
			return code
		}
	}
	for _, file := range p.loose {
		if code := signLoose(file, sec, now, std); code != exitOK {
			return code
		}
	}
	return exitOK
}

// refuseWithoutManifest refuses to sign a bundle's file without its
// manifest, which lists the file's SHA-256 and must be signed again.
func refuseWithoutManifest(p plan, std stdio) int {
	for _, file := range p.loose {
		abs, err := filepath.Abs(file)
		if err != nil {
			return usageError(std, "bundle sign: %s: %v", file, err)
		}
		if root, ok := bundleAbove(abs); ok {
			return usageError(std, "bundle sign: %s belongs to the bundle in %s: sign it together with that bundle's %s and every other file (the manifest lists each file's SHA-256)",
				file, root, bundle.ManifestName)
		}
	}
	return exitOK
}

// signBundle signs the files of one bundle with its manifest, which it
// rewrites to list them, then checks that the bundle loads and verifies.
func signBundle(ctx context.Context, b *bundleFiles, sec *signing.SecretKey, now time.Time, std stdio) int {
	files := map[string][]byte{}
	manifest, err := readFile(b.manifest, maxSigned)
	if err != nil {
		return usageError(std, "bundle sign: cannot read %s: %v", b.manifest, err)
	}
	files[bundle.ManifestName] = manifest
	for i, name := range b.names {
		if files[name], err = readFile(b.paths[i], maxSigned); err != nil {
			return usageError(std, "bundle sign: cannot read %s: %v", b.paths[i], err)
		}
	}
	signed, err := bundle.Sign(files, sec, now)
	if err != nil {
		return usageError(std, "bundle sign: %s: %s", b.root, strings.TrimPrefix(err.Error(), "bundle: "))
	}
	for _, name := range slices.Sorted(maps.Keys(signed)) {
		path := filepath.Join(b.root, filepath.FromSlash(name))
		if err := os.WriteFile(path, signed[name], 0o644); err != nil {
			fmt.Fprintf(std.err, "advocatectl: bundle sign: cannot write %s: %v\n", path, err)
			return exitInternal
		}
	}
	for _, file := range append([]string{b.manifest}, b.paths...) {
		fmt.Fprintf(std.out, "signed %s\n", file)
	}
	loaded, err := bundle.LoadVerified(ctx, bundle.Dir(b.root), sec.Public())
	if err != nil {
		return usageError(std, "bundle sign: the bundle in %s is signed but does not load: %s", b.root, strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	fmt.Fprintf(std.out, "bundle %s: version %s, %d files listed in %s and signed by key %s\n",
		b.root, loaded.Manifest.Version, len(loaded.Manifest.Files), bundle.ManifestName, loaded.KeyID)
	return exitOK
}

// signLoose signs a file that belongs to no bundle, as minisign does.
func signLoose(file string, sec *signing.SecretKey, now time.Time, std stdio) int {
	msg, err := readFile(file, maxSigned)
	if err != nil {
		return usageError(std, "bundle sign: cannot read %s: %v", file, err)
	}
	sig, err := sec.Sign(msg, bundle.TrustedComment(filepath.Base(file), now))
	if err != nil {
		return usageError(std, "bundle sign: %s: %v", file, err)
	}
	if err := os.WriteFile(file+bundle.SignatureSuffix, sig, 0o644); err != nil {
		fmt.Fprintf(std.err, "advocatectl: bundle sign: cannot write %s%s: %v\n", file, bundle.SignatureSuffix, err)
		return exitInternal
	}
	fmt.Fprintf(std.out, "signed %s\n", file)
	return exitOK
}

func bundleVerify(args []string, std stdio) int {
	fs := newFlags("bundle verify")
	pubFile := fs.String("pubkey", "", "minisign public key file")
	if err := fs.Parse(args); err != nil {
		return usageError(std, "bundle verify: %v", err)
	}
	if *pubFile == "" || fs.NArg() == 0 {
		return usageError(std, "usage: advocatectl bundle verify --pubkey PUBLIC_KEY_FILE FILE...")
	}
	pub, err := readPublicKey(*pubFile)
	if err != nil {
		return usageError(std, "bundle verify: %v", err)
	}
	p, err := planFiles(fs.Args(), true)
	if err != nil {
		return usageError(std, "bundle verify: %v", err)
	}
	v := &verifier{pub: pub, manifests: map[string]*bundle.Manifest{}}
	for _, file := range fs.Args() {
		line, err := v.verify(file, p.of[file])
		if err != nil {
			return usageError(std, "bundle verify: %v", err)
		}
		fmt.Fprintln(std.out, line)
	}
	return exitOK
}

// verifier checks files, and the manifest of each bundle they belong to
// once.
type verifier struct {
	pub       *signing.PublicKey
	manifests map[string]*bundle.Manifest
}

// verify checks one file's signature and, for a bundle's file, that the
// bundle's signed manifest binds it; it returns the line to print.
func (v *verifier) verify(file string, ref fileRef) (string, error) {
	msg, comment, err := v.checkSignature(file)
	if err != nil {
		return "", err
	}
	good := fmt.Sprintf("%s: good signature by key %s (%s)", file, v.pub.KeyID(), strings.ReplaceAll(comment, "\t", " "))
	if ref.b == nil {
		return good, nil
	}
	m, err := v.manifest(ref.b.root)
	if err != nil {
		return "", err
	}
	if err := m.CheckFile(ref.name, msg, comment); err != nil {
		return "", fmt.Errorf("%s: %s", file, strings.TrimPrefix(err.Error(), bundle.ErrNotVerified.Error()+": "))
	}
	return good + ", in bundle version " + m.Version, nil
}

// checkSignature checks file against file.minisig and returns the file
// and the trusted comment.
func (v *verifier) checkSignature(file string) ([]byte, string, error) {
	msg, err := readFile(file, maxSigned)
	if err != nil {
		return nil, "", fmt.Errorf("%s: cannot read it: %v", file, err)
	}
	sig, err := readFile(file+bundle.SignatureSuffix, maxKey)
	if err != nil {
		return nil, "", fmt.Errorf("%s: not signed (no %s%s)", file, filepath.Base(file), bundle.SignatureSuffix)
	}
	comment, err := v.pub.Verify(msg, sig)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %s", file, strings.TrimPrefix(err.Error(), "signing: "))
	}
	return msg, comment, nil
}

// manifest returns the verified manifest of the bundle in root.
func (v *verifier) manifest(root string) (*bundle.Manifest, error) {
	if m, ok := v.manifests[root]; ok {
		return m, nil
	}
	file := filepath.Join(root, bundle.ManifestName)
	data, comment, err := v.checkSignature(file)
	if err != nil {
		return nil, err
	}
	m, err := bundle.ParseManifest(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", file, strings.TrimPrefix(err.Error(), "bundle: "))
	}
	for _, check := range []error{m.CheckFile(bundle.ManifestName, data, comment), m.CheckBound()} {
		if check != nil {
			return nil, fmt.Errorf("%s: %s", file, strings.TrimPrefix(check.Error(), bundle.ErrNotVerified.Error()+": "))
		}
	}
	v.manifests[root] = m
	return m, nil
}

func readPublicKey(file string) (*signing.PublicKey, error) {
	data, err := readFile(file, maxKey)
	if err != nil {
		return nil, fmt.Errorf("the public key: %w", err)
	}
	return signing.ParsePublicKey(data)
}
func bundleKeygen(args []string, std stdio) int {
	fs := newFlags("bundle keygen")
	keyFile := fs.String("key", "", "where to write the secret key")
	pubFile := fs.String("pubkey", "", "where to write the public key")
	noPassword := fs.Bool("no-password", false, "leave the secret key unencrypted")
	if err := fs.Parse(args); err != nil {
		return usageError(std, "bundle keygen: %v", err)
	}
	if *keyFile == "" || *pubFile == "" {
		return usageError(std, "usage: advocatectl bundle keygen --key SECRET_KEY_FILE --pubkey PUBLIC_KEY_FILE [--no-password]")
	}
	for _, f := range []string{*keyFile, *pubFile} {
		if _, err := os.Stat(f); err == nil {
			return usageError(std, "bundle keygen: %s already exists; move it away first", f)
		}
	}
	var password []byte
	if !*noPassword {
		pw, err := readPassword(std)()
		if err != nil || len(pw) == 0 {
			return usageError(std, "bundle keygen: give a password on standard input, or --no-password")
		}
		password = pw
	}
	pub, sec, err := signing.GenerateKey(nil)
	if err != nil {
		fmt.Fprintf(std.err, "advocatectl: %v\n", err)
		return exitInternal
	}
	skData, err := sec.MarshalText(password)
	if err != nil {
		fmt.Fprintf(std.err, "advocatectl: %v\n", err)
		return exitInternal
	}
	if err := os.WriteFile(*keyFile, skData, 0o600); err != nil {
		return usageError(std, "bundle keygen: %v", err)
	}
	if err := os.WriteFile(*pubFile, pub.MarshalText(), 0o644); err != nil {
		return usageError(std, "bundle keygen: %v", err)
	}
	fmt.Fprintf(std.out, "key %s: secret key in %s, public key in %s\n", pub.KeyID(), *keyFile, *pubFile)
	return exitOK
}
