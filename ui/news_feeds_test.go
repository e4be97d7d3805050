package ui

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/feeds"
)

// wrappedLabels lists the word-wrapped labels under o.
func wrappedLabels(o fyne.CanvasObject) []*widget.Label {
	var out []*widget.Label
	for _, obj := range objectsUnder(o, true) {
		if l, ok := obj.(*widget.Label); ok && l.Wrapping == fyne.TextWrapWord {
			out = append(out, l)
		}
	}
	return out
}

// A feed on a private address or on this computer is refused when it is
// added, before anything is stored: the message is the whole translated
// sentence, wrapped in a dialog no wider than the window, saying why and
// what to do; closing it offers the Add dialog again with the address.
// The organisation's intranet hosts are allowed, as the fetcher allows
// them.
func TestAFeedOnAPrivateAddressIsRefusedWhenAdded(t *testing.T) {
	sh, w := newTestShell(t)
	n := sh.news
	w.Resize(fyne.NewSize(800, 600))
	cases := []struct{ address, want string }{
		{"http://192.168.1.20/feed.xml", "“http://192.168.1.20/feed.xml” was not added: 192.168.1.20 is on a private network (192.168.1.20), and feeds you add may only be on the internet. Use the feed's public address, or ask your organisation to list 192.168.1.20 among its intranet hosts."},
		{"https://[::1]:8443/rss", "“https://[::1]:8443/rss” was not added: it points to this computer (::1), and feeds you add may only be on the internet. Use the feed's public address instead."},
		{"http://10.0.0.5/news", "“http://10.0.0.5/news” was not added: 10.0.0.5 is on a private network (10.0.0.5), and feeds you add may only be on the internet. Use the feed's public address, or ask your organisation to list 10.0.0.5 among its intranet hosts."},
	}
	for _, c := range cases {
		n.refusal = nil
		if err := n.addFeed(c.address); err != nil {
			t.Fatalf("%s: %v", c.address, err)
		}
		if n.refusal == nil {
			t.Fatalf("%s: no refusal shown", c.address)
		}
		top := w.Canvas().Overlays().Top()
		var texts []string
		for _, l := range wrappedLabels(top) {
			texts = append(texts, l.Text)
		}
		if !slices.Contains(texts, c.want) {
			t.Fatalf("%s: the dialog says %q, want %q", c.address, texts, c.want)
		}
		if shown := strings.Join(visibleTexts(top), " "); strings.Contains(shown, "…") || !strings.Contains(shown, "intranet") && !strings.Contains(shown, "instead.") {
			t.Fatalf("%s: the sentence is cut: %q", c.address, shown)
		}
		if width := n.refusal.MinSize().Width; width > w.Canvas().Size().Width {
			t.Fatalf("%s: the dialog is %v wide in a %v window", c.address, width, w.Canvas().Size().Width)
		}
		if subs, err := sh.s.core.Feeds(context.Background()); err != nil || len(subs) != 2 || len(n.subs) != 2 {
			t.Fatalf("%s: %d feeds stored, %d listed, %v", c.address, len(subs), len(n.subs), err)
		}
		test.Tap(findButton(top, "Close"))
		if n.asking == nil || n.asking.Text != c.address {
			t.Fatalf("%s: the Add dialog is not offered again with it", c.address)
		}
		test.Tap(findButton(w.Canvas().Overlays().Top(), "Cancel"))
	}
}

// In French the refusal is a French sentence.
func TestAFeedRefusalSpeaksFrench(t *testing.T) {
	sh, w := newTestShell(t)
	useLanguage(t, "fr")
	n := sh.news
	n.addFeed("http://127.1.2.3/flux")
	var texts []string
	for _, l := range wrappedLabels(w.Canvas().Overlays().Top()) {
		texts = append(texts, l.Text)
	}
	want := "« http://127.1.2.3/flux » n'a pas été ajouté : cette adresse désigne cet ordinateur (127.1.2.3), et les flux que vous ajoutez doivent être sur Internet. Utilisez plutôt l'adresse publique du flux."
	if !slices.Contains(texts, want) {
		t.Fatalf("the dialog says %q", texts)
	}
}

// opmlList is an OPML list of the feeds, by title and address.
func opmlList(feedsByTitle ...string) []byte {
	var b strings.Builder
	b.WriteString(`<opml version="2.0"><body>`)
	for i := 0; i+1 < len(feedsByTitle); i += 2 {
		fmt.Fprintf(&b, `<outline text=%q xmlUrl=%q/>`, feedsByTitle[i], feedsByTitle[i+1])
	}
	b.WriteString(`</body></opml>`)
	return []byte(b.String())
}

// After an OPML import the feed being read stays chosen, even where the
// imported feeds sort before it in the list; a feed of the list on a
// private network is left out, and the user is told which.
func TestImportKeepsTheChosenFeedAndLeavesOutPrivateOnes(t *testing.T) {
	sh, w := newTestShell(t)
	n := sh.news
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>%[1]s</title>
<item><title>%[1]s story</title><link>https://%[1]s.example/1</link><guid>%[1]s-1</guid><pubDate>Sun, 22 Nov 2026 08:00:00 GMT</pubDate></item></channel></rss>`, name)
	}))
	defer srv.Close()
	refreshAndWait(t, n, func() {
		n.importSubscriptions(opmlList("Zeta digest", srv.URL+"/zeta"), func(count int, err error) {
			if count != 1 || err != nil {
				t.Errorf("first import: %d, %v", count, err)
			}
		})
	})
	zeta := slices.IndexFunc(n.subs, func(s feeds.Subscription) bool { return s.Title == "Zeta digest" })
	if zeta < 0 {
		t.Fatalf("Zeta digest not listed: %+v", n.subs)
	}
	n.feedList.Select(zeta + 1)
	chosen := n.selectedID()
	if len(n.items) != 1 || n.items[0].Title != "zeta story" {
		t.Fatalf("Zeta digest's items: %+v", n.items)
	}

	refreshAndWait(t, n, func() {
		n.importSubscriptions(opmlList("Alpha news", srv.URL+"/alpha", "Beta intranet", "http://10.1.2.3/feed", "Aardvark weekly", srv.URL+"/aardvark"), func(count int, err error) {
			if count != 2 || err != nil {
				t.Errorf("second import: %d, %v", count, err)
			}
		})
	})
	if len(n.subs) != 5 || slices.ContainsFunc(n.subs, func(s feeds.Subscription) bool { return strings.Contains(s.URL, "10.1.2.3") }) {
		t.Fatalf("feeds after the import: %+v", n.subs)
	}
	if at := slices.IndexFunc(n.subs, func(s feeds.Subscription) bool { return s.ID == chosen }); at == zeta {
		t.Fatalf("the imported feeds did not sort before Zeta digest (at %d): the test proves nothing", at)
	}
	if n.selectedID() != chosen || feedTitle(n.subs[n.selected-1]) != "Zeta digest" {
		t.Fatalf("the selection moved to %d (%q)", n.selected, feedTitle(n.subs[n.selected-1]))
	}
	if len(n.items) != 1 || n.items[0].Title != "zeta story" {
		t.Fatalf("the items shown are not Zeta digest's: %+v", n.items)
	}
	top := w.Canvas().Overlays().Top()
	shown := strings.Join(visibleTexts(top), " ")
	if n.refusal == nil || !strings.Contains(shown, "http://10.1.2.3/feed") {
		t.Fatalf("the feed left out is not named: %q", shown)
	}
	var said []string
	for _, l := range wrappedLabels(top) {
		said = append(said, l.Text)
	}
	if !slices.Contains(said, "1 feed of the list was not added: it is on a private network or on this computer, and feeds you add may only be on the internet. Use its public address, or ask your organisation to list its host among its intranet hosts.") {
		t.Fatalf("the dialog says %q", said)
	}

	// All news stays chosen too.
	n.feedList.Select(0)
	refreshAndWait(t, n, func() {
		n.importSubscriptions(opmlList("Aaa first", srv.URL+"/aaa"), func(int, error) {})
	})
	if n.selected != 0 || len(n.items) != 11 {
		t.Fatalf("after importing on All news: feed %d chosen, %d items", n.selected, len(n.items))
	}
}

// The Import dialog shows OPML lists (.opml, and .xml as some readers
// name them) and folders, not other files; Export names its file .opml.
func TestOPMLDialogsFilterOPMLFiles(t *testing.T) {
	sh, w := newTestShell(t)
	w.Resize(fyne.NewSize(1120, 720))
	dir := t.TempDir()
	for _, name := range []string{"subscriptions.opml", "reader-export.xml", "notes.txt", "photo.png"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "archive"), 0o700); err != nil {
		t.Fatal(err)
	}
	folder, err := storage.ListerForURI(storage.NewFileURI(dir))
	if err != nil {
		t.Fatal(err)
	}
	d := sh.news.openOPMLDialog()
	d.SetLocation(folder)
	d.Show()
	shown := strings.Join(visibleTexts(w.Canvas().Overlays().Top()), "") // the names wrap
	for _, name := range []string{"subscriptions", "reader-export", "archive"} {
		if !strings.Contains(shown, name) {
			t.Errorf("the Import dialog does not show %s:\n%s", name, shown)
		}
	}
	for _, name := range []string{"notes", "photo"} {
		if strings.Contains(shown, name) {
			t.Errorf("the Import dialog shows %s:\n%s", name, shown)
		}
	}
	d.Hide()

	save := sh.news.saveOPMLDialog()
	save.SetLocation(folder)
	save.Show()
	var names []string
	for _, o := range objectsUnder(w.Canvas().Overlays().Top(), true) {
		if e, ok := o.(*widget.Entry); ok {
			names = append(names, e.Text)
		}
	}
	if !slices.Contains(names, "subscriptions.opml") {
		t.Fatalf("the Export dialog's file name: %q", names)
	}
}
