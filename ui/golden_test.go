package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// screenGoldens names each screen's golden image, in the order of the tabs.
var screenGoldens = []struct {
	name   string
	screen int
}{
	{"content", screenContent},
	{"news", screenNews},
	{"compose", screenCompose},
	{"accounts", screenAccounts},
	{"activity", screenActivity},
	{"policy", screenPolicy},
	{"settings", screenSettings},
}

// TestScreenGoldens draws every screen in the light and the dark theme on
// the demo organisation into testdata/screens/<screen>_<variant>.png.
// Compose holds a draft with a blocked and a warned phrase, so that its
// check panel shows the error and warning colours and the Source: lines.
func TestScreenGoldens(t *testing.T) {
	for _, variant := range []string{appearanceLight, appearanceDark} {
		for _, g := range screenGoldens {
			name := g.name + "_" + map[string]string{appearanceLight: "light", appearanceDark: "dark"}[variant]
			t.Run(name, func(t *testing.T) {
				sh, w := newThemedTestShell(t, variant)
				sh.tabs.SelectIndex(g.screen)
				if g.screen == screenCompose {
					sh.compose.editor.SetText("Big acquisition coming, not announced yet. Sales will double next year!")
				}
				test.AssertImageMatches(t, "screens/"+name+".png", w.Canvas().Capture())
			})
		}
	}
}

// newThemedTestShell is newTestShell started as the app starts with an
// appearance saved: the theme is set before the first screen is built.
func newThemedTestShell(t *testing.T, appearance string) (*shell, fyne.Window) {
	t.Helper()
	setUpTests()
	a := test.NewTempApp(t)
	c := newTestCore(t, t.TempDir())
	c.SetSetting(settingAppearance, appearance)
	w := a.NewWindow("Advocate")
	sh := newShell(a, w, c)
	if _, ok := a.Settings().Theme().(*advocateTheme); !ok {
		t.Fatalf("started with the %s appearance, the theme is %T", appearance, a.Settings().Theme())
	}
	sh.s.after = func(_ time.Duration, f func()) func() { f(); return func() {} }
	w.Resize(fyne.NewSize(1120, 720))
	sh.buildAll()
	return sh, w
}
