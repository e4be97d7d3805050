package network

import (
	"errors"
	"testing"
)

func TestEveryNetworkHasItsFacts(t *testing.T) {
	for _, id := range All {
		f, ok := id.Facts()
		if !ok || f.ID != id || f.Title == "" || f.Limit <= 0 || f.Counting == 0 || f.SignIn == 0 || f.Intent == "" {
			t.Errorf("%s: incomplete facts %+v", id, f)
		}
	}
	if len(table) != len(All) {
		t.Errorf("the table has %d networks, All lists %d", len(table), len(All))
	}
}

func TestParseReadsIDsAndTitles(t *testing.T) {
	for name, want := range map[string]ID{"x": X, "LinkedIn": LinkedIn, " mastodon ": Mastodon, "BLUESKY": Bluesky} {
		if got, err := Parse(name); err != nil || got != want {
			t.Errorf("Parse(%q) = %q, %v; want %q", name, got, err, want)
		}
	}
	_, err := Parse("myspace")
	var unknown *UnknownError
	if !errors.As(err, &unknown) || unknown.Name != "myspace" {
		t.Fatalf("Parse(myspace): %v", err)
	}
	if ID("myspace").Known() || ID("myspace").Title() != "myspace" || !Bluesky.Known() || Bluesky.Title() != "Bluesky" {
		t.Fatal("Known or Title wrong")
	}
}
