package ui

import (
	"context"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/org"
	"github.com/advocate-app/advocate/advocacy/policy"
	"github.com/advocate-app/advocate/advocacy/signing"
	"github.com/advocate-app/advocate/advocacy/store"
	"github.com/advocate-app/advocate/assets"
	"github.com/advocate-app/advocate/feeds"
)

var testNow = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

// newTestShell builds the shell on the demo bundle, a real store in a
// temporary folder, and a fixed clock.
// utcOnce sets the local time zone to UTC for the tests, once, before any
// shell (and its timers) exists to read it.
var utcOnce sync.Once

// setUpTests sets the tests' time zone and runs the screens' background
// work in place, once.
func setUpTests() {
	utcOnce.Do(func() {
		time.Local = time.UTC
		runInPlace = true
	})
}

func newTestShell(t testing.TB) (*shell, fyne.Window) {
	t.Helper()
	sh, w := newUnopenedTestShell(t)
	sh.buildAll() // the tests reach into every screen
	return sh, w
}

// newUnopenedTestShell is newTestShell as the window starts: only the
// screen shown first is built.
func newUnopenedTestShell(t testing.TB) (*shell, fyne.Window) {
	t.Helper()
	setUpTests()
	a := test.NewTempApp(t)
	c := newTestCore(t, t.TempDir())
	w := a.NewWindow("Advocate")
	sh := newShell(a, w, c)
	sh.s.after = func(_ time.Duration, f func()) func() { f(); return func() {} }
	w.Resize(fyne.NewSize(1120, 720))
	return sh, w
}

// testSecrets is the keyring of the test cores, by data folder, so that a
// core opened again on the same folder finds its accounts' secrets.
var testSecrets sync.Map

// newTestCore opens the application core on dir with the demo bundle, the
// test clock and a keyring in memory; it is closed when the test ends. The
// test shell builds its screens on it before the fake app runs.
func newTestCore(t testing.TB, dir string) *core.Core {
	t.Helper()
	st, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	secrets, _ := testSecrets.LoadOrStore(dir, &memSecrets{m: map[string]string{}})
	c, err := core.Open(context.Background(), core.Config{Store: st, DataDir: "/data/advocate", Now: func() time.Time { return testNow },
		AllowPrivate: []string{"127.0.0.1"}, Secrets: secrets.(*memSecrets)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestShellHasEveryScreen(t *testing.T) {
	sh, _ := newTestShell(t)
	var got []string
	for _, item := range sh.tabs.Items {
		got = append(got, item.Text)
	}
	want := []string{"Content", "News", "Compose", "Accounts", "Activity", "Policy", "Settings"}
	if !slices.Equal(got, want) {
		t.Fatalf("tabs = %v, want %v", got, want)
	}
	if h := sh.header.Text; !strings.Contains(h, "Larkspur Robotics") || !strings.Contains(h, "2026.11.2") || !strings.Contains(h, "Employee") {
		t.Fatalf("header = %q", h)
	}
}

func TestContentScreenGolden(t *testing.T) {
	_, w := newTestShell(t)
	test.AssertImageMatches(t, "content_employee.png", w.Canvas().Capture())
}

func TestContentFollowsTheRole(t *testing.T) {
	sh, _ := newTestShell(t)
	if n := len(sh.content.items); n != 4 {
		t.Fatalf("employee items = %d, want 4", n)
	}
	if sh.content.items[0].ID != "atlas-3-launch" || sh.content.current != 0 {
		t.Fatalf("first item %s, selected %d", sh.content.items[0].ID, sh.content.current)
	}

	switchRole(t, sh, "Alumni")

	var ids []string
	for _, it := range sh.content.items {
		ids = append(ids, it.ID)
	}
	if slices.Contains(ids, "atlas-3-launch") || !slices.Contains(ids, "alumni-reunion-2026") {
		t.Fatalf("alumni items = %v", ids)
	}
	if !strings.Contains(sh.header.Text, "Alumni") {
		t.Fatalf("header = %q", sh.header.Text)
	}
	if len(sh.news.subs) != 3 {
		t.Fatalf("alumni news feeds = %d, want 3", len(sh.news.subs))
	}
	role := sh.s.core.Setting("role", "")
	if role != bundle.RoleAlumni {
		t.Fatalf("stored role = %q", role)
	}
	sh.tabs.SelectIndex(4)
	var summaries []string
	for _, e := range sh.activity.entries {
		summaries = append(summaries, journalLine(e))
	}
	if !slices.Contains(summaries, "Role set to Alumni") || !slices.Contains(summaries, "Removed 5 items meant for employees from this computer") {
		t.Fatalf("activity = %v", summaries)
	}
}

// findButton returns the first button under o whose label is text.
func findButton(o fyne.CanvasObject, text string) *widget.Button {
	for _, obj := range objectsUnder(o, false) {
		if b, ok := obj.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	return nil
}

// objectsUnder lists o and what it draws, depth first: a container's
// objects and a widget's renderer's; with visibleOnly, a hidden object is
// left out with all it holds.
func objectsUnder(o fyne.CanvasObject, visibleOnly bool) []fyne.CanvasObject {
	if o == nil || visibleOnly && !o.Visible() {
		return nil
	}
	out := []fyne.CanvasObject{o}
	var children []fyne.CanvasObject
	switch v := o.(type) {
	case *fyne.Container:
		children = v.Objects
	case fyne.Widget:
		children = test.WidgetRenderer(v).Objects()
	}
	for _, c := range children {
		out = append(out, objectsUnder(c, visibleOnly)...)
	}
	return out
}

func TestEditAndShareOpensCompose(t *testing.T) {
	sh, w := newTestShell(t)
	edit := findButton(sh.content.detail, "Edit and share")
	if edit == nil {
		t.Fatal("no Edit and share button on the content screen")
	}
	test.Tap(edit)
	if sh.tabs.Selected().Text != tabCompose {
		t.Fatalf("selected tab = %s", sh.tabs.Selected().Text)
	}
	text := sh.compose.editor.Text
	if !strings.HasPrefix(text, "Atlas 3 is out") || !strings.HasSuffix(text, "\n\nI work at Larkspur.") {
		t.Fatalf("draft = %q", text)
	}
	if !sh.compose.nudge.Visible() {
		t.Fatal("no nudge to personalise an unchanged caption")
	}
	if !strings.Contains(sh.compose.origin.Text, "Larkspur Atlas 3 is shipping") {
		t.Fatalf("origin = %q", sh.compose.origin.Text)
	}
	if w.Canvas().Focused() != sh.compose.editor {
		t.Fatal("the editor does not have the focus")
	}
	test.Type(sh.compose.editor, "Go team! ")
	if sh.compose.nudge.Visible() {
		t.Fatal("nudge still shown after the user wrote their own words")
	}
	if got := sh.compose.counts["x"].Text; !strings.HasSuffix(got, "/ 280 on X") {
		t.Fatalf("count = %q", got)
	}
}

func TestComposeCountsAgainstTheNetworkLimit(t *testing.T) {
	sh, _ := newTestShell(t)
	c := sh.compose
	c.load(draft{network: "bluesky", text: strings.Repeat("a", 301) + " I work at Larkspur."})
	bsky, li := c.counts["bluesky"], c.counts["linkedin"]
	if bsky.Text != "321 / 300 on Bluesky" || bsky.Importance != widget.DangerImportance || li.Visible() {
		t.Fatalf("bluesky count = %q (%v); linkedin shown %v", bsky.Text, bsky.Importance, li.Visible())
	}
	c.choose("linkedin")
	if li.Text != "321 / 3000 on LinkedIn" || li.Importance == widget.DangerImportance || bsky.Visible() {
		t.Fatalf("linkedin count = %q", li.Text)
	}
	if c.result.Verdict != policy.Pass || c.shareBtn.Disabled() {
		t.Fatalf("on LinkedIn alone: %s", c.result.Verdict)
	}
	// For both, each counts its own way, and too long for one blocks the post.
	c.choose("linkedin", "bluesky")
	if !li.Visible() || !bsky.Visible() || c.result.Verdict != policy.Blocked || !c.shareBtn.Disabled() {
		t.Fatalf("on both: %s, share enabled %v", c.result.Verdict, !c.shareBtn.Disabled())
	}
	if c.results["linkedin"].Verdict != policy.Pass || c.results["bluesky"].Verdict != policy.Blocked {
		t.Fatalf("each network's own check: %+v", c.results)
	}
	// Unticking every network leaves the last one ticked.
	c.networks.SetSelected(nil)
	if !slices.Equal(c.chosen, []network.ID{network.LinkedIn, network.Bluesky}) || len(c.networks.Selected) != 2 {
		t.Fatalf("after unticking all: %v / %v", c.chosen, c.networks.Selected)
	}
}

func TestShortcutsSwitchScreens(t *testing.T) {
	sh, w := newUnopenedTestShell(t) // the shortcuts build the screens they show
	// press does what the desktop driver does with a shortcut: the main
	// menu's item with that shortcut runs, whatever has the focus.
	press := func(key fyne.KeyName) {
		t.Helper()
		name := (&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}).ShortcutName()
		for _, m := range w.MainMenu().Items {
			for _, item := range m.Items {
				if item.Shortcut != nil && item.Shortcut.ShortcutName() == name {
					item.Action()
					return
				}
			}
		}
		t.Fatalf("no menu item for %s", name)
	}
	press(fyne.Key6)
	if sh.tabs.Selected().Text != tabPolicy {
		t.Fatalf("Ctrl+6 selected %s", sh.tabs.Selected().Text)
	}
	press(fyne.Key2)
	if sh.tabs.Selected().Text != tabNews {
		t.Fatalf("Ctrl+2 selected %s", sh.tabs.Selected().Text)
	}
	if n := len(sh.shortcuts()); n != 12 {
		t.Fatalf("%d shortcuts, want 7 screens, new post, suggest a post, refresh, search and quit", n)
	}
	press(fyne.KeyN)
	if sh.tabs.Selected().Text != tabCompose || sh.compose.editor.Text != "" || w.Canvas().Focused() != sh.compose.editor {
		t.Fatalf("Ctrl+N: tab %s, text %q", sh.tabs.Selected().Text, sh.compose.editor.Text)
	}
	press(fyne.KeyF)
	if sh.tabs.Selected().Text != tabNews || w.Canvas().Focused() != sh.news.search {
		t.Fatal("Ctrl+F does not search the news")
	}
	// A draft of the user's own is not replaced without asking.
	sh.compose.editor.SetText("draft")
	press(fyne.KeyN)
	if sh.compose.editor.Text != "draft" {
		t.Fatalf("Ctrl+N replaced the draft %q without asking", sh.compose.editor.Text)
	}
}

func TestPolicyScreenExplainsRules(t *testing.T) {
	sh, _ := newTestShell(t)
	if len(sh.policy.rules) < 10 {
		t.Fatalf("rules shown = %d", len(sh.policy.rules))
	}
	if !strings.Contains(sh.policy.summary.Text, "version 2026.11") {
		t.Fatalf("summary = %q", sh.policy.summary.Text)
	}
	var texts []string
	for _, o := range sh.policy.detail.Objects {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	joined := strings.Join(texts, "\n")
	if !strings.Contains(joined, "Why: A card number") || !strings.Contains(joined, "Source: ") {
		t.Fatalf("rule detail = %q", joined)
	}
}

func TestNewsScreenShowsShippedFeeds(t *testing.T) {
	sh, _ := newTestShell(t)
	n := sh.news
	if len(n.subs) != 2 {
		t.Fatalf("employee feeds = %d", len(n.subs))
	}
	if len(n.items) != 7 || n.items[0].Title != "Collaborative robots pass one million hours without a lost-time injury" {
		t.Fatalf("all news: %d items, first %+v", len(n.items), n.items[0])
	}
	n.feedList.Select(1)
	if len(n.items) != 3 && len(n.items) != 4 {
		t.Fatalf("one feed: %d items", len(n.items))
	}
	n.feedList.Select(0)
	test.Type(n.search, "alumin")
	if len(n.items) != 2 {
		t.Fatalf("search: %d items", len(n.items))
	}
	n.itemList.Select(0)
	if findButton(n.detail, "Share") == nil {
		t.Fatal("no Share button for the chosen item")
	}
	test.Tap(findButton(n.detail, "Share"))
	if sh.tabs.Selected().Text != tabCompose || !strings.Contains(sh.compose.editor.Text, "https://") {
		t.Fatalf("share from news: tab %s, draft %q", sh.tabs.Selected().Text, sh.compose.editor.Text)
	}
}

// refreshAndWait starts a news refresh through do and waits for it to end.
func refreshAndWait(t *testing.T, n *newsScreen, do func()) {
	t.Helper()
	done := make(chan struct{}, 1)
	n.refreshed = func() { done <- struct{}{} }
	do()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the refresh did not finish")
	}
}

func TestAddingAFeedFetchesItAndShowsFailuresInWords(t *testing.T) {
	sh, _ := newTestShell(t)
	n := sh.news
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/down" {
			http.Error(w, "maintenance", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Robot Digest</title>
<item><title>Grippers get gentler</title><link>https://digest.example/1</link><guid>1</guid><pubDate>Sun, 22 Nov 2026 08:00:00 GMT</pubDate></item></channel></rss>`))
	}))
	defer srv.Close()
	if err := n.addFeed("javascript:alert(1)"); err == nil {
		t.Fatal("a javascript: address was accepted")
	}
	refreshAndWait(t, n, func() {
		if err := n.addFeed(srv.URL + "/feed"); err != nil {
			t.Fatal(err)
		}
	})
	if len(n.subs) != 3 || !strings.HasPrefix(n.status.Text, "1 new item ") {
		t.Fatalf("%d feeds, status %q", len(n.subs), n.status.Text)
	}
	if n.items[0].Title != "Grippers get gentler" {
		t.Fatalf("first item = %q", n.items[0].Title)
	}
	refreshAndWait(t, n, func() {
		if err := n.addFeed(srv.URL + "/down"); err != nil {
			t.Fatal(err)
		}
	})
	if !strings.Contains(n.status.Text, "could not be fetched") {
		t.Fatalf("status %q", n.status.Text)
	}
	var down feeds.Subscription
	for _, s := range n.subs {
		if strings.HasSuffix(s.URL, "/down") {
			down = s
		}
	}
	if !strings.Contains(feedStatus(down), "503 Service Unavailable") {
		t.Fatalf("feed status %q", feedStatus(down))
	}
	if n.refresh.Disabled() || !n.progress.Hidden {
		t.Fatal("refresh button or progress bar left in the running state")
	}
}

func TestImportSubscriptions(t *testing.T) {
	sh, _ := newTestShell(t)
	n := sh.news
	refreshAndWait(t, n, func() {
		n.importSubscriptions([]byte(`<opml version="2.0"><body><outline text="A" xmlUrl="http://127.0.0.1:1/a"/><outline text="B" xmlUrl="http://127.0.0.1:1/b"/></body></opml>`), func(count int, err error) {
			if err != nil || count != 2 {
				t.Errorf("import: %d %v", count, err)
			}
		})
	})
	if len(n.subs) != 4 {
		t.Fatalf("%d feeds after import", len(n.subs))
	}
	var garbage error
	n.importSubscriptions([]byte("not opml"), func(_ int, err error) { garbage = err })
	if garbage == nil {
		t.Fatal("garbage imported")
	}
}

// switchRole chooses a role in Settings and waits for the bundle to load
// again for it.
func switchRole(t *testing.T, sh *shell, role string) {
	t.Helper()
	before := sh.s.state().Role
	sh.settings.role.SetSelected(role) // the core changes role and loads the bundle again, in place in tests
	if role == roleTitle(bundle.RoleAlumni) && before != bundle.RoleAlumni {
		// Becoming alumni asks first.
		top := sh.s.win.Canvas().Overlays().Top()
		yes := findButton(top, "Yes")
		if yes == nil {
			t.Fatalf("no question before becoming alumni: %q", visibleTexts(top))
		}
		test.Tap(yes)
	}
	if roleTitle(sh.s.state().Role) != role {
		t.Fatalf("role %s after choosing %s", sh.s.state().Role, role)
	}
}

// loadInSettings loads ref with the publisher key from the Settings screen
// and waits for the result.
func loadInSettings(t *testing.T, sh *shell, ref, key string) {
	t.Helper()
	done := make(chan struct{}, 1)
	sh.settings.finished = func() { done <- struct{}{} }
	sh.settings.ref.SetText(ref)
	sh.settings.key.SetText(key)
	test.Tap(sh.settings.load)
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("bundle load did not finish")
	}
}

// publish copies the demo bundle to a folder, lets change edit it, and
// signs every file with a new key, whose public key file it returns.
func publish(t *testing.T, change func(dir string)) (string, string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, assets.DemoBundle()); err != nil {
		t.Fatal(err)
	}
	change(dir)
	pub, sec, err := signing.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	signDir(t, dir, sec)
	return dir, string(pub.MarshalText())
}

// signDir signs every file of a bundle folder, as a publisher would: the
// manifest lists each file's SHA-256 and each signature names its file. A
// manifest too broken to list them is signed as it is, for the tests of
// signed but broken bundles.
func signDir(t *testing.T, dir string, sec *signing.SecretKey) {
	t.Helper()
	if bundle.SignDir(dir, sec, time.Now()) == nil {
		return
	}
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, bundle.SignatureSuffix) {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		data, _ := os.ReadFile(path)
		sig, err := sec.Sign(data, bundle.TrustedComment(filepath.ToSlash(rel), time.Now()))
		if err != nil {
			t.Fatal(err)
		}
		return os.WriteFile(path+bundle.SignatureSuffix, sig, 0o600)
	})
}

func TestSettingsLoadsABundleAndKeepsTheOldOneOnError(t *testing.T) {
	sh, _ := newTestShell(t)
	manifestVersion := func(v string) func(string) {
		return func(dir string) {
			manifest := filepath.Join(dir, bundle.ManifestName)
			data, _ := os.ReadFile(manifest)
			os.WriteFile(manifest, []byte(strings.Replace(string(data), "2026.11.2", v, 1)), 0o600)
		}
	}
	dir, key := publish(t, manifestVersion("2026.12.0"))
	loadInSettings(t, sh, dir, key)
	if !strings.Contains(sh.header.Text, "2026.12.0") || !strings.HasPrefix(sh.settings.status.Text, "Loaded") {
		t.Fatalf("header %q, status %q", sh.header.Text, sh.settings.status.Text)
	}
	if saved := sh.s.core.Setting(org.SettingSource, ""); saved != dir {
		t.Fatalf("saved bundle source = %q", saved)
	}
	if saved := sh.s.core.Setting(org.SettingKey, ""); saved != key {
		t.Fatalf("saved key = %q", saved)
	}
	if !sh.settings.progress.Hidden || sh.settings.load.Disabled() {
		t.Fatal("progress still shown or Load still disabled")
	}

	// Changed after signing: refused, the signed one stays.
	manifestVersion("2026.12.0")(dir)
	os.WriteFile(filepath.Join(dir, bundle.ManifestName), []byte(`{"format": 1}`), 0o600)
	loadInSettings(t, sh, dir, key)
	if !strings.Contains(sh.header.Text, "2026.12.0") {
		t.Fatalf("a tampered bundle replaced the good one: %q", sh.header.Text)
	}
	if s := sh.settings.status.Text; !strings.Contains(s, "stays in force") || !strings.Contains(s, "manifest.json does not match its signature") {
		t.Fatalf("status = %q", s)
	}

	// Signed but broken: the error names the line.
	broken, key2 := publish(t, func(dir string) {
		os.WriteFile(filepath.Join(dir, bundle.ManifestName), []byte("{ broken"), 0o600)
	})
	loadInSettings(t, sh, broken, key2)
	if s := sh.settings.status.Text; !strings.Contains(s, "stays in force") || !strings.Contains(s, "manifest.json:1") {
		t.Fatalf("status = %q", s)
	}

	// Signed by someone else.
	loadInSettings(t, sh, broken, key)
	if s := sh.settings.status.Text; !strings.Contains(s, "signed with another key") {
		t.Fatalf("status = %q", s)
	}

	sh.settings.ref.SetText(filepath.Join(dir, "no-such-folder"))
	test.Tap(sh.settings.load)
	if !strings.Contains(sh.settings.status.Text, "no folder") {
		t.Fatalf("status = %q", sh.settings.status.Text)
	}
	sh.settings.ref.SetText(dir)
	sh.settings.key.SetText("")
	test.Tap(sh.settings.load)
	if !strings.Contains(sh.settings.status.Text, "publisher key (minisign) in Settings") {
		t.Fatalf("status = %q", sh.settings.status.Text)
	}
}

func TestABundleWithABrokenPolicyIsRefused(t *testing.T) {
	sh, _ := newTestShell(t)
	dir, key := publish(t, func(dir string) {
		os.WriteFile(filepath.Join(dir, "policy.yaml"), []byte("policy: {name: P, version: \"2\"}\nrules:\n  - id: x\n    title: X\n    severity: loud\n"), 0o600)
	})
	loadInSettings(t, sh, dir, key)
	if s := sh.settings.status.Text; !strings.Contains(s, "stays in force") || !strings.Contains(s, "policy.yaml:3") {
		t.Fatalf("status = %q", s)
	}
	if sh.s.state().Engine == nil || sh.s.state().Bundle.Source != "demo" {
		t.Fatal("the policy in force was replaced")
	}
}

func TestTheWindowTitleNamesTheOrganisationInForce(t *testing.T) {
	sh, _ := newTestShell(t)
	if got := sh.s.win.Title(); got != "Advocate — Larkspur Robotics" {
		t.Fatalf("title %q", got)
	}
	dir, key := publish(t, func(dir string) {
		manifest := filepath.Join(dir, bundle.ManifestName)
		data, _ := os.ReadFile(manifest)
		os.WriteFile(manifest, []byte(strings.Replace(string(data), `"name": "Larkspur Robotics"`, `"name": "Wren Labs"`, 1)), 0o600)
	})
	loadInSettings(t, sh, dir, key)
	if got := sh.s.win.Title(); got != "Advocate — Wren Labs" {
		t.Fatalf("after loading another organisation's bundle: title %q (header %q)", got, sh.header.Text)
	}
}
