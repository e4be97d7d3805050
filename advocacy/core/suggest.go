package core

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/advocate-app/advocate/advocacy/store"
)

// SuggestionsChanged: a suggestion was queued, sent or refused. (Its value
// stands apart from the events of core.go so that the two lists can grow
// without meeting.)
const SuggestionsChanged Event = 100

// SuggestVia is how the bundle in force takes suggestions.
type SuggestVia int

// The ways suggestions go to the organisation.
const (
	// SuggestNowhere: the bundle names no suggestions endpoint.
	SuggestNowhere SuggestVia = iota
	// SuggestByPost: an https endpoint; suggestions are queued and sent.
	SuggestByPost
	// SuggestByMail: a mailto: address; the user's mail program sends it.
	SuggestByMail
)

// MaxSuggestionWhy caps the line on why, in characters.
const MaxSuggestionWhy = 500

// Errors of Suggest, to match with errors.Is.
var (
	ErrNoSuggestions  = errors.New("core: the organisation takes no suggestions")
	ErrSuggestionLink = errors.New("core: a suggestion needs an https link")
	ErrSuggestionWhy  = errors.New("core: a suggestion needs a line on why")
)

// SuggestTarget says how suggestions go now, and where: the endpoint or
// the mail address.
func (c *Core) SuggestTarget() (SuggestVia, string) {
	return suggestTarget(c.State().Bundle.Manifest.Suggestions)
}

func suggestTarget(s string) (SuggestVia, string) {
	s = strings.TrimSpace(s)
	if addr, ok := strings.CutPrefix(s, "mailto:"); ok && strings.Contains(addr, "@") {
		return SuggestByMail, addr
	}
	if checkSuggestEndpoint(s) == nil {
		return SuggestByPost, s
	}
	return SuggestNowhere, ""
}

// Suggestion is a post the user proposes: a link and a line on why.
type Suggestion struct {
	URL, Why, Title string
}

// Suggested is what became of a suggestion: queued to be sent (ID names
// it), or to be mailed by the user's mail program (Mail is the address).
type Suggested struct {
	Via  SuggestVia
	ID   int64
	Mail string
}

// Suggest proposes s to the organisation as the role in force. With an
// endpoint it is kept in the database and sent in the background (now,
// or once the endpoint can be reached), once; with a mail address nothing
// is kept and the caller opens MailtoLink. ErrNoSuggestions when the
// bundle names neither, ErrSuggestionLink or ErrSuggestionWhy when s is
// not a suggestion.
func (c *Core) Suggest(ctx context.Context, s Suggestion) (Suggested, error) {
	s.URL, s.Why, s.Title = strings.TrimSpace(s.URL), strings.TrimSpace(s.Why), strings.TrimSpace(s.Title)
	if u, err := url.Parse(s.URL); err != nil || u.Scheme != "https" || u.Hostname() == "" || u.User != nil {
		return Suggested{}, ErrSuggestionLink
	}
	if s.Why == "" || utf8.RuneCountInString(s.Why) > MaxSuggestionWhy {
		return Suggested{}, ErrSuggestionWhy
	}
	via, where := c.SuggestTarget()
	switch via {
	case SuggestByMail:
		return Suggested{Via: via, Mail: where}, nil
	case SuggestNowhere:
		return Suggested{}, ErrNoSuggestions
	}
	key := make([]byte, 16)
	rand.Read(key) // never fails (crypto/rand)
	id, err := c.st.AddSuggestion(ctx, store.Suggestion{Key: hex.EncodeToString(key), Endpoint: where,
		URL: s.URL, Why: s.Why, Title: s.Title, Role: c.State().Role, MadeAt: c.Now(), NextTry: c.Now()})
	if err != nil {
		return Suggested{}, err
	}
	c.emit(SuggestionsChanged)
	c.suggest.wake()
	return Suggested{Via: via, ID: id}, nil
}

// MailtoLink is the mailto: address that opens a message to addr with
// subject and body, percent-encoded as RFC 6068 asks.
func MailtoLink(addr, subject, body string) string {
	esc := func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
	return "mailto:" + url.PathEscape(addr) + "?subject=" + esc(subject) + "&body=" + esc(body)
}

// MadeSuggestion is a suggestion made here, with where it stands.
type MadeSuggestion = store.Suggestion

// Where a suggestion made here stands.
const (
	SuggestionQueued  = store.SuggestionQueued
	SuggestionSent    = store.SuggestionSent
	SuggestionRefused = store.SuggestionRefused
)

// Suggestions lists the last suggestions made here, newest first.
func (c *Core) Suggestions(ctx context.Context) ([]MadeSuggestion, error) {
	return c.st.Suggestions(ctx, 50)
}

// suggester serialises sending, so that a suggestion is never in flight
// twice, and wakes the loop when one is queued. Its zero value is ready.
type suggester struct {
	mu   sync.Mutex
	once sync.Once
	kick chan struct{}
}

func (s *suggester) kicks() chan struct{} {
	s.once.Do(func() { s.kick = make(chan struct{}, 1) })
	return s.kick
}

func (s *suggester) wake() {
	select {
	case s.kicks() <- struct{}{}:
	default:
	}
}

// SendSuggestions sends the queued suggestions that are due by the core's
// clock, oldest first, and returns how many the endpoint took and when
// the next queued one is due (zero for none). A suggestion is marked sent
// in the database as soon as the endpoint took it and is never sent
// again; its idempotency key lets the endpoint keep one copy should the
// answer have been lost. A failure keeps it queued, to be tried again as
// the endpoint asked (Retry-After) or with a growing wait.
func (c *Core) SendSuggestions(ctx context.Context) (int, time.Time, error) {
	c.suggest.mu.Lock()
	defer c.suggest.mu.Unlock()
	due, next, err := c.st.DueSuggestions(ctx, c.Now())
	if err != nil {
		return 0, time.Time{}, err
	}
	sent := 0
	var errs []error
	for _, sg := range due {
		err := postSuggestion(ctx, c.cfg.HTTP, sg)
		now := c.Now()
		switch {
		case err == nil:
			err = c.st.SuggestionSent(ctx, sg.ID, now)
			sent++
		default:
			state, retry := store.SuggestionQueued, suggestRetry(err, sg.Attempts, now)
			var refused *SuggestRefused
			if errors.As(err, &refused) || errors.Is(err, ErrSuggestEndpoint) {
				state, retry = store.SuggestionRefused, time.Time{}
			} else if next.IsZero() || retry.Before(next) {
				next = retry
			}
			errs = append(errs, err)
			err = c.st.SuggestionFailed(ctx, sg.ID, state, retry, err.Error())
		}
		if err != nil {
			errs = append(errs, err)
		}
		c.emit(SuggestionsChanged)
		if ctx.Err() != nil {
			break
		}
	}
	return sent, next, errors.Join(errs...)
}

// suggestBackoff is the wait after the n-th failure with no Retry-After:
// a minute, doubling, at most an hour.
func suggestBackoff(n int) time.Duration {
	d := time.Minute << min(n, 6)
	return min(d, time.Hour)
}

// suggestRetry is when to try again after err, the attempts-th failure
// before it.
func suggestRetry(err error, attempts int, now time.Time) time.Time {
	var later *SuggestLater
	if errors.As(err, &later) {
		return later.Resume(now, suggestBackoff(attempts))
	}
	return now.Add(suggestBackoff(attempts))
}

// suggestLoop sends queued suggestions when they are made and when they
// are due again, until ctx ends.
func (c *Core) suggestLoop(ctx context.Context) {
	for {
		_, next, err := c.SendSuggestions(ctx)
		if err != nil && ctx.Err() == nil {
			var unreachable *SuggestUnreachable
			if !errors.As(err, &unreachable) || !offline(err) {
				log.Printf("core: suggestions: %v", err)
			}
		}
		var due <-chan time.Time
		var t *time.Timer
		if !next.IsZero() {
			t = time.NewTimer(max(next.Sub(c.Now()), time.Second))
			due = t.C
		}
		select {
		case <-ctx.Done():
		case <-c.suggest.kicks():
		case <-due:
		}
		if t != nil {
			t.Stop()
		}
		if ctx.Err() != nil {
			return
		}
	}
}
