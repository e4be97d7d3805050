package policy

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// letterOrDigit reports a letter, digit or non-spacing mark: what an
// address may hold beyond ASCII.
func letterOrDigit(r rune) bool { return wordRune(r) }

// invisible reports characters that show nothing and are used to hide
// words from filters: control characters other than white space (NUL,
// U+0001, DEL, the C1 controls), format characters (zero-width spaces and
// joiners, word joiner, BOM, soft hyphen, bidirectional controls, tags) and
// the other default-ignorable code points (variation selectors, Hangul
// fillers). Words are read as if they were not there.
func invisible(r rune) bool {
	if r < utf8.RuneSelf {
		return controlByte(byte(r))
	}
	if r < 0x10000 {
		return invisibleBMP.has(r)
	}
	return unicode.In(r, unicode.Cf, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector)
}

// controlByte reports an ASCII control character that is not white space.
func controlByte(c byte) bool {
	return c < ' ' && !(c >= '\t' && c <= '\r') || c == 0x7F
}

// invisibleBMP is invisible over the Basic Multilingual Plane, where
// almost every text's characters lie.
var invisibleBMP = func() *bmpSet {
	set := newBMPSet(unicode.Cc, unicode.Cf, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector)
	for _, rg := range unicode.White_Space.R16 {
		for r := rune(rg.Lo); r <= rune(rg.Hi); r += rune(rg.Stride) {
			set[r>>6] &^= 1 << (r & 63)
		}
	}
	return set
}()

// wordBMP is wordRune over the Basic Multilingual Plane: letters, decimal
// digits and non-spacing marks.
var wordBMP = newBMPSet(unicode.L, unicode.Nd, unicode.Mn)

// bmpSet is a set of characters of the Basic Multilingual Plane, one bit
// each: a look-up costs no search of Unicode's range tables.
type bmpSet [0x10000 / 64]uint64

// newBMPSet returns the set of the characters of the tables below U+10000.
func newBMPSet(tables ...*unicode.RangeTable) *bmpSet {
	var set bmpSet
	for _, t := range tables {
		for _, rg := range t.R16 {
			for r := rune(rg.Lo); r <= rune(rg.Hi); r += rune(rg.Stride) {
				set[r>>6] |= 1 << (r & 63)
			}
		}
	}
	return &set
}

// has reports whether the set holds r, which is below U+10000.
func (s *bmpSet) has(r rune) bool { return s[r>>6]&(1<<(r&63)) != 0 }

// lookalike maps letters of other scripts that look like a Latin letter to
// that letter in lower case, as Unicode's confusables (UTS #39) give them:
// Cyrillic, Greek, Armenian, Coptic and Cherokee letters, and Latin ones
// such as the dotless ı. Capital I look-alikes read as i. Fullwidth and
// mathematical letters need no entry: their compatibility decomposition
// (NFKD) is the Latin letter.
var lookalike = map[rune]rune{
	0x0131: 'i', // ı latin small letter dotless i
	0x0184: 'b', // Ƅ latin capital letter tone six
	0x018D: 'g', // ƍ latin small letter turned delta
	0x0196: 'i', // Ɩ latin capital letter iota
	0x01A6: 'r', // Ʀ latin letter yr
	0x01BD: 's', // ƽ latin small letter tone five
	0x01C0: 'l', // ǀ latin letter dental click
	0x0251: 'a', // ɑ latin small letter alpha
	0x0261: 'g', // ɡ latin small letter script g
	0x0263: 'y', // ɣ latin small letter gamma
	0x0269: 'i', // ɩ latin small letter iota
	0x026A: 'i', // ɪ latin letter small capital i
	0x026F: 'w', // ɯ latin small letter turned m
	0x028B: 'u', // ʋ latin small letter v with hook
	0x028F: 'y', // ʏ latin letter small capital y
	0x037F: 'j', // Ϳ greek capital letter yot
	0x0391: 'a', // Α greek capital letter alpha
	0x0392: 'b', // Β greek capital letter beta
	0x0395: 'e', // Ε greek capital letter epsilon
	0x0396: 'z', // Ζ greek capital letter zeta
	0x0397: 'h', // Η greek capital letter eta
	0x0399: 'i', // Ι greek capital letter iota
	0x039A: 'k', // Κ greek capital letter kappa
	0x039C: 'm', // Μ greek capital letter mu
	0x039D: 'n', // Ν greek capital letter nu
	0x039F: 'o', // Ο greek capital letter omicron
	0x03A1: 'p', // Ρ greek capital letter rho
	0x03A4: 't', // Τ greek capital letter tau
	0x03A5: 'y', // Υ greek capital letter upsilon
	0x03A7: 'x', // Χ greek capital letter chi
	0x03B1: 'a', // α greek small letter alpha
	0x03B3: 'y', // γ greek small letter gamma
	0x03B9: 'i', // ι greek small letter iota
	0x03BD: 'v', // ν greek small letter nu
	0x03BF: 'o', // ο greek small letter omicron
	0x03C1: 'p', // ρ greek small letter rho
	0x03C3: 'o', // σ greek small letter sigma
	0x03C5: 'u', // υ greek small letter upsilon
	0x03D2: 'y', // ϒ greek upsilon with hook symbol
	0x03DC: 'f', // Ϝ greek letter digamma
	0x03F1: 'p', // ϱ greek rho symbol
	0x03F2: 'c', // ϲ greek lunate sigma symbol
	0x03F3: 'j', // ϳ greek letter yot
	0x03F9: 'c', // Ϲ greek capital lunate sigma symbol
	0x03FA: 'm', // Ϻ greek capital letter san
	0x0405: 's', // Ѕ cyrillic capital letter dze
	0x0406: 'i', // І cyrillic capital letter byelorussian-ukrainian i
	0x0408: 'j', // Ј cyrillic capital letter je
	0x0410: 'a', // А cyrillic capital letter a
	0x0412: 'b', // В cyrillic capital letter ve
	0x0415: 'e', // Е cyrillic capital letter ie
	0x041A: 'k', // К cyrillic capital letter ka
	0x041C: 'm', // М cyrillic capital letter em
	0x041D: 'h', // Н cyrillic capital letter en
	0x041E: 'o', // О cyrillic capital letter o
	0x0420: 'p', // Р cyrillic capital letter er
	0x0421: 'c', // С cyrillic capital letter es
	0x0422: 't', // Т cyrillic capital letter te
	0x0423: 'y', // У cyrillic capital letter u
	0x0425: 'x', // Х cyrillic capital letter ha
	0x042C: 'b', // Ь cyrillic capital letter soft sign
	0x0430: 'a', // а cyrillic small letter a
	0x0433: 'r', // г cyrillic small letter ghe
	0x0435: 'e', // е cyrillic small letter ie
	0x043E: 'o', // о cyrillic small letter o
	0x0440: 'p', // р cyrillic small letter er
	0x0441: 'c', // с cyrillic small letter es
	0x0443: 'y', // у cyrillic small letter u
	0x0445: 'x', // х cyrillic small letter ha
	0x0455: 's', // ѕ cyrillic small letter dze
	0x0456: 'i', // і cyrillic small letter byelorussian-ukrainian i
	0x0458: 'j', // ј cyrillic small letter je
	0x0461: 'w', // ѡ cyrillic small letter omega
	0x0474: 'v', // Ѵ cyrillic capital letter izhitsa
	0x0475: 'v', // ѵ cyrillic small letter izhitsa
	0x04AE: 'y', // Ү cyrillic capital letter straight u
	0x04AF: 'y', // ү cyrillic small letter straight u
	0x04BB: 'h', // һ cyrillic small letter shha
	0x04BD: 'e', // ҽ cyrillic small letter abkhasian che
	0x04C0: 'i', // Ӏ cyrillic letter palochka
	0x04CF: 'i', // ӏ cyrillic small letter palochka
	0x0501: 'd', // ԁ cyrillic small letter komi de
	0x050C: 'g', // Ԍ cyrillic capital letter komi sje
	0x051B: 'q', // ԛ cyrillic small letter qa
	0x051C: 'w', // Ԝ cyrillic capital letter we
	0x051D: 'w', // ԝ cyrillic small letter we
	0x054D: 'u', // Ս armenian capital letter seh
	0x054F: 's', // Տ armenian capital letter tiwn
	0x0555: 'o', // Օ armenian capital letter oh
	0x0561: 'w', // ա armenian small letter ayb
	0x0563: 'q', // գ armenian small letter gim
	0x0566: 'q', // զ armenian small letter za
	0x0570: 'h', // հ armenian small letter ho
	0x0578: 'n', // ո armenian small letter vo
	0x057C: 'n', // ռ armenian small letter ra
	0x057D: 'u', // ս armenian small letter seh
	0x0581: 'g', // ց armenian small letter co
	0x0584: 'f', // ք armenian small letter keh
	0x0585: 'o', // օ armenian small letter oh
	0x13A0: 'd', // Ꭰ cherokee letter a
	0x13A1: 'r', // Ꭱ cherokee letter e
	0x13A2: 't', // Ꭲ cherokee letter i
	0x13A5: 'i', // Ꭵ cherokee letter v
	0x13A9: 'y', // Ꭹ cherokee letter gi
	0x13AA: 'a', // Ꭺ cherokee letter go
	0x13AB: 'j', // Ꭻ cherokee letter gu
	0x13AC: 'e', // Ꭼ cherokee letter gv
	0x13B3: 'w', // Ꮃ cherokee letter la
	0x13B7: 'm', // Ꮇ cherokee letter lu
	0x13BB: 'h', // Ꮋ cherokee letter mi
	0x13BD: 'y', // Ꮍ cherokee letter mu
	0x13C0: 'g', // Ꮐ cherokee letter nah
	0x13C2: 'h', // Ꮒ cherokee letter ni
	0x13C3: 'z', // Ꮓ cherokee letter no
	0x13CF: 'b', // Ꮟ cherokee letter si
	0x13D2: 'r', // Ꮢ cherokee letter sv
	0x13D4: 'w', // Ꮤ cherokee letter ta
	0x13D5: 's', // Ꮥ cherokee letter de
	0x13D9: 'v', // Ꮩ cherokee letter do
	0x13DA: 's', // Ꮪ cherokee letter du
	0x13DE: 'l', // Ꮮ cherokee letter tle
	0x13DF: 'c', // Ꮯ cherokee letter tli
	0x13E2: 'p', // Ꮲ cherokee letter tlv
	0x13E6: 'k', // Ꮶ cherokee letter tso
	0x13E7: 'd', // Ꮷ cherokee letter tsu
	0x13F3: 'g', // Ᏻ cherokee letter yu
	0x13F4: 'b', // Ᏼ cherokee letter yv
	0x1D04: 'c', // ᴄ latin letter small capital c
	0x1D0F: 'o', // ᴏ latin letter small capital o
	0x1D11: 'o', // ᴑ latin small letter sideways o
	0x1D1C: 'u', // ᴜ latin letter small capital u
	0x1D20: 'v', // ᴠ latin letter small capital v
	0x1D21: 'w', // ᴡ latin letter small capital w
	0x1D22: 'z', // ᴢ latin letter small capital z
	0x1D26: 'r', // ᴦ greek letter small capital gamma
	0x1D83: 'g', // ᶃ latin small letter g with palatal hook
	0x1D8C: 'y', // ᶌ latin small letter v with palatal hook
	0x1E9D: 'f', // ẝ latin small letter long s with high stroke
	0x1EFF: 'y', // ỿ latin small letter y with loop
	0x1FBE: 'i', // ι greek prosgegrammeni
	0x2C85: 'r', // ⲅ coptic small letter gamma
	0x2C8E: 'h', // Ⲏ coptic capital letter hate
	0x2C92: 'i', // Ⲓ coptic capital letter iauda
	0x2C94: 'k', // Ⲕ coptic capital letter kapa
	0x2C98: 'm', // Ⲙ coptic capital letter mi
	0x2C9A: 'n', // Ⲛ coptic capital letter ni
	0x2C9E: 'o', // Ⲟ coptic capital letter o
	0x2C9F: 'o', // ⲟ coptic small letter o
	0x2CA2: 'p', // Ⲣ coptic capital letter ro
	0x2CA3: 'p', // ⲣ coptic small letter ro
	0x2CA4: 'c', // Ⲥ coptic capital letter sima
	0x2CA5: 'c', // ⲥ coptic small letter sima
	0x2CA6: 't', // Ⲧ coptic capital letter tau
	0x2CA8: 'y', // Ⲩ coptic capital letter ua
	0x2CAC: 'x', // Ⲭ coptic capital letter khi
	0x2CD0: 'l', // Ⳑ coptic capital letter l-shaped ha
	0xA647: 'i', // ꙇ cyrillic small letter iota
	0xA731: 's', // ꜱ latin letter small capital s
	0xA798: 'f', // Ꞙ latin capital letter f with stroke
	0xA799: 'f', // ꞙ latin small letter f with stroke
	0xA79F: 'u', // ꞟ latin small letter volapuk ue
	0xA7B2: 'j', // Ʝ latin capital letter j with crossed-tail
	0xA7B3: 'x', // Ꭓ latin capital letter chi
	0xA7B4: 'b', // Ꞵ latin capital letter beta
	0xAB32: 'e', // ꬲ latin small letter blackletter e
	0xAB35: 'f', // ꬵ latin small letter lenis f
	0xAB3D: 'o', // ꬽ latin small letter blackletter o
	0xAB47: 'r', // ꭇ latin small letter r without handle
	0xAB48: 'r', // ꭈ latin small letter double r
	0xAB4E: 'u', // ꭎ latin small letter u with short right leg
	0xAB52: 'u', // ꭒ latin small letter u with left hook
	0xAB5A: 'y', // ꭚ latin small letter y with short right leg
	0xAB75: 'i', // ꭵ cherokee small letter v
	0xAB81: 'r', // ꮁ cherokee small letter hu
	0xAB83: 'w', // ꮃ cherokee small letter la
	0xAB93: 'z', // ꮓ cherokee small letter no
	0xABA9: 'v', // ꮩ cherokee small letter do
	0xABAA: 's', // ꮪ cherokee small letter du
	0xABAF: 'c', // ꮯ cherokee small letter tli
}

// skeleton folds a character as words are compared: its look-alike Latin
// letter when it has one, else its lower case.
func skeleton(r rune) rune {
	if l, ok := lookalike[r]; ok {
		return l
	}
	lower := unicode.ToLower(r)
	if l, ok := lookalike[lower]; ok {
		return l
	}
	return lower
}

// foldRune appends to b what r becomes in a word: its compatibility
// decomposition (NFKD), without combining marks, invisible characters and
// apostrophes, each character folded by skeleton.
func foldRune(b []byte, r rune) []byte {
	if r < rune(len(foldTable)) {
		switch f := foldTable[r]; f {
		case 0:
			return b
		case manyRunes:
		default:
			return utf8.AppendRune(b, f)
		}
	}
	return foldDecomposed(b, r)
}

// foldDecomposed is foldRune the long way, by decomposing r.
func foldDecomposed(b []byte, r rune) []byte {
	if l, ok := lookalike[r]; ok { // before NFKD, which reads ϲ as ς
		return append(b, byte(l))
	}
	if invisible(r) {
		return b
	}
	var one [utf8.UTFMax]byte
	var buf [4 * utf8.UTFMax]byte // room for most decompositions, on the stack
	for _, d := range string(norm.NFKD.Append(buf[:0], one[:utf8.EncodeRune(one[:], r)]...)) {
		if !invisible(d) && !unicode.Is(unicode.Mn, d) && d != '\'' && d != '’' {
			b = utf8.AppendRune(b, skeleton(d))
		}
	}
	return b
}

// foldTable is foldRune for the Latin, Greek, Cyrillic and Armenian
// characters: the one character each becomes (É to e, ё to e), 0 for those
// a word drops, or manyRunes for those that become several (ĳ to ij). It
// saves a decomposition per character.
var foldTable = func() *[0x590]rune {
	var t [0x590]rune
	for r := rune(0); r < rune(len(t)); r++ {
		b := foldDecomposed(nil, r)
		switch f, n := utf8.DecodeRune(b); {
		case len(b) == 0:
		case n == len(b):
			t[r] = f
		default:
			t[r] = manyRunes
		}
	}
	return &t
}()

// manyRunes marks in foldTable the characters that fold to several.
const manyRunes = -1
