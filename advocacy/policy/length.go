package policy

import (
	"fmt"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/rivo/uniseg"
	"golang.org/x/text/unicode/norm"

	"github.com/advocate-app/advocate/advocacy/network"
)

// Length is a post's length as a network counts it, against its limit.
type Length struct {
	Network network.ID `json:"network"`
	Count   int        `json:"count"`
	Limit   int        `json:"limit"`
	// Bytes is the UTF-8 size, which Bluesky also limits (to 3,000).
	Bytes int `json:"-"`
	// MaxBytes is the network's limit on Bytes, or 0.
	MaxBytes int `json:"-"`
	// Over is the code point offset where the text first goes over the
	// limit, or -1.
	Over int `json:"-"`
}

// Valid reports whether the text fits the network.
func (l Length) Valid() bool {
	return l.Count <= l.Limit && (l.MaxBytes == 0 || l.Bytes <= l.MaxBytes)
}

// Count measures text as the network counts it (see network.Counting):
//   - X: twitter-text v3 — NFC, links 23, code points in the light ranges
//     count 1 and others 2, an emoji sequence 2; limit 280;
//   - Mastodon: grapheme clusters with links as 23; limit 500;
//   - Bluesky: grapheme clusters, limit 300, and at most 3,000 bytes;
//   - LinkedIn: UTF-16 code units, as its web composer counts; limit 3,000.
func Count(id network.ID, text string) (Length, error) {
	d := &doc{text: text, ascii: isASCII(text)}
	return d.length(id)
}

func (d *doc) length(id network.ID) (Length, error) {
	l := Length{Network: id, Bytes: len(d.text), Over: -1}
	f, ok := id.Facts()
	if !ok {
		return l, fmt.Errorf("policy: %w", &network.UnknownError{Name: string(id)})
	}
	l.Limit, l.MaxBytes = f.Limit, f.MaxBytes
	switch f.Counting {
	case network.Weighted:
		d.countUnits(&l, f.LinkLength, weightX)
	case network.Graphemes:
		d.countUnits(&l, f.LinkLength, func(string) int { return 1 })
	case network.UTF16:
		l.Count = utf16Len(d.text)
		if l.Count <= l.Limit {
			break
		}
		n := 0
		for i, r := range d.text {
			if n += utf16.RuneLen(r); n > l.Limit {
				l.Over = d.cp(i)
				break
			}
		}
	}
	return l, nil
}

// countUnits walks the text's grapheme clusters, adding weight(cluster) for
// each, or linkLength for each link when it is not 0, and notes where the
// count first passes the limit.
func (d *doc) countUnits(l *Length, linkLength int, weight func(string) int) {
	var links []link
	if linkLength > 0 {
		links = d.links()
	}
	add := func(n, at int) {
		l.Count += n
		if l.Over < 0 && l.Count > l.Limit {
			l.Over = d.cp(at)
		}
	}
	text := d.text
	i := 0
	state := -1
	for i < len(text) {
		if len(links) > 0 && i == links[0].start {
			add(linkLength, i)
			i = links[0].end
			links = links[1:]
			state = -1
			continue
		}
		limit := len(text)
		if len(links) > 0 {
			limit = links[0].start
		}
		if k := asciiClusters(text, i, limit); k > i {
			// Clusters of one ASCII character, each weighing 1.
			if l.Over < 0 && l.Count+(k-i) > l.Limit {
				l.Over = d.cp(i + l.Limit - l.Count)
			}
			l.Count += k - i
			i, state = k, -1
			continue
		}
		var cluster string
		if r, size := utf8.DecodeRuneInString(text[i:]); plainRune(r) && plainAfter(text, i+size, limit) {
			cluster, state = text[i:i+size], -1
		} else {
			cluster, _, _, state = uniseg.FirstGraphemeClusterInString(text[i:limit], state)
		}
		add(weight(cluster), i)
		i += len(cluster)
	}
}

// plainRune reports a character that forms a grapheme cluster on its own
// when a plain or ASCII character follows it: a Latin, Greek, Cyrillic or
// Armenian letter, or a space character. None is a mark, a joiner, a
// prepended character, Hangul or an emoji, which the segmentation rules
// treat apart; it saves the segmenter's table look-ups on such texts.
func plainRune(r rune) bool {
	if r < 0x530 {
		return r >= utf8.RuneSelf && (unicode.IsLetter(r) || r == 0xA0)
	}
	return unicode.Is(unicode.Zs, r)
}

// plainAfter reports that what follows a plain character at i cannot join
// its cluster: the end, an ASCII character or another plain one.
func plainAfter(text string, i, limit int) bool {
	if i >= limit || text[i] < utf8.RuneSelf {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[i:limit])
	return plainRune(r)
}

// asciiClusters returns the end of the run from i of ASCII characters that
// are grapheme clusters on their own: not followed by a character that
// could join them (a combining mark, a line feed after a carriage return).
func asciiClusters(text string, i, limit int) int {
	for ; i < limit && text[i] < utf8.RuneSelf; i++ {
		if i+1 < limit && (text[i+1] >= utf8.RuneSelf || text[i] == '\r' && text[i+1] == '\n') {
			break
		}
	}
	return i
}

// weightX is a cluster's weight under twitter-text v3 (config-v3.json).
func weightX(cluster string) int {
	if len(cluster) == 1 {
		return 1
	}
	if r, n := utf8.DecodeRuneInString(cluster); n == len(cluster) && nfcLight(r) {
		return 1
	}
	if isEmoji(cluster) {
		return 2
	}
	n := 0
	for _, r := range norm.NFC.String(cluster) {
		n += weightRune(r)
	}
	return n
}

// nfcLight reports a character below U+0530 that NFC leaves alone and that
// weighs 1 on X: all but the combining marks and the three Greek
// characters NFC replaces.
func nfcLight(r rune) bool {
	return r < 0x300 || r >= 0x370 && r < 0x530 && r != 0x374 && r != 0x37E && r != 0x387
}

func weightRune(r rune) int {
	switch {
	case r <= 4351, r >= 8192 && r <= 8205, r >= 8208 && r <= 8223, r >= 8242 && r <= 8247:
		return 1
	}
	return 2
}

// isEmoji reports an emoji presentation sequence: a pictographic character
// (with modifiers, joiners, tags), a flag, or a keycap.
func isEmoji(cluster string) bool {
	r, size := utf8.DecodeRuneInString(cluster)
	rest := cluster[size:]
	switch {
	case r >= 0x1F1E6 && r <= 0x1F1FF:
		return true
	case containsRune(rest, 0x20E3):
		return true
	case r == 0xA9 || r == 0xAE:
		return containsRune(rest, 0xFE0F)
	}
	return pictographic(r)
}

func containsRune(s string, want rune) bool {
	for _, r := range s {
		if r == want {
			return true
		}
	}
	return false
}

func pictographic(r rune) bool {
	switch {
	case r >= 0x1F000 && r <= 0x1FAFF, r >= 0x1FC00 && r <= 0x1FFFD,
		r >= 0x2600 && r <= 0x27BF, r >= 0x2300 && r <= 0x23FF, r >= 0x2B00 && r <= 0x2BFF,
		r >= 0x2190 && r <= 0x21FF, r >= 0x25A0 && r <= 0x25FF, r >= 0x2934 && r <= 0x2935:
		return true
	}
	switch r {
	case 0x203C, 0x2049, 0x2122, 0x2139, 0x24C2, 0x3030, 0x303D, 0x3297, 0x3299:
		return true
	}
	return false
}

// utf16Len is the length of s in UTF-16 code units: a code point each, and
// one more for each beyond the Basic Multilingual Plane (four bytes in
// UTF-8, led by a byte of 0xF0 or more). Invalid bytes count one, as
// utf16.RuneLen counts the replacement character they decode to.
func utf16Len(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			n, i = n+1, i+1
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		if n++; size == 4 {
			n++
		}
		i += size
	}
	return n
}
