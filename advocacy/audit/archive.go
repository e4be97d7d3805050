package audit

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/advocate-app/advocate/advocacy/appinfo"
)

// Settings keys of the archive delivery: the last record the archive
// accepted, and when to try again after a failure.
const (
	settingArchived = "audit_archived_seq"
	settingRetry    = "audit_archive_retry"
	settingFailures = "audit_archive_failures"
)

// Archiver delivers the trail to the organisation's archive endpoint
// (HTTPS POST of JSON), in order, in batches. The trail is its own outbox:
// records stay in the database and only a cursor moves when the archive
// accepts them, so nothing is dropped, whatever fails.
type Archiver struct {
	DB       *sql.DB
	Endpoint string
	HTTP     *http.Client
	Now      func() time.Time
	Batch    int
}

// Batch is what one POST carries.
type Batch struct {
	Device  string   `json:"device_app"`
	First   int64    `json:"first_seq"`
	Last    int64    `json:"last_seq"`
	Records []Record `json:"records"`
}

func (a *Archiver) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

func (a *Archiver) setting(ctx context.Context, key string) string {
	var v string
	a.DB.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	return v
}

func (a *Archiver) set(ctx context.Context, key, value string) error {
	_, err := a.DB.ExecContext(ctx, "INSERT INTO settings(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value)
	return err
}

// Pending is how many records the archive has not accepted yet.
func (a *Archiver) Pending(ctx context.Context) (int, error) {
	done, _ := strconv.ParseInt(a.setting(ctx, settingArchived), 10, 64)
	var n int
	err := a.DB.QueryRowContext(ctx, "SELECT count(*) FROM audit WHERE seq > ?", done).Scan(&n)
	return n, err
}

// DeliverOnce sends what the archive has not accepted yet, unless a
// failure asked to wait; it returns how many records were accepted.
func (a *Archiver) DeliverOnce(ctx context.Context) (int, error) {
	u, err := url.Parse(a.Endpoint)
	if err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && (u.Hostname() == "127.0.0.1" || u.Hostname() == "localhost"))) {
		return 0, fmt.Errorf("audit: the archive address %q is not an https address", a.Endpoint)
	}
	if retry, err := time.Parse(time.RFC3339Nano, a.setting(ctx, settingRetry)); err == nil && a.now().Before(retry) {
		return 0, nil
	}
	batch := a.Batch
	if batch <= 0 {
		batch = 200
	}
	sent := 0
	for {
		done, _ := strconv.ParseInt(a.setting(ctx, settingArchived), 10, 64)
		recs, err := Records(ctx, a.DB, done+1, batch)
		if err != nil || len(recs) == 0 {
			return sent, err
		}
		if err := a.post(ctx, Batch{Device: appinfo.ID, First: recs[0].Seq, Last: recs[len(recs)-1].Seq, Records: recs}); err != nil {
			failures, _ := strconv.Atoi(a.setting(ctx, settingFailures))
			failures++
			wait := time.Minute << min(failures-1, 6)
			a.set(ctx, settingFailures, strconv.Itoa(failures))
			a.set(ctx, settingRetry, a.now().Add(min(wait, time.Hour)).Format(time.RFC3339Nano))
			return sent, err
		}
		if err := a.set(ctx, settingArchived, strconv.FormatInt(recs[len(recs)-1].Seq, 10)); err != nil {
			return sent, err
		}
		a.set(ctx, settingFailures, "0")
		a.set(ctx, settingRetry, "")
		sent += len(recs)
		if len(recs) < batch {
			return sent, nil
		}
	}
}

func (a *Archiver) post(ctx context.Context, b Batch) error {
	data, err := json.Marshal(b)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.Endpoint, bytes.NewReader(data))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", appinfo.Name+"/"+appinfo.Version)
	hc := a.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("audit: the archive could not be reached: %v", unwrap(err))
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("audit: the archive answered %s; the records wait and are sent again", resp.Status)
	}
	return nil
}

func unwrap(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
