package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/policy"
)

func TestHighlightMarksTheWordsOfEachFinding(t *testing.T) {
	text := "Ça va: secret deal, 4111 1111 1111 1111"
	segs, marked := highlight(text, []policy.Finding{
		{Severity: policy.Warn, Start: 7, End: 18},                // "secret deal"
		{Severity: policy.Block, Start: 14, End: 18},              // "deal": block wins over warn
		{Severity: policy.Warn, Start: 0, End: len([]rune(text))}, // the whole post: marks nothing
	})
	var got []string
	var all strings.Builder
	for _, s := range segs {
		ts := s.(*widget.TextSegment)
		all.WriteString(ts.Text)
		got = append(got, string(ts.Style.ColorName)+":"+ts.Text)
	}
	plain := string(theme.ColorNameForeground)
	want := []string{plain + ":Ça va: ", string(theme.ColorNameWarning) + ":secret ", string(theme.ColorNameError) + ":deal", plain + ":, 4111 1111 1111 1111"}
	if !marked || strings.Join(got, "|") != strings.Join(want, "|") || all.String() != text {
		t.Fatalf("segments %q, marked %v", got, marked)
	}
	if _, marked := highlight(text, nil); marked {
		t.Fatal("no findings, yet something is marked")
	}
}
