package audit

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestArchiveDeliveryRetriesAndNeverDrops(t *testing.T) {
	ctx := context.Background()
	st := trail(t, 450)
	var mu sync.Mutex
	var got []int64
	fails := 2
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if fails > 0 {
			fails--
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		var b Batch
		if err := json.NewDecoder(r.Body).Decode(&b); err != nil || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("batch: %v", err)
		}
		for _, rec := range b.Records {
			got = append(got, rec.Seq)
		}
	}))
	defer srv.Close()
	clock := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	a := &Archiver{DB: st.DB(), Endpoint: srv.URL, Now: func() time.Time { return clock }}
	if n, err := a.DeliverOnce(ctx); err == nil || n != 0 || !strings.Contains(err.Error(), "503") {
		t.Fatalf("first try: %d %v", n, err)
	}
	if n, err := a.DeliverOnce(ctx); err != nil || n != 0 {
		t.Fatalf("within the back-off it must wait: %d %v", n, err)
	}
	clock = clock.Add(time.Minute)
	if _, err := a.DeliverOnce(ctx); err == nil {
		t.Fatal("the second failure was not reported")
	}
	clock = clock.Add(90 * time.Second)
	if n, _ := a.DeliverOnce(ctx); n != 0 {
		t.Fatal("the back-off did not double")
	}
	clock = clock.Add(time.Minute)
	if n, err := a.DeliverOnce(ctx); err != nil || n != 450 {
		t.Fatalf("delivery: %d %v", n, err)
	}
	for i, seq := range got {
		if seq != int64(i+1) {
			t.Fatalf("record %d arrived as %d: out of order or duplicated", i+1, seq)
		}
	}
	if p, _ := a.Pending(ctx); p != 0 {
		t.Fatalf("%d pending", p)
	}
	srv.Close()
	tx, _ := st.DB().BeginTx(ctx, nil)
	Append(ctx, tx, clock, "share.posted", map[string]int{"share": 999})
	tx.Commit()
	if _, err := a.DeliverOnce(ctx); err == nil {
		t.Fatal("a stopped archive was not reported")
	}
	if p, _ := a.Pending(ctx); p != 1 {
		t.Fatalf("the undelivered record is not pending: %d", p)
	}
	a.Endpoint = "ftp://archive.example/"
	if _, err := a.DeliverOnce(ctx); err == nil {
		t.Fatal("a non-https archive was accepted")
	}
}
