package publish

import (
	"strings"
	"testing"
)

func TestPreview(t *testing.T) {
	b := builtBundle(t, edit{file: "items/hiring.md", old: "25 open roles", new: "25 open <script>alert(1)</script> roles"})
	pages, err := Preview(b, exampleEngine(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		page string
		want []string
		not  []string
	}{
		{"index.html", []string{`<a href="employee.html">employee</a>: 2 items`, `<a href="alumni.html">alumni</a>: 1 items`}, nil},
		{"employee.html", []string{
			"Example Mover 2 is shipping", `<img class="pic" src="pictures/mover-2.png"`,
			"<h3>X</h3>", "<h3>LinkedIn</h3>", "<h3>Mastodon</h3>", "<h3>Bluesky</h3>",
			"of 280 · pass when it may first be shared", "<small>robotics.example</small>",
			"I work at Example Robotics.", "&lt;script&gt;alert(1)&lt;/script&gt;",
		}, []string{"<script>", "Alumni meetup"}},
		{"alumni.html", []string{"Alumni meetup in Lyon", "I used to work at Example Robotics."}, []string{"Mover 2 is shipping"}},
	} {
		t.Run(tc.page, func(t *testing.T) {
			html := string(pages[tc.page])
			for _, w := range tc.want {
				if !strings.Contains(html, w) {
					t.Errorf("no %q in %s", w, tc.page)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(html, w) {
					t.Errorf("%q in %s", w, tc.page)
				}
			}
		})
	}
	if len(pages["pictures/mover-2.png"]) == 0 {
		t.Error("the picture is not written beside the pages")
	}
}
