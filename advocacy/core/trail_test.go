package core

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/audit"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/store"
)

// openWith opens a core on dir with secrets, as the app does.
func openWith(t *testing.T, dir string, secrets *memorySecrets) *Core {
	t.Helper()
	return openAt(t, dir, secrets, testNow)
}

// openAt is openWith with the clock at now.
func openAt(t *testing.T, dir string, secrets *memorySecrets, now time.Time) *Core {
	t.Helper()
	st, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Open(context.Background(), Config{Store: st, DataDir: dir, Secrets: secrets, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestTheKeyringAnchorCatchesATrailCutShort(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	secrets := &memorySecrets{m: map[string]string{}}
	c := openWith(t, dir, secrets)
	if err := c.checkTrail(ctx); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := c.Share(ctx, ShareRequest{Network: network.Mastodon, To: Destination{Kind: ToPractice}, Text: "Larkspur is hiring", Reason: "approved for the careers page", Again: true}); err != nil {
			t.Fatal(err)
		}
	}
	c.Close()
	anchored, _ := audit.ParseAnchor(secrets.m[TrailService+"/"+TrailAccount(dir)])
	if anchored.Seq < 7 {
		t.Fatalf("anchor %+v after 7 records", anchored)
	}

	// Someone with the database file removes the last records.
	st, _ := store.Open(ctx, dir)
	st.DB().ExecContext(ctx, "DELETE FROM audit WHERE seq > 2")
	if n, err := audit.Verify(ctx, st.DB()); err != nil || n != 2 {
		t.Fatalf("the chain alone: %d, %v", n, err)
	}
	st.Close()

	// A core that is closed before it checked leaves the anchor alone.
	openWith(t, dir, secrets).Close()
	c = openWith(t, dir, secrets)
	defer c.Close()
	err := c.checkTrail(ctx)
	var cut *audit.Truncated
	if !errors.As(err, &cut) || cut.Anchored != anchored.Seq || cut.Head != 2 {
		t.Fatalf("checkTrail: %v", err)
	}
	if e := Explain(trailProblem(err)); e.Trouble != TroubleTrailBroken {
		t.Fatalf("explained as %+v", e)
	}
	entries, _ := c.Activity(ctx, 5)
	if len(entries) == 0 || entries[0].Kind != KindTrailBroken || entries[0].Number("anchored_seq") != anchored.Seq {
		t.Fatalf("journal %+v", entries)
	}
	// Recorded and re-anchored: the next start is quiet.
	if err := c.checkTrail(ctx); err != nil {
		t.Fatalf("second check: %v", err)
	}
}

func TestANewDatabaseIsRecordedAsANewTrail(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	secrets := &memorySecrets{m: map[string]string{}}
	c := openWith(t, dir, secrets)
	c.checkTrail(ctx)
	c.Share(ctx, ShareRequest{Network: network.X, To: Destination{Kind: ToPractice}, Text: "Larkspur is hiring", Reason: "approved for the careers page", Again: true})
	c.Close()
	if err := os.Rename(filepath.Join(dir, store.FileName), filepath.Join(dir, "aside.db")); err != nil {
		t.Fatal(err)
	}
	c = openAt(t, dir, secrets, testNow.Add(time.Hour)) // its first record differs from the old one's
	defer c.Close()
	if err := c.checkTrail(ctx); err != nil {
		t.Fatalf("a fresh database is not a broken trail: %v", err)
	}
	entries, _ := c.Activity(ctx, 5)
	if len(entries) == 0 || entries[0].Kind != KindTrailReset || entries[0].Number("anchored_seq") < 3 {
		t.Fatalf("journal %+v", entries)
	}
}
