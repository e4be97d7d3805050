package policy

import (
	"os"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/rivo/uniseg"
	"golang.org/x/text/unicode/norm"

	"github.com/advocate-app/advocate/advocacy/network"
	"gopkg.in/yaml.v3"
)

// TestXConformance runs X's own weighted-length cases (twitter-text's
// validate.yml, WeightedTweetsWithDiscountedEmojiCounterTest, config v3).
func TestXConformance(t *testing.T) {
	data, err := os.ReadFile("../../../shared/conformance/twitter-text/validate.yml")
	if err != nil {
		t.Skipf("conformance cases not present: %v", err)
	}
	var doc struct {
		Tests map[string]yaml.Node `yaml:"tests"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Description string `yaml:"description"`
		Text        string `yaml:"text"`
		Expected    struct {
			WeightedLength int  `yaml:"weightedLength"`
			Valid          bool `yaml:"valid"`
		} `yaml:"expected"`
	}
	section := doc.Tests["WeightedTweetsWithDiscountedEmojiCounterTest"]
	if err := section.Decode(&cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 10 {
		t.Fatalf("only %d cases read", len(cases))
	}
	for _, c := range cases {
		l, err := Count("x", c.Text)
		if err != nil {
			t.Fatal(err)
		}
		if l.Count != c.Expected.WeightedLength || l.Valid() != c.Expected.Valid {
			t.Errorf("%s: count %d valid %v, want %d %v", c.Description, l.Count, l.Valid(), c.Expected.WeightedLength, c.Expected.Valid)
		}
	}
	t.Logf("%d X conformance cases", len(cases))
}

func TestCountPerNetwork(t *testing.T) {
	link := "https://larkspur.example/a/very/long/path/that/goes/on/and/on/for/quite/a/while"
	cases := []struct {
		network network.ID
		text    string
		count   int
	}{
		{"x", "Hello " + link, 6 + 23},
		{"mastodon", "Hello " + link, 6 + 23},
		{"bluesky", "Hello " + link, 6 + len(link)},
		{"linkedin", "Hello " + link, 6 + len(link)},
		{"x", "café", 4},
		{"bluesky", "👨‍👩‍👧‍👦 ok", 4},
		{"mastodon", "👨‍👩‍👧‍👦", 1},
		{"linkedin", "😷", 2},
		{"x", "故人", 4},
		{"x", "a\r\nb", 4},
	}
	for _, c := range cases {
		l, err := Count(c.network, c.text)
		if err != nil || l.Count != c.count {
			t.Errorf("Count(%s, %q) = %d, %v; want %d", c.network, c.text, l.Count, err, c.count)
		}
	}
	if _, err := Count("myspace", "hi"); err == nil {
		t.Error("unknown network accepted")
	}
}

func TestOverflowOffset(t *testing.T) {
	l, _ := Count("bluesky", strings.Repeat("é", 310))
	if l.Valid() || l.Over != 300 {
		t.Fatalf("bluesky over = %d, valid %v", l.Over, l.Valid())
	}
	l, _ = Count("bluesky", strings.Repeat("漢", 1001))
	if l.Count != 1001 || l.Valid() {
		t.Fatalf("bluesky bytes: count %d bytes %d valid %v", l.Count, l.Bytes, l.Valid())
	}
	l, _ = Count("x", strings.Repeat("x", 280))
	if !l.Valid() || l.Over != -1 {
		t.Fatalf("280 x: %+v", l)
	}
}

// TestFastPathsMatchSlowOnes: the shortcuts of the length count give what
// segmentation and NFC give, for every character they apply to.
func TestFastPathsMatchSlowOnes(t *testing.T) {
	for r := rune(0x80); r < 0x10000; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := string(r)
		if nfcLight(r) {
			if slow := weightSlow(s); slow != 1 {
				t.Errorf("U+%04X weighs %d", r, slow)
			}
		}
		if plainRune(r) {
			// What plainAfter lets follow: nothing, ASCII, plain characters.
			for _, next := range []string{"", "a", "\r", "\n", " ", "\x00", "é", "о", "\u00a0", "\u3000"} {
				if c, _, _, _ := uniseg.FirstGraphemeClusterInString(s+next, -1); c != s {
					t.Errorf("U+%04X before %q: cluster %q", r, next, c)
				}
			}
		}
	}
}

// TestUTF16LengthCountsCodeUnits: utf16Len gives what encoding the text
// as UTF-16 gives, for characters of every plane and for invalid bytes.
func TestUTF16LengthCountsCodeUnits(t *testing.T) {
	for _, s := range []string{"", "abc", "café", "🚀 launch 🚀", "\xf0\x9f\x9a", "\xf0abc", "\xff\xfe", "a\xf0\x9f\x9a\x80b", "𝐀𝐁", "\U0010FFFF", "\xf4\x90\x80\x80"} {
		want := len(utf16.Encode([]rune(s)))
		if got := utf16Len(s); got != want {
			t.Errorf("utf16Len(%q) = %d, want %d", s, got, want)
		}
	}
}

// weightSlow is weightX without its shortcut.
func weightSlow(cluster string) int {
	if isEmoji(cluster) {
		return 2
	}
	n := 0
	for _, r := range norm.NFC.String(cluster) {
		n += weightRune(r)
	}
	return n
}
