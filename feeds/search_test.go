package feeds

import (
	"context"
	"slices"
	"testing"
	"time"
)

// searchTitles saves items under titles in one feed of db and returns a
// search function giving the titles found for a query, sorted.
func searchTitles(t *testing.T, db *DB, titles ...string) func(string) []string {
	t.Helper()
	ctx := context.Background()
	id, err := db.Subscribe(ctx, "https://news.example/feed", "", OriginUser, nil)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	f := &Feed{Title: "News"}
	for i, title := range titles {
		f.Items = append(f.Items, Item{GUID: title, Title: title, Summary: "", Published: now.Add(-time.Duration(i) * time.Minute)})
	}
	if _, err := db.SaveItems(ctx, id, f, Validators{}, now, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	return func(q string) []string {
		t.Helper()
		items, err := db.Items(ctx, nil, q, 50)
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		var out []string
		for _, it := range items {
			out = append(out, it.Title)
		}
		slices.Sort(out)
		return out
	}
}

// Search finds a word's English plural and its singular alike, in either
// direction, and still a word being typed (a prefix); French words match
// with or without their accents, and their plurals too.
func TestSearchMatchesPluralsAndAccents(t *testing.T) {
	t.Parallel()
	search := searchTitles(t, openDB(t),
		"Robots learn to sort parcels",
		"A robot arm for every bench",
		"Robotics fair opens in Lyon",
		"Three new companies join the programme",
		"Our company picnic",
		"Batteries that last a shift",
		"A battery recycling plant",
		"L'équipe de Lyon recrute",
		"Deux équipes gagnent le prix",
		"Été sans accident à l'usine",
		"Wheels and gears",
	)
	cases := []struct {
		query string
		want  []string
	}{
		{"robots", []string{"A robot arm for every bench", "Robotics fair opens in Lyon", "Robots learn to sort parcels"}},
		{"robot", []string{"A robot arm for every bench", "Robotics fair opens in Lyon", "Robots learn to sort parcels"}},
		{"ROBOTS", []string{"A robot arm for every bench", "Robotics fair opens in Lyon", "Robots learn to sort parcels"}},
		{"companies", []string{"Our company picnic", "Three new companies join the programme"}},
		{"company", []string{"Our company picnic", "Three new companies join the programme"}},
		{"batteries", []string{"A battery recycling plant", "Batteries that last a shift"}},
		{"battery", []string{"A battery recycling plant", "Batteries that last a shift"}},
		{"batt", []string{"A battery recycling plant", "Batteries that last a shift"}},
		{"wheel", []string{"Wheels and gears"}},
		{"équipe", []string{"Deux équipes gagnent le prix", "L'équipe de Lyon recrute"}},
		{"equipes", []string{"Deux équipes gagnent le prix", "L'équipe de Lyon recrute"}},
		{"ÉQUIPE", []string{"Deux équipes gagnent le prix", "L'équipe de Lyon recrute"}},
		{"ete", []string{"Été sans accident à l'usine"}},
		{"usine", []string{"Été sans accident à l'usine"}},
		{"robot lyon", []string{"Robotics fair opens in Lyon"}},
		{"submarine", nil},
	}
	for _, c := range cases {
		if got := search(c.query); !slices.Equal(got, c.want) {
			t.Errorf("search %q = %q, want %q", c.query, got, c.want)
		}
	}
}
