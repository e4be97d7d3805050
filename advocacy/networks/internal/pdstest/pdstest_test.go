package pdstest

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// listening returns the local addresses (hex, as in /proc/net/tcp and
// tcp6) of the sockets listening on port.
func listening(t *testing.T, port string) []string {
	t.Helper()
	n, err := strconv.Atoi(port)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf(":%04X", n)
	var out []string
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		f, err := os.Open(table)
		if err != nil {
			t.Skipf("no %s: %v", table, err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) > 3 && fields[3] == "0A" && strings.HasSuffix(fields[1], want) { // 0A: LISTEN
				out = append(out, strings.TrimSuffix(fields[1], want))
			}
		}
		f.Close()
	}
	return out
}

// TestStartAndStop starts a PDS of its own: it listens on 127.0.0.1 only
// and answers its health check; stopped, its process is gone, its port
// closed and its TMPDIR removed.
func TestStartAndStop(t *testing.T) {
	began := time.Now()
	s := Start(t)
	t.Logf("started in %v", time.Since(began).Round(time.Millisecond))
	u, err := url.Parse(s.URL)
	if err != nil || u.Hostname() != "127.0.0.1" {
		t.Fatalf("url %q", s.URL)
	}
	resp, err := http.Get(s.URL + "/xrpc/_health")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("health: %d", resp.StatusCode)
	}
	// Listening on 127.0.0.1 alone, as the kernel's socket table says.
	if got := listening(t, u.Port()); len(got) != 1 || got[0] != "0100007F" {
		t.Errorf("port %s is listened on at %v (hex, as /proc/net/tcp* has it), want only 127.0.0.1", u.Port(), got)
	}
	began = time.Now()
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	t.Logf("stopped in %v", time.Since(began).Round(time.Millisecond))
	select {
	case <-s.Exited():
	default:
		t.Fatal("Stop returned before the process exited")
	}
	if _, err := os.Stat(s.tmp); !os.IsNotExist(err) {
		t.Errorf("its TMPDIR is still there: %v", err)
	}
	if c, err := net.Dial("tcp", u.Host); err == nil {
		c.Close()
		t.Error("its port still answers")
	}
	if err := s.Stop(); err != nil {
		t.Errorf("a second Stop: %v", err)
	}
}
