package core

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/advocate-app/advocate/advocacy/audit"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/networks/intent"
	"github.com/advocate-app/advocate/advocacy/policy"
	"github.com/advocate-app/advocate/advocacy/share"
	"github.com/advocate-app/advocate/advocacy/store"
)

// DestKind says where a share goes.
type DestKind int

// Where a post can go from Compose.
const (
	// ToAccount posts through one of the user's connected accounts.
	ToAccount DestKind = iota + 1
	// ToPractice records it on the practice account, in Advocate only.
	ToPractice
	// ToBrowser opens the network's own share page in the browser.
	ToBrowser
)

// Destination is where one share goes.
type Destination struct {
	Kind DestKind
	// AccountID names the account, for ToAccount.
	AccountID int64
}

// Errors a share can be refused with.
var (
	ErrEmpty        = errors.New("core: the post is empty")
	ErrBlocked      = errors.New("core: the policy check blocks this post")
	ErrReasonNeeded = errors.New("core: a reason is needed to share despite the warnings")
	ErrNotChecked   = errors.New("core: the post could not be checked against the policy, so it cannot be shared")
	ErrDestination  = errors.New("core: unknown destination")
	ErrNotForRole   = errors.New("core: this share's approved item is not meant for your role")
)

// ShareRequest is one post on one network, as the user approved it.
type ShareRequest struct {
	Network network.ID
	To      Destination
	Text    string
	// Reason is why the user shares despite warnings.
	Reason string
	// At schedules it; zero means now.
	At                  time.Time
	ContentID, Campaign string
	Locked              []string
	// Again says the user confirmed sharing it although the same place
	// had the same text within a day (a *RepeatError).
	Again bool
}

// RepeatError says the same account (or the practice account) on the
// same network had the same text, or nearly, within a day: on a network
// that is a duplicate post. Share it with Again set once the user agrees.
type RepeatError struct{ Of share.Share }

func (e *RepeatError) Error() string {
	return fmt.Sprintf("core: share %d, at %s, already has this text", e.Of.ID, e.Of.Created.Format(time.RFC3339))
}

// Share checks the post against the policy in force (at its scheduled
// time) and writes it, with that check, to the outbox; the worker sends
// it. A blocked post is refused, a warned one needs a reason. It writes to
// the database: call it off the interface's goroutine.
func (c *Core) Share(ctx context.Context, req ShareRequest) (share.Share, error) {
	st := c.State()
	check, err := c.checkShare(st, req)
	if err != nil {
		return share.Share{}, err
	}
	var account int64
	switch req.To.Kind {
	case ToAccount:
		account = req.To.AccountID
	case ToPractice:
	default:
		return share.Share{}, ErrDestination
	}
	if !req.Again {
		prev, found, err := c.outbox.RepeatOf(ctx, req.Network, account, req.Text, c.Now().Add(-share.DuplicateWindow))
		if err != nil {
			return share.Share{}, err
		}
		if found {
			return share.Share{}, &RepeatError{Of: prev}
		}
	}
	item := share.Share{
		Network: req.Network, AccountID: account, Text: req.Text, Scheduled: req.At,
		ContentID: req.ContentID, Campaign: req.Campaign,
		PolicyVersion: st.Policy().About.Version, BundleVersion: st.Bundle.Manifest.Version,
	}
	sh, err := c.outbox.Enqueue(ctx, item, check, st.Role, req.Reason)
	if err != nil {
		return sh, err
	}
	c.worker.Wake()
	c.emit(SharesChanged)
	return sh, nil
}

func (c *Core) checkShare(st *State, req ShareRequest) (policy.Result, error) {
	if strings.TrimSpace(req.Text) == "" {
		return policy.Result{}, ErrEmpty
	}
	if st.Engine == nil {
		return policy.Result{}, ErrNotChecked
	}
	at := req.At
	if at.IsZero() {
		at = c.Now()
	}
	res, err := st.Engine.Check(policy.Input{Text: req.Text, Role: st.Role, Network: req.Network, At: at, Locked: req.Locked})
	switch {
	case err != nil:
		return res, fmt.Errorf("%w: %w", ErrNotChecked, err)
	case res.Verdict == policy.Blocked:
		return res, ErrBlocked
	case res.Verdict == policy.WarnOnly && len(strings.TrimSpace(req.Reason)) < 5:
		return res, ErrReasonNeeded
	}
	return res, nil
}

// BrowserShare checks the post like Share and returns the address of the
// network's own share page for it (on instance, for Mastodon). LinkedIn's
// page takes only link, the post's first. It only computes.
func (c *Core) BrowserShare(req ShareRequest, link, instance string) (string, error) {
	if _, err := c.checkShare(c.State(), req); err != nil {
		return "", err
	}
	return intent.URL(req.Network, req.Text, link, instance)
}

// NoteBrowserShare records on the audit trail that the user shared req
// through the network's page in the browser, with the check that let it
// go and the reason given for overriding its warnings.
func (c *Core) NoteBrowserShare(ctx context.Context, req ShareRequest) error {
	st := c.State()
	check, err := c.checkShare(st, req)
	if err != nil {
		return err
	}
	rec := c.outbox.CheckRecord(share.Share{Network: req.Network, PolicyVersion: st.Policy().About.Version,
		BundleVersion: st.Bundle.Manifest.Version}, check, st.Role, req.Reason)
	return c.outbox.Note(ctx, share.KindBrowser, map[string]any{"network": req.Network, "text": req.Text, "check": rec})
}

// Shares lists the most recent shares, newest first.
func (c *Core) Shares(ctx context.Context, limit int) ([]share.Share, error) {
	return c.outbox.List(ctx, limit)
}

// Withdraw cancels a share that has not gone yet.
func (c *Core) Withdraw(ctx context.Context, id int64) error {
	if err := c.outbox.Cancel(ctx, id); err != nil {
		return err
	}
	c.emit(SharesChanged)
	return nil
}

// Retry checks a share the network refused, or whose outcome is unknown,
// against the policy in force and queues it again. A share held when the
// user left stays held (ErrNotForRole) while its item is not meant for
// the user's role.
func (c *Core) Retry(ctx context.Context, sh share.Share) error {
	st := c.State()
	if st.Engine == nil {
		return ErrNoPolicy
	}
	if sh.Why == share.WhyNotForRole && !mayShare(st.Bundle, st.Role, sh.ContentID) {
		return ErrNotForRole
	}
	res, err := st.Engine.Check(policy.Input{Text: sh.Text, Role: st.Role, Network: sh.Network, At: c.Now()})
	if err != nil {
		return err
	}
	if err := c.outbox.Retry(ctx, sh.ID, res, st.Role); err != nil {
		return err
	}
	c.worker.Wake()
	c.emit(SharesChanged)
	return nil
}

// Impact sums up the user's posted shares over the last weeks.
func (c *Core) Impact(ctx context.Context, weeks int) (share.Impact, error) {
	return c.outbox.Impact(ctx, weeks)
}

// ExportAudit writes the audit trail to w, as CSV or JSON lines, and
// returns how many records it wrote.
func (c *Core) ExportAudit(ctx context.Context, w io.Writer, asCSV bool) (int, error) {
	if asCSV {
		return audit.ExportCSV(ctx, c.st.DB(), w)
	}
	return audit.ExportJSONL(ctx, c.st.DB(), w)
}

// Activity is one line of the user's activity log.
type Activity = store.Activity
