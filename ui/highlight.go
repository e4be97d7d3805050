package ui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/policy"
)

// highlight splits text into segments with the words each finding points
// at marked in its severity's colour; where findings overlap, the more
// severe one colours the words. Findings that cover the whole post (such
// as a missing disclosure) mark nothing; marked says whether any word is.
func highlight(text string, findings []policy.Finding) (segs []widget.RichTextSegment, marked bool) {
	runes := []rune(text)
	marks := make([]policy.Severity, len(runes))
	rank := map[policy.Severity]int{policy.Info: 1, policy.Warn: 2, policy.Block: 3}
	for _, f := range findings {
		start, end := max(0, f.Start), min(len(runes), f.End)
		if end-start >= len(runes) {
			continue
		}
		for i := start; i < end; i++ {
			if rank[f.Severity] > rank[marks[i]] {
				marks[i], marked = f.Severity, true
			}
		}
	}
	for i := 0; i < len(runes); {
		j := i + 1
		for j < len(runes) && marks[j] == marks[i] {
			j++
		}
		seg := &widget.TextSegment{Text: string(runes[i:j]), Style: widget.RichTextStyleInline}
		switch marks[i] {
		case policy.Block:
			seg.Style.ColorName, seg.Style.TextStyle = theme.ColorNameError, fyne.TextStyle{Bold: true}
		case policy.Warn:
			seg.Style.ColorName, seg.Style.TextStyle = theme.ColorNameWarning, fyne.TextStyle{Bold: true}
		case policy.Info:
			seg.Style.TextStyle = fyne.TextStyle{Italic: true}
		}
		segs = append(segs, seg)
		i = j
	}
	return slices.Clip(segs), marked
}
