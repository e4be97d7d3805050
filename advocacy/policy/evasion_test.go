package policy

import (
	"testing"
	"unicode"
)

// TestHiddenAndLookAlikeLettersDoNotEvade: a blocked phrase written with
// control or format characters inside its words, or with letters of other
// scripts that look Latin, is still found, and the finding covers exactly
// the characters of the original text, in code points.
func TestHiddenAndLookAlikeLettersDoNotEvade(t *testing.T) {
	e := wordEngine(t)
	cases := []struct{ name, word string }{
		{"NUL", "conf\x00idential"},
		{"U+0001", "confi\x01dential"},
		{"DEL and C1 control", "con\x7ffi\u0080dential"},
		{"bidi override", "conf\u202eidential"},
		{"bidi isolate", "confid\u2066ential"},
		{"word joiner and BOM", "con\u2060fiden\ufefftial"},
		{"tag character", "confi\U000E0041dential"},
		{"Hangul filler", "confid\u3164ential"},
		{"Cyrillic о е а", "cоnfidеntiаl"},
		{"Cyrillic с і", "сonfіdential"},
		{"Cyrillic capitals", "СОNFІDЕNТІАL"},
		{"Greek ο ι α", "cοnfιdentiαl"},
		{"Greek lunate sigma", "ϲonfidential"},
		{"dotless ı", "confıdentıal"},
		{"Armenian օ", "cօnfidential"},
		{"Cherokee Ꭺ", "CONFIDENTIᎪL"},
		{"fullwidth", "ｃｏｎｆｉｄｅｎｔｉａｌ"},
		{"mathematical bold", "𝐜𝐨𝐧𝐟𝐢𝐝𝐞𝐧𝐭𝐢𝐚𝐥"},
		{"mathematical Greek", "c𝛐nfidential"},
		{"look-alike and leet", "с0nfidеntial"},
	}
	for _, c := range cases {
		text := "Sneak peek from a " + c.word + " deck"
		got := found(text, check(t, e, text), "confidential-word")
		if len(got) != 1 || got[0] != c.word {
			t.Errorf("%s: %q: found %q, want %q", c.name, text, got, c.word)
		}
	}
	// A phrase across words, and a finding after the hidden characters,
	// keep their places.
	text := "a\x00b \u202e see: do nоt\x01 distribute, and ѕ\u200bhit happens"
	res := check(t, e, text)
	if got := found(text, res, "confidential-markers"); len(got) != 1 || got[0] != "do nоt\x01 distribute" {
		t.Errorf("markers: %q", got)
	}
	if got := found(text, res, "profanity"); len(got) != 1 || got[0] != "ѕ\u200bhit" {
		t.Errorf("profanity: %q", got)
	}
}

// TestRealWordsOfOtherScriptsAreLeftAlone: words of other scripts that
// merely share letters with Latin look-alikes do not become Latin words.
func TestRealWordsOfOtherScriptsAreLeftAlone(t *testing.T) {
	e := demoEngine(t)
	for _, text := range []string{"Конфиденциально: привет, мир", "Καλημέρα κόσμε", "Բարև աշխարհ", "ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ"} {
		if res := check(t, e, text); res.Verdict != Pass {
			t.Errorf("%q: %+v", text, res.Findings)
		}
	}
}

// TestInvisibleAndLookalikeTables checks the character classes: what is
// read as nothing, and that look-alikes fold to Latin letters only.
func TestInvisibleAndLookalikeTables(t *testing.T) {
	for _, r := range []rune{0, 1, 0x1F, 0x7F, 0x80, 0x9F, 0xAD, 0x200B, 0x200D, 0x200E, 0x202E, 0x2060, 0x2066, 0xFEFF, 0x3164, 0xFE0F, 0xE0001, 0xE0041} {
		if !invisible(r) {
			t.Errorf("U+%04X is not invisible", r)
		}
	}
	for _, r := range []rune{' ', '\t', '\n', '\v', '\f', '\r', 0x85, 0xA0, 0x2028, 0x3000, 'a', 'é', 'о', '漢', 0x0301, '🚀'} {
		if invisible(r) {
			t.Errorf("U+%04X is invisible", r)
		}
	}
	for r := rune(0x80); r < 0x10000; r++ { // the bit sets against the tables
		if w := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r); wordRune(r) != w {
			t.Errorf("wordRune(U+%04X) = %v", r, !w)
		}
		if inv := unicode.In(r, unicode.Cc, unicode.Cf, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector) && !unicode.IsSpace(r); invisible(r) != inv {
			t.Errorf("invisible(U+%04X) = %v", r, !inv)
		}
	}
	for from, to := range lookalike {
		if to < 'a' || to > 'z' || from < 0x80 || !unicode.IsLetter(from) {
			t.Errorf("lookalike[U+%04X] = %q", from, to)
		}
	}
}
