package ui

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/advocate-app/advocate/internal/demotest"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/store"
)

// useSuggestionsBundle puts in force a signed copy of the demo bundle
// whose manifest sends suggestions to endpoint.
func useSuggestionsBundle(t *testing.T, c *core.Core, endpoint string) {
	t.Helper()
	dir, key := demotest.Bundle(t, func(m map[string]any) { m["suggestions"] = endpoint })
	if _, err := c.LoadBundle(context.Background(), dir, key); err != nil {
		t.Fatal(err)
	}
}

// TestSuggestAPostByMail opens "Suggest a post" from the Content screen's
// button in the demo, which takes suggestions by mail: the mail program
// is handed a message to the demo's address with the link and the why.
func TestSuggestAPostByMail(t *testing.T) {
	sh, w := newTestShell(t)
	var opened *url.URL
	sh.s.openURL = func(u *url.URL) error { opened = u; return nil }
	button := findButton(w.Content(), "Suggest a post")
	if button == nil {
		t.Fatal("no Suggest a post button on the Content screen")
	}
	test.Tap(button)
	d := sh.content.suggest
	if d.dialog == nil || findButton(d.send, "Write the e-mail") == nil {
		t.Fatal("the dialog does not offer to write the e-mail")
	}
	if w.Canvas().Focused() != d.link {
		t.Fatal("the link does not have the focus")
	}
	test.Type(d.link, "https://news.example/atlas-review")
	test.Tap(d.send)
	if opened != nil || d.status.Text != "Say in a line (at most 500 characters) why it is worth sharing." {
		t.Fatalf("with no why: opened %v, status %q", opened, d.status.Text)
	}
	test.Type(d.why, "A fair review & worth reading.")
	test.Tap(d.send)
	if opened == nil || opened.Scheme != "mailto" || opened.Opaque != "advocacy@larkspur.example" {
		t.Fatalf("opened %v", opened)
	}
	q := opened.Query()
	if q.Get("subject") != "Suggested post: https://news.example/atlas-review" ||
		!strings.Contains(q.Get("body"), "https://news.example/atlas-review") || !strings.Contains(q.Get("body"), "A fair review & worth reading.") {
		t.Fatalf("message %q / %q", q.Get("subject"), q.Get("body"))
	}
	if d.status.Text != "Your mail program has the message: send it from there." {
		t.Fatalf("status %q", d.status.Text)
	}
	if list, _ := sh.s.core.Suggestions(context.Background()); len(list) != 0 {
		t.Fatalf("a mailed suggestion was queued: %+v", list)
	}
}

// suggestClock is a clock the test moves.
type suggestClock struct {
	mu  sync.Mutex
	now time.Time
}

func (k *suggestClock) Now() time.Time {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.now
}

func (k *suggestClock) add(d time.Duration) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.now = k.now.Add(d)
}

// TestSuggestAPostQueuesItAndSaysWhenItWasSent opens the dialog with the
// window's shortcut while the organisation's endpoint is down: the
// suggestion is queued, the dialog says so and that it waits, and once
// the endpoint is up it says when it was sent; the endpoint took it once.
func TestSuggestAPostQueuesItAndSaysWhenItWasSent(t *testing.T) {
	setUpTests()
	var mu sync.Mutex
	up, took := false, 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		mu.Lock()
		defer mu.Unlock()
		if !up {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		took++
		w.WriteHeader(http.StatusCreated)
	}))
	t.Cleanup(srv.Close)
	clock := &suggestClock{now: testNow}
	dir := t.TempDir()
	st, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := core.Open(context.Background(), core.Config{Store: st, DataDir: dir, Now: clock.Now, Secrets: &memSecrets{m: map[string]string{}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	useSuggestionsBundle(t, c, srv.URL+"/suggestions")
	a := test.NewTempApp(t)
	w := a.NewWindow("Advocate")
	w.Resize(fyne.NewSize(1120, 720))
	sh := newShell(a, w, c)
	sh.buildAll()

	w.SetMainMenu(sh.mainMenu())
	sh.tabs.SelectIndex(screenNews)
	suggest := menuItemFor(t, w, &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift})
	if suggest.Label != "Suggest a post" {
		t.Fatalf("Ctrl+Shift+S is %q in the menu", suggest.Label)
	}
	suggest.Action()
	d := sh.content.suggest
	if sh.tabs.Selected().Text != tabContent || d.dialog == nil || findButton(d.send, "Send the suggestion") == nil {
		t.Fatal("Ctrl+Shift+S did not show Content and the dialog to send a suggestion")
	}
	test.Type(d.link, "https://news.example/atlas-review")
	test.Type(d.title, "Atlas 3 reviewed")
	test.Type(d.why, "A fair review.")
	test.Tap(d.send)
	if d.status.Text != "Queued: your suggestion is sent as soon as the organisation can be reached." || d.link.Text != "" {
		t.Fatalf("after sending: status %q, link %q", d.status.Text, d.link.Text)
	}
	if !strings.Contains(d.recent.Text, "Queued: https://news.example/atlas-review") {
		t.Fatalf("recent %q", d.recent.Text)
	}

	// The endpoint is down: the dialog says it waits.
	if _, _, err := c.SendSuggestions(context.Background()); err == nil {
		t.Fatal("the endpoint was down, yet no error")
	}
	if !strings.HasPrefix(d.status.Text, "Queued, not sent yet") {
		t.Fatalf("while down: status %q", d.status.Text)
	}
	mu.Lock()
	up = true
	mu.Unlock()
	clock.add(time.Hour)
	if sent, _, err := c.SendSuggestions(context.Background()); sent != 1 || err != nil {
		t.Fatalf("up: sent %d, %v", sent, err)
	}
	if want := "Sent 22 Nov 2026 13:00: https://news.example/atlas-review"; d.status.Text != want {
		t.Fatalf("once sent: status %q, want %q", d.status.Text, want)
	}
	clock.add(time.Hour)
	c.SendSuggestions(context.Background())
	mu.Lock()
	defer mu.Unlock()
	if took != 1 {
		t.Fatalf("the endpoint took %d suggestions, want 1", took)
	}
}

// menuItemFor returns the main menu's item with the shortcut, as the
// desktop driver finds it when the keys are pressed.
func menuItemFor(t *testing.T, w fyne.Window, sc fyne.Shortcut) *fyne.MenuItem {
	t.Helper()
	for _, m := range w.MainMenu().Items {
		for _, item := range m.Items {
			if item.Shortcut != nil && item.Shortcut.ShortcutName() == sc.ShortcutName() {
				return item
			}
		}
	}
	t.Fatalf("no menu item for %s", sc.ShortcutName())
	return nil
}
