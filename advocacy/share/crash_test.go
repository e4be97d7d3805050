package share

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"testing"

	"github.com/advocate-app/advocate/advocacy/audit"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/store"
)

// accountNetwork names the test accounts' networks: Mastodon keeps
// idempotency keys, Bluesky shows recent posts, and the third stands for a
// network that offers neither.
var accountNetwork = map[int64]network.ID{1: "mastodon", 2: "bluesky", 3: "x"}

func TestMain(m *testing.M) {
	if os.Getenv("ADVOCATE_SHARE_CHILD") == "1" {
		os.Exit(crashChild())
	}
	os.Exit(m.Run())
}

// crashChild queues a share and sends it, killing itself with SIGKILL at
// the step named in ADVOCATE_CRASH_AT.
func crashChild() int {
	ctx := context.Background()
	st, err := store.Open(ctx, os.Getenv("ADVOCATE_DIR"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	crashAt := os.Getenv("ADVOCATE_CRASH_AT")
	die := func(step string) {
		if step == crashAt {
			killSelf()
		}
	}
	account, _ := strconv.ParseInt(os.Getenv("ADVOCATE_ACCOUNT"), 10, 64)
	id := accountNetwork[account]
	o := &Outbox{DB: st.DB()}
	if _, err := o.Enqueue(ctx, Share{Network: id, AccountID: account, Text: "crash test " + crashAt}, passing, "employee", ""); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	die("queued")
	w := &Worker{Outbox: o, Posters: posters{os.Getenv("ADVOCATE_SERVER"), http.DefaultClient}, Step: func(step string, _ Share) { die(step) }}
	if _, err := w.RunOnce(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// TestKilledAtEveryStep kills the process at each step of a share, against
// a loopback server, restarts, and checks that the share was posted exactly
// once, or is visibly unconfirmed — never lost, never doubled.
func TestKilledAtEveryStep(t *testing.T) {
	for _, account := range []int64{1, 2, 3} {
		for _, step := range []string{"queued", "claimed", "posted", "recorded"} {
			name := fmt.Sprintf("%s/%s", accountNetwork[account], step)
			t.Run(name, func(t *testing.T) {
				dir := t.TempDir()
				_, n, srv, st := setup(t, t.TempDir())
				st.Close()
				cmd := exec.Command(os.Args[0])
				cmd.Env = append(os.Environ(), "ADVOCATE_SHARE_CHILD=1", "ADVOCATE_DIR="+dir, "ADVOCATE_CRASH_AT="+step,
					"ADVOCATE_SERVER="+srv.URL, fmt.Sprint("ADVOCATE_ACCOUNT=", account))
				out, err := cmd.CombinedOutput()
				if err == nil || !killed(cmd.ProcessState) {
					t.Fatalf("the child was not killed at %s: %v\n%s", step, err, out)
				}
				before := n.count()

				// Restart: recover, then send what is due.
				ctx := context.Background()
				st2, err := store.Open(ctx, dir)
				if err != nil {
					t.Fatalf("the store does not open after the kill: %v", err)
				}
				defer st2.Close()
				o := &Outbox{DB: st2.DB()}
				w := &Worker{Outbox: o, Posters: posters{srv.URL, srv.Client()}}
				if _, err := w.Recover(ctx); err != nil {
					t.Fatal(err)
				}
				if _, err := w.RunOnce(ctx); err != nil {
					t.Fatal(err)
				}
				shares, _ := o.List(ctx, 10)
				if len(shares) != 1 {
					t.Fatalf("%d shares after the restart: lost or doubled", len(shares))
				}
				s := shares[0]
				posts := n.count()
				switch {
				case posts > 1:
					t.Fatalf("posted %d times", posts)
				case s.State == Posted && posts != 1:
					t.Fatalf("marked posted but the server has %d posts", posts)
				case s.State == Unconfirmed && account != 3:
					t.Fatal("left unconfirmed although the network can tell (idempotency key or recent posts)")
				case s.State != Posted && s.State != Unconfirmed:
					t.Fatalf("state %s after the restart", s.State)
				}
				if count, err := audit.Verify(ctx, st2.DB()); err != nil || count < 2 {
					t.Fatalf("trail after the kill: %d records, %v", count, err)
				}
				t.Logf("killed at %s: server had %d before restart, %d after; share %s", step, before, posts, s.State)
			})
		}
	}
}
