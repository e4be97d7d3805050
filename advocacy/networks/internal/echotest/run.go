package echotest

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
)

// Echo is the switch a test server holds: while it is on, requests (to
// the paths it names, or to every path) are answered by Answer, and the
// last one's secrets and answer are kept for Check.
type Echo struct {
	mu     sync.Mutex
	status int
	shape  string
	paths  map[string]bool
	sent   []string
	body   []byte
}

// set turns the echo on with status and shape for paths (nil: every
// path), forgetting the last request.
func (e *Echo) set(status int, shape string, paths map[string]bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.status, e.shape, e.paths, e.sent, e.body = status, shape, paths, nil, nil
}

// last returns the secrets the last echoed request carried and the body
// it was answered with.
func (e *Echo) last() ([]string, []byte) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.sent, e.body
}

// Serve answers r with the echo when it is on for r's path, and reports
// whether it did; a server calls it first and handles r itself otherwise.
func (e *Echo) Serve(w http.ResponseWriter, r *http.Request) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.status == 0 || (e.paths != nil && !e.paths[r.URL.Path]) {
		return false
	}
	e.sent, e.body = Answer(w, r, e.status, e.shape)
	return true
}

// Call is one client call an echo test makes.
type Call struct {
	Name string
	// Paths, when set, are the only paths echoed during the call.
	Paths map[string]bool
	Do    func() error
}

// Run makes each call with e echoing every status in Statuses in every
// shape in Shapes, checks each error with Check against the secrets sent
// and known, and then hands it to more, when set, for the network's own
// checks.
func Run(t *testing.T, e *Echo, calls []Call, known []string, more func(what string, c Call, status int, err error, sent []string)) {
	t.Helper()
	for _, status := range Statuses {
		for _, shape := range Shapes {
			for _, c := range calls {
				e.set(status, shape, c.Paths)
				err := c.Do()
				sent, body := e.last()
				what := fmt.Sprintf("%s %d %s", c.Name, status, shape)
				Check(t, what, err, body, sent, known)
				if more != nil {
					more(what, c, status, err, sent)
				}
			}
		}
	}
	e.set(0, "", nil)
}
