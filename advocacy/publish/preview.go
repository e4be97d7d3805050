package publish

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/policy"
)

// Preview writes static HTML pages showing what each audience sees and
// each caption as it reads on each network, with its length, its verdict
// when the item may first be shared, and the link card the network would
// show. It returns the pages and the pictures they show, by name.
func Preview(b *bundle.Bundle, e *policy.Engine) (map[string][]byte, error) {
	files := map[string][]byte{}
	var pages []previewPage
	for _, aud := range b.Manifest.Audiences {
		p := previewPage{Org: b.Manifest.Org.Name, Version: b.Manifest.Version, Audience: aud, File: aud + ".html"}
		for _, it := range b.Content {
			if !it.For(aud) {
				continue
			}
			p.Items = append(p.Items, previewItem(b, e, it, aud, files))
		}
		pages = append(pages, p)
	}
	for _, p := range pages {
		var buf bytes.Buffer
		if err := pageTemplate.Execute(&buf, struct {
			previewPage
			Pages []previewPage
		}{p, pages}); err != nil {
			return nil, fmt.Errorf("publish: preview: %w", err)
		}
		files[p.File] = buf.Bytes()
	}
	var buf bytes.Buffer
	if err := indexTemplate.Execute(&buf, struct {
		Org, Version string
		Pages        []previewPage
	}{b.Manifest.Org.Name, b.Manifest.Version, pages}); err != nil {
		return nil, fmt.Errorf("publish: preview: %w", err)
	}
	files["index.html"] = buf.Bytes()
	return files, nil
}

type previewPage struct {
	Org, Version, Audience, File string
	Items                        []pItem
}

// People names the audience as people.
func (p previewPage) People() string {
	if p.Audience == bundle.RoleEmployee {
		return "employees"
	}
	return p.Audience
}

type pItem struct {
	ID, Title, Summary, URL, Window, Campaign string
	Picture                                   string
	Networks                                  []pNetwork
}

type pNetwork struct {
	Title    string
	Captions []pCaption
}

type pCaption struct {
	Text     string
	Count    int
	Limit    int
	Fits     bool
	Verdict  string
	Findings []string
	Card     *pCard
}

type pCard struct {
	Host, Title, Picture string
}

func previewItem(b *bundle.Bundle, e *policy.Engine, it bundle.Item, aud string, files map[string][]byte) pItem {
	p := pItem{ID: it.ID, Title: it.Title, Summary: it.Summary, URL: it.URL, Campaign: it.Advocacy.Campaign, Window: window(it)}
	if data, ok := b.Picture(it); ok {
		name := "pictures/" + path.Base(it.Image)
		files[name] = data
		p.Picture = name
	} else if strings.HasPrefix(it.Image, "https://") {
		p.Picture = it.Image
	}
	at := it.Advocacy.NotBefore
	if at.IsZero() {
		at = b.Manifest.Published
	}
	for _, id := range network.All {
		n := pNetwork{Title: id.Title()}
		for _, caption := range it.Captions(id) {
			post := Post(caption, it.Advocacy.Locked)
			c := pCaption{Text: post, Verdict: "not checked"}
			if l, err := policy.Count(id, post); err == nil {
				c.Count, c.Limit, c.Fits = l.Count, l.Limit, l.Valid()
			}
			if e != nil {
				if res, err := e.Check(policy.Input{Text: post, Role: aud, Network: id, At: at, Locked: it.Advocacy.Locked}); err == nil {
					c.Verdict = string(res.Verdict)
					for _, f := range res.Findings {
						c.Findings = append(c.Findings, fmt.Sprintf("%s %s: %s", f.Severity, f.Rule, f.Message))
					}
				}
			}
			if links := policy.Links(post); len(links) > 0 {
				c.Card = &pCard{Host: links[0].Host, Title: it.Title, Picture: p.Picture}
				if u, err := url.Parse(post[links[0].Start:links[0].End]); err == nil && u.Host != "" {
					c.Card.Host = u.Hostname()
				}
			}
			n.Captions = append(n.Captions, c)
		}
		p.Networks = append(p.Networks, n)
	}
	return p
}

func window(it bundle.Item) string {
	a := it.Advocacy
	from, to := "now", "no end"
	if !a.NotBefore.IsZero() {
		from = a.NotBefore.UTC().Format(time.RFC3339)
	}
	if !a.Expires.IsZero() {
		to = a.Expires.UTC().Format(time.RFC3339)
	}
	return "from " + from + " until " + to
}

const previewStyle = `<style>
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#222}
nav a{margin-right:1rem}.item{border:1px solid #ccc;border-radius:8px;padding:1rem;margin:1.5rem 0}
.item img.pic{max-width:100%;border-radius:6px}.net{margin:.8rem 0}.cap{border-left:4px solid #999;padding:.4rem .8rem;margin:.5rem 0;background:#fafafa}
.cap pre{white-space:pre-wrap;font:inherit;margin:0}.pass{border-color:#2a7}.warn{border-color:#e90}.block{border-color:#c22}
.len{color:#555;font-size:90%}.over{color:#c22;font-weight:bold}.card{display:flex;gap:.6rem;border:1px solid #ddd;border-radius:6px;padding:.4rem;margin-top:.4rem;max-width:28rem;background:#fff}
.card img{width:6rem;height:3rem;object-fit:cover}.card small{color:#666}.meta{color:#555}
</style>`

var indexTemplate = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' https:; style-src 'unsafe-inline'">
<title>{{.Org}} {{.Version}}: preview</title>` + previewStyle + `</head><body>
<h1>{{.Org}} — bundle {{.Version}}</h1>
<p>What each audience sees, and each caption as it reads on each network.</p>
<ul>{{range .Pages}}<li><a href="{{.File}}">{{.Audience}}</a>: {{len .Items}} items</li>{{end}}</ul>
</body></html>
`))

var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' https:; style-src 'unsafe-inline'">
<title>{{.Org}} {{.Version}}: {{.Audience}}</title>` + previewStyle + `</head><body>
<nav><a href="index.html">Index</a>{{range .Pages}}<a href="{{.File}}">{{.Audience}}</a>{{end}}</nav>
<h1>{{.Org}} — what {{.People}} see ({{.Version}})</h1>
{{range .Items}}<section class="item" id="{{.ID}}">
<h2>{{.Title}}</h2>
<p class="meta">{{.ID}} · {{.Window}}{{if .Campaign}} · campaign {{.Campaign}}{{end}}{{if .URL}} · <a href="{{.URL}}">{{.URL}}</a>{{end}}</p>
{{if .Picture}}<img class="pic" src="{{.Picture}}" alt="">{{end}}
<p>{{.Summary}}</p>
{{range .Networks}}<div class="net"><h3>{{.Title}}</h3>
{{range .Captions}}<div class="cap {{.Verdict}}"><pre>{{.Text}}</pre>
<div class="len{{if not .Fits}} over{{end}}">{{.Count}} of {{.Limit}} · {{.Verdict}} when it may first be shared</div>
{{range .Findings}}<div class="len">{{.}}</div>{{end}}
{{with .Card}}<div class="card">{{if .Picture}}<img src="{{.Picture}}" alt="">{{end}}<div><small>{{.Host}}</small><br>{{.Title}}</div></div>{{end}}
</div>{{end}}</div>{{end}}
</section>{{end}}
</body></html>
`))
