package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/signing"
)

func init() {
	commands["content"] = command{
		summary: "list the approved content a role may share at a given time",
		usage:   "content list [--bundle DIR|URL] [--pubkey FILE] --role employee|alumni [--at RFC3339] [--json]",
		run:     runContent,
	}
}

func runContent(ctx context.Context, args []string, std stdio) int {
	if len(args) == 0 || args[0] != "list" {
		return usageError(std, "usage: advocatectl content list [--bundle DIR|URL] [--pubkey FILE] --role employee|alumni [--at RFC3339] [--json]")
	}
	fs := newFlags("content list")
	ref := fs.String("bundle", bundle.DemoRef, "bundle folder or https address (default: the demo)")
	pubFile := fs.String("pubkey", "", "the publisher's minisign public key (required for any bundle but the demo)")
	role := fs.String("role", "", "employee or alumni")
	at := fs.String("at", "", "the time to preview, RFC 3339 (default: now)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args[1:]); err != nil {
		return usageError(std, "content list: %v", err)
	}
	if fs.NArg() > 0 {
		return usageError(std, "content list: unexpected argument %q", fs.Arg(0))
	}
	when, err := roleAndTime(*role, *at)
	if err != nil {
		return usageError(std, "content list: %v", err)
	}
	var key *signing.PublicKey
	switch {
	case *pubFile != "":
		var err error
		if key, err = readPublicKey(*pubFile); err != nil {
			return usageError(std, "content list: %v", err)
		}
	case *ref == bundle.DemoRef:
		key = bundle.DemoKey()
	default:
		return usageError(std, "content list: --pubkey is required to verify %s", *ref)
	}
	src, err := bundle.Open(*ref)
	if err != nil {
		return usageError(std, "content list: %v", err)
	}
	b, err := bundle.LoadVerified(ctx, src, key)
	if err != nil {
		return usageError(std, "content list: %s", strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	items := b.Shareable(*role, when)
	if *asJSON {
		type item struct {
			ID        string   `json:"id"`
			Title     string   `json:"title"`
			Audience  []string `json:"audience"`
			NotBefore string   `json:"not_before"`
			Expires   string   `json:"expires"`
		}
		out := struct {
			Bundle struct {
				Org      string `json:"org"`
				Version  string `json:"version"`
				Verified bool   `json:"verified"`
			} `json:"bundle"`
			Items []item `json:"items"`
		}{Items: []item{}}
		out.Bundle.Org, out.Bundle.Version, out.Bundle.Verified = b.Manifest.Org.Name, b.Manifest.Version, b.Verified
		for _, it := range items {
			out.Items = append(out.Items, item{it.ID, it.Title, it.Advocacy.Audience, rfc3339(it.Advocacy.NotBefore), rfc3339(it.Advocacy.Expires)})
		}
		json.NewEncoder(std.out).Encode(out)
		return exitOK
	}
	fmt.Fprintf(std.out, "%s %s (signatures verified, key %s): %d items for %s at %s\n",
		b.Manifest.Org.Name, b.Manifest.Version, b.KeyID, len(items), *role, when.UTC().Format(time.RFC3339))
	for _, it := range items {
		fmt.Fprintf(std.out, "  %-22s %s (until %s)\n", it.ID, it.Title, rfc3339(it.Advocacy.Expires))
	}
	return exitOK
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
