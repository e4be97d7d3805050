package share

import (
	"context"
	"testing"
	"time"
)

func TestSameTextSeesThroughTagsSpacingAndCase(t *testing.T) {
	same := [][2]string{
		{"Atlas 3 ships today! https://larkspur.example/atlas-3", "atlas 3 ships today  https://larkspur.example/atlas-3?utm_source=x&utm_medium=advocacy"},
		{"Our new robot arm lifts twice its weight, and it is quiet enough for a hospital ward at night. Proud of the team.",
			"Our new robot arm lifts twice its weight, and it is quiet enough for a hospital ward at night. Proud of the team!!"},
	}
	for _, c := range same {
		if !SameText(c[0], c[1]) {
			t.Errorf("not the same: %q / %q", c[0], c[1])
		}
	}
	different := [][2]string{
		{"Atlas 3 ships today!", "Atlas 3 ships next week, and I am thrilled to have worked on it"},
		{"Hiring in Lyon: robotics engineers", "Hiring in Lyon: sales"},
		{"", ""},
	}
	for _, c := range different {
		if SameText(c[0], c[1]) {
			t.Errorf("the same: %q / %q", c[0], c[1])
		}
	}
}

func TestRepeatOfFindsTheSameTextToTheSamePlaceWithinADay(t *testing.T) {
	ctx := context.Background()
	o, _, _, _ := setup(t, t.TempDir())
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	o.Now = func() time.Time { return now }
	first := enqueue(t, o, "mastodon", 1, "Atlas 3 ships today! https://larkspur.example/atlas-3")
	for _, c := range []struct {
		account int64
		text    string
		since   time.Time
		want    bool
	}{
		{1, "atlas 3 ships today https://larkspur.example/atlas-3", now.Add(-DuplicateWindow), true},
		{2, "Atlas 3 ships today! https://larkspur.example/atlas-3", now.Add(-DuplicateWindow), false}, // another account
		{1, "Atlas 3 ships today! https://larkspur.example/atlas-3", now.Add(time.Minute), false},      // too long ago
		{1, "Something else entirely", now.Add(-DuplicateWindow), false},
	} {
		got, found, err := o.RepeatOf(ctx, "mastodon", c.account, c.text, c.since)
		if err != nil || found != c.want || (found && got.ID != first.ID) {
			t.Errorf("%+v: found %v (%d), %v", c, found, got.ID, err)
		}
	}
	if err := o.Cancel(ctx, first.ID); err != nil {
		t.Fatal(err)
	}
	if _, found, _ := o.RepeatOf(ctx, "mastodon", 1, first.Text, now.Add(-DuplicateWindow)); found {
		t.Error("a withdrawn share counts as a repeat")
	}
}
