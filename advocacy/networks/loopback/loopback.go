// Package loopback receives an OAuth 2 authorisation code on a redirect to
// 127.0.0.1, as desktop apps do (RFC 8252): a random port, a state that
// must match, one use only, and a time limit. It also makes PKCE pairs.
package loopback

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"sync"
	"time"
)

// PKCE is a code verifier and its S256 challenge (RFC 7636).
type PKCE struct {
	Verifier  string
	Challenge string
}

// NewPKCE makes a fresh verifier.
func NewPKCE() PKCE {
	v := Random(32)
	sum := sha256.Sum256([]byte(v))
	return PKCE{Verifier: v, Challenge: base64.RawURLEncoding.EncodeToString(sum[:])}
}

// Random returns n random bytes, URL-safe base64 encoded.
func Random(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // the system's randomness failed; nothing sensible is left
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Receiver waits for one redirect.
type Receiver struct {
	State string
	ln    net.Listener
	srv   *http.Server
	once  sync.Once
	got   chan result
}

type result struct {
	code string
	err  error
}

// Listen opens a receiver on a random port of 127.0.0.1.
func Listen() (*Receiver, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("loopback: cannot listen for the sign-in answer: %w", err)
	}
	r := &Receiver{State: Random(16), ln: ln, got: make(chan result, 1)}
	mux := http.NewServeMux()
	mux.HandleFunc("/callback", r.handle)
	r.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go r.srv.Serve(ln)
	return r, nil
}

// RedirectURI is the address to register and send the browser back to.
func (r *Receiver) RedirectURI() string {
	return "http://" + r.ln.Addr().String() + "/callback"
}

func (r *Receiver) handle(w http.ResponseWriter, req *http.Request) {
	q := req.URL.Query()
	var res result
	switch {
	case q.Get("state") != r.State:
		http.Error(w, "This sign-in answer does not belong to Advocate's request.", http.StatusBadRequest)
		return // a stray or forged request does not use up the receiver
	case q.Get("error") != "":
		res.err = fmt.Errorf("loopback: the sign-in was refused: %s %s", q.Get("error"), q.Get("error_description"))
	case q.Get("code") == "":
		res.err = errors.New("loopback: the sign-in answer has no code")
	default:
		res.code = q.Get("code")
	}
	used := true
	r.once.Do(func() { used = false; r.got <- res })
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if used {
		w.WriteHeader(http.StatusGone)
		fmt.Fprint(w, "<p>This sign-in link was already used.</p>")
		return
	}
	msg := "You are signed in. You can close this window and return to Advocate."
	if res.err != nil {
		msg = "The sign-in did not complete: " + res.err.Error()
	}
	fmt.Fprintf(w, "<!doctype html><title>Advocate</title><p>%s</p>", html.EscapeString(msg))
}

// Wait returns the code, or an error when the sign-in was refused, ctx
// ends or timeout passes. The receiver closes either way.
func (r *Receiver) Wait(ctx context.Context, timeout time.Duration) (string, error) {
	defer r.Close()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case res := <-r.got:
		return res.code, res.err
	case <-ctx.Done():
		return "", errors.New("loopback: the sign-in was cancelled")
	case <-t.C:
		return "", fmt.Errorf("loopback: no answer from the browser within %s; try connecting again", timeout)
	}
}

// Close stops listening.
func (r *Receiver) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	return r.srv.Shutdown(ctx)
}
