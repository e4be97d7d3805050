package core

import (
	"context"
	"errors"
	"log"
	"time"

	"github.com/advocate-app/advocate/advocacy/managed"
	"github.com/advocate-app/advocate/advocacy/metrics"
)

// Settings keys of the weekly aggregates, kept in the store's settings:
// the per-install identifier, the user's agreement ("on"/"off"), the
// Monday of the last week sent ("2026-11-23"), and when to try again
// after a failure.
const (
	SettingMetricsInstall = "metrics.install"
	SettingMetricsAgree   = "metrics.agree"
	SettingMetricsSent    = "metrics.sent_week"
	settingMetricsRetry   = "metrics.retry"
)

// metricsBacklog is how many complete weeks the desktop catches up on
// after it has been off; older weeks are never sent.
const metricsBacklog = 4

// metricsEvery is how often the loop looks whether a week is due; sending
// is once a week, whatever the loop does.
const metricsEvery = time.Hour

// MetricsStatus is where the weekly aggregates stand, for Settings.
type MetricsStatus struct {
	// Endpoint is where the bundle in force sends them; empty for none.
	Endpoint string
	// Agreed says whether they are sent; Source says who decided
	// (managed, user, recommended or default: off).
	Agreed bool
	Source managed.Source
	// Locked is set when the organisation enforces the choice.
	Locked bool
	// Install is the per-install identifier sent with them.
	Install string
	// LastSent is the Monday of the last week sent; zero for none.
	LastSent time.Time
}

// MetricsStatus says where the weekly aggregates stand.
func (c *Core) MetricsStatus() MetricsStatus {
	s := MetricsStatus{Endpoint: c.State().Bundle.Manifest.MetricsEndpoint(), Install: c.metricsInstall(), Locked: c.Locked(managed.Metrics)}
	s.Agreed, s.Source = c.metricsAgreed()
	s.LastSent, _ = time.Parse(time.DateOnly, c.Setting(SettingMetricsSent, ""))
	return s
}

// metricsAgreed is the effective choice: enforced, else the user's,
// else recommended, else off.
func (c *Core) metricsAgreed() (bool, managed.Source) {
	v := c.Effective()[managed.Metrics]
	on, _ := v.Value.(bool)
	return on, v.From
}

// SetMetricsAgreed keeps the user's choice; ErrSetByOrganisation when the
// organisation enforces it. Agreeing sends from the last complete week
// on: weeks before the agreement are never sent.
func (c *Core) SetMetricsAgreed(on bool) error {
	if c.Locked(managed.Metrics) {
		return ErrSetByOrganisation
	}
	if on {
		c.startMetricsAt(metrics.WeekStart(c.Now()).AddDate(0, 0, -7))
		c.SetSetting(SettingMetricsAgree, "on")
	} else {
		c.SetSetting(SettingMetricsAgree, "off")
	}
	c.emit(StateChanged)
	return nil
}

// startMetricsAt marks the weeks before first as not to be sent.
func (c *Core) startMetricsAt(first time.Time) {
	sent, err := time.Parse(time.DateOnly, c.Setting(SettingMetricsSent, ""))
	if before := first.AddDate(0, 0, -7); err != nil || sent.Before(before) {
		c.SetSetting(SettingMetricsSent, before.Format(time.DateOnly))
	}
}

// metricsInstall is the per-install identifier, made on first use.
func (c *Core) metricsInstall() string {
	id := c.Setting(SettingMetricsInstall, "")
	if metrics.ValidInstallID(id) {
		return id
	}
	c.settings.mu.Lock() // two callers must not make two identifiers
	defer c.settings.mu.Unlock()
	if v := c.settings.values[SettingMetricsInstall]; metrics.ValidInstallID(v) {
		return v
	}
	id = metrics.NewInstallID()
	c.settings.values[SettingMetricsInstall] = id
	c.settings.dirty[SettingMetricsInstall] = id
	select {
	case c.settings.kick <- struct{}{}:
	default:
	}
	return id
}

// ResetMetricsInstall replaces the per-install identifier with a new
// random one, so that the weeks sent from now on cannot be tied to those
// sent before; it returns the new one.
func (c *Core) ResetMetricsInstall() string {
	id := metrics.NewInstallID()
	c.SetSetting(SettingMetricsInstall, id)
	c.emit(StateChanged)
	return id
}

// MetricsPreview is the aggregate that would be sent next, for Settings to
// show before it is sent.
type MetricsPreview struct {
	// Week is its Monday; Complete is false for the week under way (the
	// last complete week was sent already), whose figures still grow.
	Week     time.Time
	Complete bool
	// JSON is exactly what is POSTed (metrics.Aggregate.Encode).
	JSON []byte
}

// MetricsPreview makes the aggregate that would be sent next.
func (c *Core) MetricsPreview(ctx context.Context) (MetricsPreview, error) {
	week, complete := c.nextMetricsWeek()
	a, err := metrics.Collect(ctx, c.st.DB(), c.metricsInstall(), week)
	if err != nil {
		return MetricsPreview{}, err
	}
	return MetricsPreview{Week: week, Complete: complete, JSON: a.Encode()}, nil
}

// nextMetricsWeek is the first complete week not sent yet, or else the
// week under way.
func (c *Core) nextMetricsWeek() (time.Time, bool) {
	weeks := c.dueMetricsWeeks()
	if len(weeks) > 0 {
		return weeks[0], true
	}
	return metrics.WeekStart(c.Now()), false
}

// dueMetricsWeeks are the complete weeks to send, oldest first: those
// after the last sent, up to metricsBacklog of them.
func (c *Core) dueMetricsWeeks() []time.Time {
	last := metrics.WeekStart(c.Now()).AddDate(0, 0, -7)
	first := last
	if sent, err := time.Parse(time.DateOnly, c.Setting(SettingMetricsSent, "")); err == nil {
		first = sent.AddDate(0, 0, 7)
	}
	if oldest := last.AddDate(0, 0, -7*(metricsBacklog-1)); first.Before(oldest) {
		first = oldest
	}
	var out []time.Time
	for w := first; !w.After(last); w = w.AddDate(0, 0, 7) {
		out = append(out, w)
	}
	return out
}

// sendMetrics sends the complete weeks not sent yet, when the bundle names
// an endpoint and the user or the organisation agreed, unless an earlier
// failure asked to wait; it returns how many weeks went. A week goes once:
// it is marked sent, in the database, as soon as the endpoint took it,
// and its idempotency key lets the endpoint keep one copy should the
// answer have been lost.
func (c *Core) sendMetrics(ctx context.Context) (int, error) {
	s := c.MetricsStatus()
	if s.Endpoint == "" || !s.Agreed {
		return 0, nil
	}
	now := c.Now()
	if retry, err := time.Parse(time.RFC3339, c.Setting(settingMetricsRetry, "")); err == nil && now.Before(retry) {
		return 0, nil
	}
	if _, err := time.Parse(time.DateOnly, c.Setting(SettingMetricsSent, "")); err != nil {
		c.startMetricsAt(metrics.WeekStart(now).AddDate(0, 0, -7)) // agreed by the organisation, never asked
	}
	sender := &metrics.Sender{Endpoint: s.Endpoint, HTTP: c.cfg.HTTP}
	n := 0
	for _, week := range c.dueMetricsWeeks() {
		a, err := metrics.Collect(ctx, c.st.DB(), s.Install, week)
		if err != nil {
			return n, err
		}
		if err := sender.Send(ctx, a); err != nil {
			c.SetSetting(settingMetricsRetry, metricsRetry(err, now).UTC().Format(time.RFC3339))
			return n, err
		}
		sent := week.Format(time.DateOnly)
		if err := c.st.SetSetting(ctx, SettingMetricsSent, sent); err != nil {
			return n, err
		}
		c.settings.remember(SettingMetricsSent, sent)
		n++
	}
	c.SetSetting(settingMetricsRetry, "")
	return n, nil
}

// metricsRetry is when to try again after err: as the endpoint asked, in
// a quarter of an hour when it could not be reached, in a day when it
// refused.
func metricsRetry(err error, now time.Time) time.Time {
	var later *metrics.Later
	var refused *metrics.Refused
	switch {
	case errors.As(err, &later):
		return later.Resume(now, time.Hour)
	case errors.As(err, &refused), errors.Is(err, metrics.ErrNotHTTPS):
		return now.Add(24 * time.Hour)
	}
	return now.Add(15 * time.Minute)
}

// metricsLoop sends the weekly aggregates when they are due, until ctx
// ends.
func (c *Core) metricsLoop(ctx context.Context) {
	for {
		if _, err := c.sendMetrics(ctx); err != nil && ctx.Err() == nil {
			var unreachable *metrics.Unreachable
			if !errors.As(err, &unreachable) || !offline(err) {
				log.Printf("core: %v", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(metricsEvery):
		}
	}
}
