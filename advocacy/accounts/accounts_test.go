package accounts

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/credentials"
	"github.com/advocate-app/advocate/advocacy/networks"
	"github.com/advocate-app/advocate/advocacy/networks/bluesky"
	"github.com/advocate-app/advocate/advocacy/store"
)

// memSecrets stands in for the keyring in unit tests.
type memSecrets struct {
	m   map[string]string
	err error
}

func (s *memSecrets) Set(_ context.Context, n, a, v string) error {
	if s.err != nil {
		return s.err
	}
	s.m[n+":"+a] = v
	return nil
}
func (s *memSecrets) Get(_ context.Context, n, a string) (string, error) {
	v, ok := s.m[n+":"+a]
	if !ok {
		return "", credentials.ErrNotFound
	}
	return v, nil
}
func (s *memSecrets) Delete(_ context.Context, n, a string) error { delete(s.m, n+":"+a); return nil }

func openStore(t *testing.T) (*store.Store, string) {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, dir
}

func TestConnectListDisconnect(t *testing.T) {
	ctx := context.Background()
	st, _ := openStore(t)
	sec := &memSecrets{m: map[string]string{}}
	m := &Manager{DB: st.DB(), Secrets: sec}
	a, err := m.Connect(ctx, Account{Network: "mastodon", Account: "ada", Instance: "https://social.example", DisplayName: "Ada"}, "tok")
	if err != nil || a.ID == 0 {
		t.Fatal(err)
	}
	list, _ := m.List(ctx)
	if len(list) != 1 || list[0].Instance != "https://social.example" {
		t.Fatalf("list = %+v", list)
	}
	if s, _ := m.Secret(ctx, list[0]); s != "tok" {
		t.Fatalf("secret = %q", s)
	}
	if err := m.Disconnect(ctx, list[0]); err != nil {
		t.Fatal(err)
	}
	if list, _ := m.List(ctx); len(list) != 0 || len(sec.m) != 0 {
		t.Fatalf("after disconnect: %+v, secrets %v", list, sec.m)
	}
	// A keyring that refuses leaves nothing behind, and no plaintext fallback.
	sec.err = errors.New("credentials: keyring unavailable: install gnome-keyring")
	if _, err := m.Connect(ctx, Account{Network: "x", Account: "ada"}, "tok"); err == nil {
		t.Fatal("connected without a keyring")
	}
	if list, _ := m.List(ctx); len(list) != 0 {
		t.Fatalf("an account was recorded without its secret: %+v", list)
	}
}

func TestPracticeAccountRecordsPosts(t *testing.T) {
	ctx := context.Background()
	st, _ := openStore(t)
	p := &PracticePoster{DB: st.DB(), Network: "x"}
	res, err := p.Post(ctx, networks.Post{Text: "Hello from the practice account"})
	if err != nil || !strings.HasPrefix(res.URL, "advocate://practice/") {
		t.Fatalf("post: %+v %v", res, err)
	}
	posts, _ := PracticePosts(ctx, st.DB(), 10)
	if len(posts) != 1 || posts[0].Text != "Hello from the practice account" || posts[0].Network != "x" {
		t.Fatalf("posts = %+v", posts)
	}
}

// TestTokensStayInTheKeyring connects a Bluesky account against a loopback
// server, keeps its session in the real keyring, posts, and then searches
// every file of the data folder and everything logged for the tokens.
func TestTokensStayInTheKeyring(t *testing.T) {
	// Windows keeps the tokens in its Credential Manager, with no D-Bus.
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" && runtime.GOOS != "windows" {
		if os.Getenv("ADVOCATE_REQUIRE_KEYRING") != "" {
			t.Fatal("no D-Bus session: run through make test")
		}
		t.Skip("no D-Bus session bus; make test starts one with gnome-keyring")
	}
	ctx := context.Background()
	const access, refresh, password = "acc-9f8e7d6c5b4a", "ref-1a2b3c4d5e6f", "pw-zyxw-vuts-rqpo"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/xrpc/com.atproto.server.createSession":
			json.NewEncoder(w).Encode(bluesky.Session{DID: "did:plc:ada", Handle: "ada.test", AccessJWT: access, RefreshJWT: refresh})
		case "/xrpc/com.atproto.repo.createRecord":
			if r.Header.Get("Authorization") != "Bearer "+access {
				w.WriteHeader(400)
				fmt.Fprint(w, `{"error":"InvalidToken","message":"bad"}`)
				return
			}
			fmt.Fprint(w, `{"uri":"at://did:plc:ada/app.bsky.feed.post/1","cid":"c"}`)
		}
	}))
	defer srv.Close()
	var logged bytes.Buffer
	log.SetOutput(&logged)
	defer log.SetOutput(os.Stderr)

	st, dir := openStore(t)
	keyring := credentials.New("app.advocate.desktop.test")
	m := &Manager{DB: st.DB(), Secrets: keyring}
	session, err := bluesky.Login(ctx, srv.Client(), srv.URL, "ada.test", password)
	if err != nil {
		t.Fatal(err)
	}
	secret, _ := json.Marshal(session)
	acc, err := m.Connect(ctx, Account{Network: "bluesky", Account: fmt.Sprintf("ada-%d", time.Now().UnixNano()), Instance: srv.URL}, string(secret))
	if err != nil {
		t.Fatal(err)
	}
	defer m.Disconnect(ctx, acc)
	kept, err := m.Secret(ctx, acc)
	if err != nil {
		t.Fatal(err)
	}
	var s bluesky.Session
	json.Unmarshal([]byte(kept), &s)
	c := &bluesky.Client{Service: acc.Instance, HTTP: srv.Client(), Session: s}
	if _, err := c.Post(ctx, networks.Post{Text: "posted with the kept session"}); err != nil {
		t.Fatal(err)
	}
	st.DB().Exec("PRAGMA wal_checkpoint(FULL)")
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(path)
		for _, secret := range []string{access, refresh, password} {
			if bytes.Contains(data, []byte(secret)) {
				t.Errorf("%s holds a secret", path)
			}
		}
		return nil
	})
	for _, secret := range []string{access, refresh, password} {
		if strings.Contains(logged.String(), secret) {
			t.Errorf("the log holds a secret")
		}
	}
	if err := m.Disconnect(ctx, acc); err != nil {
		t.Fatal(err)
	}
	if _, err := keyring.Get(ctx, "bluesky", acc.Account); !errors.Is(err, credentials.ErrNotFound) {
		t.Fatalf("the secret outlived the disconnect: %v", err)
	}
}
