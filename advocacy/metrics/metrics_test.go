package metrics

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestWeeksAreISOWeeksInUTC(t *testing.T) {
	sunday := time.Date(2026, 11, 22, 23, 30, 0, 0, time.FixedZone("UTC-5", -5*3600)) // Monday 04:30 UTC
	if got := WeekStart(sunday); !got.Equal(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)) || WeekName(got) != "2026-W48" {
		t.Fatalf("week of %v: %v %s", sunday, got, WeekName(got))
	}
	if _, err := ParseWeekStart("2026-11-24"); err == nil {
		t.Fatal("a Tuesday taken as a week's start")
	}
}

func TestCheckRefusesWhatIsNotAnAggregate(t *testing.T) {
	good := Aggregate{Format: 1, Install: NewInstallID(), Week: "2026-W48", WeekStart: "2026-11-23",
		Rows: []Row{{Network: "mastodon", Shares: 2, Measured: 1, Reactions: 3}}}
	if err := good.Check(); err != nil {
		t.Fatal(err)
	}
	bad := []func(*Aggregate){
		func(a *Aggregate) { a.Format = 2 },
		func(a *Aggregate) { a.Install = "me@example.com" },
		func(a *Aggregate) { a.WeekStart = "2026-11-24" },
		func(a *Aggregate) { a.Week = "2026-W47" },
		func(a *Aggregate) { a.Rows = []Row{{Network: "myspace", Shares: 1}} },
		func(a *Aggregate) { a.Rows = []Row{{Network: "x", Shares: 1, Measured: 2}} },
		func(a *Aggregate) { a.Rows = []Row{{Network: "x", Shares: 1, Reactions: -1}} },
	}
	for i, spoil := range bad {
		a := good
		spoil(&a)
		if err := a.Check(); !errors.Is(err, ErrNotAggregate) {
			t.Errorf("case %d: %v", i, err)
		}
	}
	// The same install and week, counted again later, keep the key.
	recounted := Aggregate{Install: good.Install, WeekStart: good.WeekStart}
	if good.Key() != recounted.Key() || good.Key() == (Aggregate{Install: good.Install, WeekStart: "2026-11-30"}).Key() {
		t.Fatal("the idempotency key is not one per install and week")
	}
}

func TestSenderClassifiesTheAnswers(t *testing.T) {
	status, retry := 0, ""
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if retry != "" {
			w.Header().Set("Retry-After", retry)
		}
		w.WriteHeader(status)
	}))
	defer srv.Close()
	a := Aggregate{Format: 1, Install: NewInstallID(), WeekStart: "2026-11-23"}
	s := &Sender{Endpoint: srv.URL}
	ctx := context.Background()
	for _, st := range []int{200, 202, 204, 409} {
		status = st
		if err := s.Send(ctx, a); err != nil {
			t.Errorf("%d: %v", st, err)
		}
	}
	status, retry = 503, "Wed, 02 Dec 2026 15:00:00 GMT"
	var later *Later
	if err := s.Send(ctx, a); !errors.As(err, &later) || !later.Until.Equal(time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC)) {
		t.Errorf("503 with a date: %v", err)
	}
	status, retry = 400, ""
	var refused *Refused
	if err := s.Send(ctx, a); !errors.As(err, &refused) || refused.Status != 400 {
		t.Errorf("400: %v", err)
	}
	for _, e := range []string{"http://metrics.example.com/", "ftp://x/", "metrics"} {
		if err := (&Sender{Endpoint: e}).Send(ctx, a); !errors.Is(err, ErrNotHTTPS) {
			t.Errorf("%s: %v", e, err)
		}
	}
	srv.Close()
	var unreachable *Unreachable
	if err := s.Send(ctx, a); !errors.As(err, &unreachable) {
		t.Errorf("closed: %v", err)
	}
}
