package policy

import "testing"

// BenchmarkDetectors runs the built-in detectors of the text on the
// 3,000-character posts of BenchmarkCheckMixed, without the rest of the
// check: all of them (cards, SSNs, IBANs, e-mail addresses, telephone
// numbers, links and secrets) as Engine.Check runs them, then each alone.
func BenchmarkDetectors(b *testing.B) {
	detectors := []struct {
		name string
		find func(s string) int
	}{
		{"all", func(s string) int {
			n := len(findCards(s)) + len(findSSNs(s)) + len(findIBANs(s)) + len(findEmails(s)) + len(findPhones(s))
			return n + len(findSecretsIn(s, findLinks(s)))
		}},
		{"cards", func(s string) int { return len(findCards(s)) }},
		{"ssns", func(s string) int { return len(findSSNs(s)) }},
		{"ibans", func(s string) int { return len(findIBANs(s)) }},
		{"emails", func(s string) int { return len(findEmails(s)) }},
		{"phones", func(s string) int { return len(findPhones(s)) }},
		{"links", func(s string) int { return len(findLinks(s)) }},
		{"secrets", func(s string) int { return len(findSecrets(s)) }},
	}
	for _, kind := range []string{"dense", "ordinary"} {
		posts := mixedPosts(b, 64, 3000, kind == "ordinary")
		for _, d := range detectors {
			b.Run(kind+"/"+d.name, func(b *testing.B) {
				b.ReportAllocs()
				n := 0
				for i := range b.N {
					n += d.find(posts[i%len(posts)])
				}
				if n == 0 && d.name == "all" {
					b.Fatal("no findings")
				}
			})
		}
	}
}
