package core

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/advocate-app/advocate/advocacy/accounts"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/share"
	"github.com/advocate-app/advocate/advocacy/store"
)

// memorySecrets keeps secrets in a map, for tests that need no keyring.
type memorySecrets struct {
	mu sync.Mutex
	m  map[string]string
}

func (s *memorySecrets) Set(_ context.Context, n, a, secret string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[n+"/"+a] = secret
	return nil
}

func (s *memorySecrets) Get(_ context.Context, n, a string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[n+"/"+a], nil
}

func (s *memorySecrets) Delete(_ context.Context, n, a string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, n+"/"+a)
	return nil
}

func TestClosingWhileAShareIsPostingRecordsItsOutcome(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Open(context.Background(), Config{Store: st, DataDir: dir, Secrets: &memorySecrets{m: map[string]string{}}})
	if err != nil {
		t.Fatal(err)
	}
	// A Mastodon server that answers the post only once the core has
	// begun to close.
	arrived := make(chan struct{})
	var once sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		once.Do(func() { close(arrived) })
		<-c.life.Done()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"42","url":"https://social.example/@ada/42"}`)
	}))
	defer srv.Close()
	c.Parts().Config.HTTP = srv.Client()
	secret, _ := json.Marshal(accounts.MastodonSecret{Token: "token"})
	ctx := context.Background()
	acc, err := c.Parts().Accounts.Connect(ctx, accounts.Account{Network: network.Mastodon, Account: "ada", Instance: srv.URL}, string(secret))
	if err != nil {
		t.Fatal(err)
	}
	sh, err := c.Share(ctx, ShareRequest{Network: network.Mastodon, To: Destination{Kind: ToAccount, AccountID: acc.ID},
		Text: "Larkspur Atlas 3 ships today", Reason: "reviewed before sharing"})
	if err != nil {
		t.Fatal(err)
	}
	c.Start()
	<-arrived
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	st, err = store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got, err := (&share.Outbox{DB: st.DB()}).Get(ctx, sh.ID)
	if err != nil || got.State != share.Posted || got.ResultID != "42" {
		t.Fatalf("after closing while it posted: %+v, %v", got, err)
	}
}
