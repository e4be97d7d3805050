package policy

import (
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// TestPersonalPhone classifies numbers as the scanner writes them:
// mobiles and fixed lines are a person's; toll-free, shared-cost and
// premium numbers, the fictional 555-01xx range, the company's numbers
// and digits that are no valid number are not.
func TestPersonalPhone(t *testing.T) {
	company := []string{phoneDigits("+33 4 72 10 20 30")}
	for number, want := range map[string]bool{
		"+33 6 12 34 56 78": true,  // French mobile
		"06 12 34 56 78":    true,  // the same, national form
		"(512) 867-5309":    true,  // US fixed line or mobile
		"+44 7911 123456":   true,  // UK mobile
		"07911 123456":      true,  // the same, national form
		"+49 30 123456":     true,  // Berlin fixed line
		"04 72 10 20 30":    false, // the company's own
		"1-800-555-0199":    false, // toll-free
		"+44 808 157 0192":  false, // UK toll-free
		"08 92 12 34 56":    false, // French premium rate
		"+1 900 555 1234":   false, // US premium rate
		"(212) 555-0123":    false, // fictional 555-01xx
		"(555) 123-4567":    false, // no such area code
		"+44 7700 900123":   false, // Ofcom's drama range: no valid number
		"+999 1234 5678":    false, // no such country code
	} {
		if got := personalPhone(number, company); got != want {
			t.Errorf("%s: personal %v, want %v (kind %v)", number, got, want, classifyPhone(phoneDigits(number)))
		}
	}
}

// BenchmarkPhoneKind is the cost of classifying one number with
// libphonenumber's metadata, uncached (North American numbers are tried
// against each region that shares +1) and through the cache.
func BenchmarkPhoneKind(b *testing.B) {
	for _, c := range []struct{ name, digits string }{{"FR", "33612345678"}, {"US", "15128675309"}} {
		b.Run(c.name+"/uncached", func(b *testing.B) {
			for b.Loop() {
				if classifyPhone(c.digits) == phonenumbers.UNKNOWN {
					b.Fatal("unknown")
				}
			}
		})
		b.Run(c.name+"/cached", func(b *testing.B) {
			for b.Loop() {
				if phoneKind(c.digits) == phonenumbers.UNKNOWN {
					b.Fatal("unknown")
				}
			}
		})
	}
}
