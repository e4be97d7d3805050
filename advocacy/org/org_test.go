package org

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/signing"
	"github.com/advocate-app/advocate/advocacy/store"
	"github.com/advocate-app/advocate/assets"
	"github.com/advocate-app/advocate/feeds"
)

func TestKey(t *testing.T) {
	if k, err := Key("demo", ""); err != nil || k.KeyID() != bundle.DemoKey().KeyID() {
		t.Fatalf("demo key: %v", err)
	}
	if _, err := Key("/some/folder", ""); err == nil || !strings.Contains(err.Error(), "paste the organisation's minisign public key") {
		t.Fatalf("no key: %v", err)
	}
	if _, err := Key("/some/folder", "not a key"); err == nil {
		t.Fatal("a bad key was accepted")
	}
	if k, err := Key("/f", string(assets.DemoPublicKey)); err != nil || k.KeyID() != bundle.DemoKey().KeyID() {
		t.Fatalf("configured key: %v", err)
	}
}

// TestRefreshKeepsTheLastGoodCopy publishes a bundle over https, loads it,
// then breaks the server and the signatures: the kept copy stays in force.
func TestRefreshKeepsTheLastGoodCopy(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	dir := t.TempDir()
	os.CopyFS(dir, assets.DemoBundle())
	up := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !up {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		http.FileServer(http.Dir(dir)).ServeHTTP(w, r)
	}))
	defer srv.Close()
	ref, key := srv.URL+"/", bundle.DemoKey()

	first, err := Refresh(ctx, st, ref, key, bundle.RoleEmployee)
	if err != nil || first.Bundle.FromCache || first.Engine == nil {
		t.Fatalf("first refresh: %v", err)
	}
	up = false
	kept, err := Refresh(ctx, st, ref, key, bundle.RoleEmployee)
	if err == nil || !strings.Contains(err.Error(), "503") {
		t.Fatalf("refresh from a server that is down should report it: %v", err)
	}
	if kept.Bundle == nil || !kept.Bundle.FromCache || kept.Bundle.Manifest.Version != "2026.11.2" {
		t.Fatal("the kept copy is not in force")
	}
	up = true
	p := filepath.Join(dir, "policy.yaml")
	data, _ := os.ReadFile(p)
	os.WriteFile(p, append(data, '\n'), 0o600)
	kept, err = Refresh(ctx, st, ref, key, bundle.RoleEmployee)
	if !errors.Is(err, bundle.ErrNotVerified) || kept.Bundle == nil || !kept.Bundle.FromCache {
		t.Fatalf("a tampered bundle: %v, kept %v", err, kept.Bundle != nil)
	}
	// Another source has no kept copy of its own.
	if other, err := Refresh(ctx, st, srv.URL+"/elsewhere/", key, bundle.RoleEmployee); err == nil || other.Bundle != nil {
		t.Fatalf("another source: %v", err)
	}
}

func TestSyncFeeds(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	db := feeds.NewDB(st.DB())
	in, err := Fetch(ctx, bundle.DemoRef, bundle.DemoKey(), bundle.RoleAlumni)
	if err != nil {
		t.Fatal(err)
	}
	db.Subscribe(ctx, "https://mine.example/feed", "Mine", feeds.OriginUser, nil)
	db.Subscribe(ctx, "https://old.example/feed", "Dropped by the bundle", feeds.OriginOrg, nil)
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	if err := SyncFeeds(ctx, db, in.Bundle, now); err != nil {
		t.Fatal(err)
	}
	subs, _ := db.Subscriptions(ctx)
	var urls []string
	for _, s := range subs {
		urls = append(urls, s.URL)
	}
	want := []string{"bundle:news/alumni.json", "bundle:news/newsroom.xml", "bundle:news/industry.atom", "https://mine.example/feed"}
	if len(urls) != len(want) {
		t.Fatalf("subscriptions = %v", urls)
	}
	for _, w := range want {
		if !slices.Contains(urls, w) {
			t.Fatalf("subscriptions = %v, missing %s", urls, w)
		}
	}
	items, _ := db.Items(ctx, nil, "", 100)
	if len(items) != 9 {
		t.Fatalf("%d items stored from the shipped feeds", len(items))
	}
	// Syncing again changes nothing.
	SyncFeeds(ctx, db, in.Bundle, now.Add(time.Hour))
	if again, _ := db.Items(ctx, nil, "", 100); len(again) != 9 {
		t.Fatalf("%d items after a second sync", len(again))
	}
}

// TestPurgeLeavesNoEmployeeContent switches a kept employee bundle to
// alumni and searches what is stored for the employee-only content.
func TestPurgeLeavesNoEmployeeContent(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	dir := t.TempDir()
	os.CopyFS(dir, assets.DemoBundle())
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	in, err := Refresh(ctx, st, srv.URL+"/", bundle.DemoKey(), bundle.RoleEmployee)
	if err != nil {
		t.Fatal(err)
	}
	db := feeds.NewDB(st.DB())
	db.Subscribe(ctx, "https://intranet-news.example/feed", "Employees only", feeds.OriginOrg, []string{bundle.RoleEmployee})
	_, files, _ := st.CachedBundle(ctx)
	if _, ok := files["content/employee.json"]; !ok {
		t.Fatal("the employee's kept copy lacks its content")
	}
	tx, err := st.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	purged, removed, err := Purge(ctx, tx, st, db, in, bundle.RoleEmployee, bundle.RoleAlumni)
	if err == nil {
		err = tx.Commit()
	}
	if err != nil || removed != 5 {
		t.Fatalf("purge: %d removed, %v", removed, err)
	}
	for _, it := range purged.Bundle.Content {
		if !it.For(bundle.RoleAlumni) {
			t.Fatalf("%s kept in memory", it.ID)
		}
	}
	_, files, _ = st.CachedBundle(ctx)
	for name, data := range files {
		if strings.HasPrefix(name, "content/employee.json") || strings.Contains(string(data), "Proud of what the team built") {
			t.Fatalf("%s still kept", name)
		}
	}
	subs, _ := db.Subscriptions(ctx)
	for _, s := range subs {
		if s.Title == "Employees only" {
			t.Fatal("an employee-only feed is still subscribed")
		}
	}
	st.DB().Exec("PRAGMA wal_checkpoint(TRUNCATE)")
}

// TestUnchangedBundleCostsOneConditionalRequest publishes with ETags and
// refreshes twice: the second refresh downloads nothing.
func TestUnchangedBundleCostsOneConditionalRequest(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	dir := t.TempDir()
	os.CopyFS(dir, assets.DemoBundle())
	var requests []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests = append(requests, r.URL.Path+" "+r.Header.Get("If-None-Match"))
		data, err := os.ReadFile(filepath.Join(dir, r.URL.Path))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		tag := fmt.Sprintf(`"%x"`, sha256.Sum256(data))
		w.Header().Set("ETag", tag)
		if r.Header.Get("If-None-Match") == tag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Write(data)
	}))
	defer srv.Close()
	if _, err := Refresh(ctx, st, srv.URL+"/", bundle.DemoKey(), bundle.RoleEmployee); err != nil {
		t.Fatal(err)
	}
	requests = nil
	in, err := Refresh(ctx, st, srv.URL+"/", bundle.DemoKey(), bundle.RoleEmployee)
	if err != nil || in.Bundle.FromCache || in.Bundle.Manifest.Version != "2026.11.2" {
		t.Fatalf("unchanged refresh: %v", err)
	}
	if len(requests) != 1 || !strings.HasPrefix(requests[0], "/manifest.json \"") {
		t.Fatalf("requests for an unchanged bundle: %v", requests)
	}
}

// TestAnOlderBundleCannotRollThePolicyBack: a server that puts back an
// old bundle, genuinely signed, is refused; the kept newer copy stays.
func TestAnOlderBundleCannotRollThePolicyBack(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	raw, err := os.ReadFile("../../scripts/demo-signing.key")
	if err != nil {
		t.Fatal(err)
	}
	sec, err := signing.ParseSecretKey(raw, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	publish := func(version, policyTail string) {
		t.Helper()
		os.RemoveAll(dir)
		os.CopyFS(dir, assets.DemoBundle())
		m := filepath.Join(dir, bundle.ManifestName)
		data, _ := os.ReadFile(m)
		os.WriteFile(m, []byte(strings.Replace(string(data), `"2026.11.2"`, `"`+version+`"`, 1)), 0o600)
		p := filepath.Join(dir, "policy.yaml")
		data, _ = os.ReadFile(p)
		os.WriteFile(p, append(data, []byte(policyTail)...), 0o600)
		if err := bundle.SignDir(dir, sec, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	ref, key := srv.URL+"/", bundle.DemoKey()
	publish("2026.12.1", "")
	if in, err := Refresh(ctx, st, ref, key, bundle.RoleEmployee); err != nil || in.Bundle.Manifest.Version != "2026.12.1" {
		t.Fatalf("newer bundle: %v", err)
	}
	publish("2026.12.0", "")
	in, err := Refresh(ctx, st, ref, key, bundle.RoleEmployee)
	if !errors.Is(err, bundle.ErrRollback) || in.Bundle == nil || !in.Bundle.FromCache || in.Bundle.Manifest.Version != "2026.12.1" {
		t.Fatalf("older bundle: %v (in force %v)", err, in.Bundle != nil && in.Bundle.Manifest.Version == "2026.12.1")
	}
	publish("2026.12.1", "\n# changed without a new version\n")
	if _, err := Refresh(ctx, st, ref, key, bundle.RoleEmployee); !errors.Is(err, bundle.ErrVersionReused) {
		t.Fatalf("same version, other content: %v", err)
	}
	publish("2026.12.2", "")
	if in, err := Refresh(ctx, st, ref, key, bundle.RoleEmployee); err != nil || in.Bundle.Manifest.Version != "2026.12.2" {
		t.Fatalf("the next version: %v", err)
	}
}
