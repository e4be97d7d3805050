package share

import "testing"

func TestTag(t *testing.T) {
	cases := []struct{ in, want string }{
		{"See https://larkspur.example/atlas-3.", "See https://larkspur.example/atlas-3?utm_campaign=atlas-3-launch&utm_content=s42&utm_medium=advocacy&utm_source=x."},
		{"https://larkspur.example/a?ref=1 and more", "https://larkspur.example/a?ref=1&utm_campaign=atlas-3-launch&utm_content=s42&utm_medium=advocacy&utm_source=x and more"},
		{"short https://bit.ly/3xyz", "short https://bit.ly/3xyz"},
		{"tagged https://larkspur.example/a?utm_source=news", "tagged https://larkspur.example/a?utm_source=news"},
		{"careers https://jobs.partner.example/apply", "careers https://jobs.partner.example/apply"},
		{"(https://larkspur.example/b)", "(https://larkspur.example/b?utm_campaign=atlas-3-launch&utm_content=s42&utm_medium=advocacy&utm_source=x)"},
		{"no links here", "no links here"},
	}
	for _, c := range cases {
		if got := Tag(c.in, "x", "atlas-3-launch", "s42", []string{"partner.example"}); got != c.want {
			t.Errorf("Tag(%q)\n = %q\nwant %q", c.in, got, c.want)
		}
	}
}
