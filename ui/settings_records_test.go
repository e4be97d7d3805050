package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
)

func TestAnExportIsReportedUnderRecords(t *testing.T) {
	sh, _ := newTestShell(t)
	w, err := storage.Writer(storage.NewFileURI(filepath.Join(t.TempDir(), "trail.csv")))
	if err != nil {
		t.Fatal(err)
	}
	st := sh.settings
	st.exportTo(w)
	if !st.records.Visible() || !strings.HasPrefix(st.records.Text, "Exported ") || !strings.Contains(st.records.Text, "trail.csv") {
		t.Fatalf("under Records: %q (shown %v)", st.records.Text, st.records.Visible())
	}
	if st.status.Visible() {
		t.Fatalf("the export was reported under Organisation bundle too: %q", st.status.Text)
	}
}

func TestTheBundleChosenIsShownAgainAfterARestart(t *testing.T) {
	setUpTests()
	data := t.TempDir()
	a := test.NewTempApp(t)
	w := a.NewWindow("Advocate")
	first := newTestCore(t, data)
	sh := newShell(a, w, first)
	sh.buildAll()
	dir, key := publish(t, func(string) {})
	loadInSettings(t, sh, dir, key)
	sh.stopped()
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	again := newShell(a, w, newTestCore(t, data))
	again.tabs.SelectIndex(screenSettings)
	if got := again.settings.ref.Text; got != dir {
		t.Fatalf("after a restart the bundle field holds %q, want %q", got, dir)
	}
	if got := again.settings.key.Text; got != strings.TrimSpace(key) {
		t.Fatalf("after a restart the key field holds %q", got)
	}
}
