package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFeedInspect(t *testing.T) {
	var res struct {
		Format string `json:"format"`
		Title  string `json:"title"`
		Items  int    `json:"items"`
	}
	for file, want := range map[string]string{"newsroom.xml": "rss", "industry.atom": "atom", "alumni.json": "json"} {
		code, out, errw := runCLI(t, "feed", "inspect", "--json", filepath.Join("../../assets/demo/news", file))
		if code != exitOK || json.Unmarshal([]byte(out), &res) != nil || res.Format != want || res.Items < 2 || res.Title == "" {
			t.Fatalf("%s: %d %s %s", file, code, out, errw)
		}
	}
	data, _ := os.ReadFile("../../assets/demo/news/newsroom.xml")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/broken" {
			w.Write([]byte("<rss><channel><title>unfinished"))
			return
		}
		w.Write(data)
	}))
	defer srv.Close()
	if code, out, _ := runCLI(t, "feed", "inspect", "--json", "--allow-private", srv.URL+"/feed"); code != exitOK || !strings.Contains(out, `"items":4`) {
		t.Fatalf("url: %d %s", code, out)
	}
	if code, _, errw := runCLI(t, "feed", "inspect", srv.URL+"/feed"); code != exitUsage || !strings.Contains(errw, "private network") {
		t.Fatalf("private url without permission: %d %s", code, errw)
	}
	garbage := filepath.Join(t.TempDir(), "x.xml")
	os.WriteFile(garbage, []byte("\x00\x01 not a feed"), 0o600)
	for _, args := range [][]string{
		{"feed", "inspect", garbage},
		{"feed", "inspect", "--allow-private", srv.URL + "/broken"},
		{"feed", "inspect", "/no/such/file"},
		{"feed", "inspect"},
	} {
		code, _, errw := runCLI(t, args...)
		if code != exitUsage || strings.Count(strings.TrimSpace(errw), "\n") != 0 {
			t.Errorf("%v: %d %q", args, code, errw)
		}
	}
}
