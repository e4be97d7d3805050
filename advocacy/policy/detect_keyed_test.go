package policy

import (
	"slices"
	"testing"
)

// TestKeyedRulesAreGitleaksRules makes sure every rule ported by hand
// names a rule of the shared gitleaks set, so that the port is checked by
// TestGitleaksRules against the rule it came from.
func TestKeyedRulesAreGitleaksRules(t *testing.T) {
	rules := loadGitleaks(t)
	for _, k := range keyedRules {
		i := slices.IndexFunc(rules, func(r gitleaksRule) bool { return r.ID == k.id })
		if i < 0 {
			t.Errorf("%s is not a gitleaks rule", k.id)
			continue
		}
		if k.re.NumSubexp() < 1 {
			t.Errorf("%s: no secret group", k.id)
		}
	}
}

// TestKeyedRulesAsWritten checks the hand-ported rules on credentials as
// people paste them, and on the placeholders and prose they must leave
// alone.
func TestKeyedRulesAsWritten(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"try curl -u admin:Zx8fQ2mLw9 https://api.example.com/v1", true},
		{"curl --user 'deploy:h7Gk2pQx' https://ci.example.com", true},
		{"curl -u user:password https://api.example.com", false},
		{"curl -u <user>:<token> https://api.example.com", false},
		{"curl -u $USER:$TOKEN https://api.example.com", false},
		{"We use curl every day, and -u is its user flag.", false},
		{"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACDb5oKq1mJ9\n-----END OPENSSH PRIVATE KEY-----", true},
		{"The 1Password key A3-ASWWYB-798JRYLJVD4-23DC2-86TVM-H43EB fell out of my notes", true},
		{"Form A3-AAAAAA-AAAAAAAAAAA-AAAAA-AAAAA-AAAAA is the template", false},
		{"BUNDLE_ENTERPRISE__CONTRIBSYS__COM=cafebabe:deadbeef", true},
		{"A pattern of patience: pat yourself on the back.", false},
	} {
		if got := secretIn(c.text); got != c.want {
			t.Errorf("%q: secret %v, want %v", c.text, got, c.want)
		}
	}
}
