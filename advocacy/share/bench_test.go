package share

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"
)

// BenchmarkDrain10000 queues 10,000 shares and drains them against a
// loopback Mastodon-style server. Meanwhile it queues more shares, as the
// UI does, and reports how long the slowest of those waited: the worker
// holds the database only a transaction at a time.
func BenchmarkDrain10000(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		o, n, srv, _ := setup(b, b.TempDir())
		for i := range 10000 {
			if _, err := o.Enqueue(ctx, Share{Network: "mastodon", AccountID: 1, Text: fmt.Sprint("share ", i)}, passing, "employee", ""); err != nil {
				b.Fatal(err)
			}
		}
		w := &Worker{Outbox: o, Posters: posters{srv.URL, srv.Client()}}
		b.StartTimer()
		start := time.Now()
		done := make(chan int)
		go func() {
			sent, err := w.RunOnce(ctx)
			if err != nil {
				b.Error(err)
			}
			done <- sent
		}()
		var waits []time.Duration
		for i := 0; ; i++ {
			select {
			case sent := <-done:
				elapsed := time.Since(start)
				b.StopTimer()
				if sent != 10000 || n.count() != 10000 {
					b.Fatalf("sent %d, server has %d", sent, n.count())
				}
				sort.Slice(waits, func(i, j int) bool { return waits[i] < waits[j] })
				b.ReportMetric(10000/elapsed.Seconds(), "shares/s")
				if len(waits) > 0 {
					b.ReportMetric(float64(waits[len(waits)*99/100].Microseconds()), "enqueue-p99-µs")
					b.ReportMetric(float64(waits[len(waits)-1].Microseconds()), "enqueue-max-µs")
				}
				b.StartTimer()
				goto next
			default:
			}
			t0 := time.Now()
			if _, err := o.Enqueue(ctx, Share{Network: "practice", Text: fmt.Sprint("ui ", i), NextAttempt: time.Now().Add(time.Hour)}, passing, "employee", ""); err != nil {
				b.Fatal(err)
			}
			waits = append(waits, time.Since(t0))
			time.Sleep(5 * time.Millisecond)
		}
	next:
	}
}
