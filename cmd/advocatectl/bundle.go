package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/advocate-app/advocate/advocacy/signing"
)

func init() {
	commands["bundle"] = command{
		summary: "sign and verify the files of an organisation bundle (minisign format)",
		usage: "bundle sign   --key SECRET_KEY_FILE FILE...    writes FILE.minisig beside each file\n" +
			"bundle verify --pubkey PUBLIC_KEY_FILE FILE... checks each FILE against FILE.minisig\n" +
			"bundle keygen --key SECRET_KEY_FILE --pubkey PUBLIC_KEY_FILE [--no-password]",
		run: runBundle,
	}
}

func runBundle(ctx context.Context, args []string, std stdio) int {
	if len(args) == 0 {
		return usageError(std, "usage: advocatectl bundle sign|verify|keygen ...")
	}
	switch args[0] {
	case "sign":
		return bundleSign(args[1:], std)
	case "verify":
		return bundleVerify(args[1:], std)
	case "keygen":
		return bundleKeygen(args[1:], std)
	}
	return usageError(std, "bundle: unknown subcommand %q (sign, verify or keygen)", args[0])
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

func bundleSign(args []string, std stdio) int {
	fs := newFlags("bundle sign")
	keyFile := fs.String("key", "", "minisign secret key file")
	if err := fs.Parse(args); err != nil {
		return usageError(std, "bundle sign: %v", err)
	}
	if *keyFile == "" || fs.NArg() == 0 {
		return usageError(std, "usage: advocatectl bundle sign --key SECRET_KEY_FILE FILE...")
	}
	data, err := os.ReadFile(*keyFile)
	if err != nil {
		return usageError(std, "bundle sign: cannot read the key: %v", err)
	}
	sec, err := signing.ParseSecretKey(data, readPassword(std))
	if err != nil {
		return usageError(std, "bundle sign: %v", err)
	}
	now := time.Now().Unix()
	for _, file := range fs.Args() {
		msg, err := os.ReadFile(file)
		if err != nil {
			return usageError(std, "bundle sign: cannot read %s: %v", file, err)
		}
		sig, err := sec.Sign(msg, fmt.Sprintf("timestamp:%d\tfile:%s\thashed", now, filepath.Base(file)))
		if err != nil {
			return usageError(std, "bundle sign: %s: %v", file, err)
		}
		if err := os.WriteFile(file+".minisig", sig, 0o644); err != nil {
			fmt.Fprintf(std.err, "advocatectl: bundle sign: cannot write %s.minisig: %v\n", file, err)
			return exitInternal
		}
		fmt.Fprintf(std.out, "signed %s\n", file)
	}
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
	for _, file := range fs.Args() {
		msg, err := os.ReadFile(file)
		if err != nil {
			return usageError(std, "bundle verify: %s: cannot read it: %v", file, err)
		}
		sig, err := os.ReadFile(file + ".minisig")
		if err != nil {
			return usageError(std, "bundle verify: %s: not signed (no %s.minisig)", file, filepath.Base(file))
		}
		comment, err := pub.Verify(msg, sig)
		if err != nil {
			return usageError(std, "bundle verify: %s: %v", file, strings.TrimPrefix(err.Error(), "signing: "))
		}
		fmt.Fprintf(std.out, "%s: good signature by key %s (%s)\n", file, pub.KeyID(), strings.ReplaceAll(comment, "\t", " "))
	}
	return exitOK
}

func readPublicKey(file string) (*signing.PublicKey, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("cannot read the public key: %v", err)
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
