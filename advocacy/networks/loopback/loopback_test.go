package loopback

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestPKCE(t *testing.T) {
	p := NewPKCE()
	sum := sha256.Sum256([]byte(p.Verifier))
	if len(p.Verifier) < 43 || p.Challenge != base64.RawURLEncoding.EncodeToString(sum[:]) || NewPKCE().Verifier == p.Verifier {
		t.Fatalf("pkce %+v", p)
	}
}

func get(t *testing.T, u string) int {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestReceiverChecksStateAndIsSingleUse(t *testing.T) {
	r, err := Listen()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(r.RedirectURI(), "http://127.0.0.1:") {
		t.Fatalf("redirect %s", r.RedirectURI())
	}
	base := r.RedirectURI()
	if code := get(t, base+"?code=evil&state=wrong"); code != http.StatusBadRequest {
		t.Fatalf("wrong state answered %d", code)
	}
	if code := get(t, base+"?code=good&state="+url.QueryEscape(r.State)); code != http.StatusOK {
		t.Fatalf("right state answered %d", code)
	}
	if code := get(t, base+"?code=again&state="+url.QueryEscape(r.State)); code != http.StatusGone {
		t.Fatalf("second use answered %d", code)
	}
	code, err := r.Wait(context.Background(), time.Second)
	if err != nil || code != "good" {
		t.Fatalf("Wait = %q, %v", code, err)
	}
	if _, err := http.Get(base); err == nil {
		t.Fatal("the receiver still listens after Wait")
	}
}

func TestReceiverRefusalAndTimeout(t *testing.T) {
	r, _ := Listen()
	get(t, r.RedirectURI()+"?error=access_denied&error_description=no&state="+url.QueryEscape(r.State))
	if _, err := r.Wait(context.Background(), time.Second); err == nil || !strings.Contains(err.Error(), "access_denied") {
		t.Fatalf("refusal: %v", err)
	}
	r2, _ := Listen()
	if _, err := r2.Wait(context.Background(), 50*time.Millisecond); err == nil || !strings.Contains(err.Error(), "no answer from the browser") {
		t.Fatalf("timeout: %v", err)
	}
}
