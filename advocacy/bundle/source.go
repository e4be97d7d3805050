package bundle

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/advocate-app/advocate/advocacy/appinfo"
	"github.com/advocate-app/advocate/assets"
)

// DemoRef is the reference that names the embedded demo bundle.
const DemoRef = "demo"

// Source is somewhere a bundle can be loaded from.
type Source interface {
	// Load reads and checks the whole bundle, without its signatures;
	// LoadVerified checks those too.
	Load(ctx context.Context) (*Bundle, error)
	// String names the source for the user.
	String() string
	// read reads one file of the bundle.
	read(ctx context.Context, name string) ([]byte, error)
}

// Open returns the source a reference names: "demo" (or nothing) for the
// embedded demo, an http(s) URL of a bundle's folder or manifest, or a local
// folder.
func Open(ref string) (Source, error) {
	ref = strings.TrimSpace(ref)
	switch {
	case ref == "" || ref == DemoRef:
		return Demo(), nil
	case strings.Contains(ref, "://"):
		return NewHTTPSource(ref, nil)
	}
	info, err := os.Stat(ref)
	if err != nil {
		return nil, fmt.Errorf("bundle: no folder at %s: check the path", ref)
	}
	if !info.IsDir() {
		if filepath.Base(ref) != ManifestName {
			return nil, fmt.Errorf("bundle: %s is a file; give the bundle's folder", ref)
		}
		ref = filepath.Dir(ref)
	}
	return Dir(ref), nil
}

// FSSource loads a bundle from a file system: the embedded demo or a folder.
type FSSource struct {
	name string
	fsys fs.FS
	// dir is the folder of a bundle on disk, read without following links.
	dir string
}

// Demo is the demo bundle embedded in the app.
func Demo() *FSSource { return &FSSource{name: DemoRef, fsys: assets.DemoBundle()} }

// Dir is a bundle in a local folder. Its files must be regular files in
// the folder itself: a symbolic link (to a file or a folder, inside the
// bundle or out of it), a named pipe or a device is refused.
func Dir(path string) *FSSource { return &FSSource{name: path, dir: path} }

// String names the source.
func (s *FSSource) String() string { return s.name }

// Load reads the bundle.
func (s *FSSource) Load(ctx context.Context) (*Bundle, error) {
	return load(ctx, s.name, s.read, nil, "")
}

func (s *FSSource) read(ctx context.Context, name string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.dir != "" {
		return readFile(s.dir, name)
	}
	f, err := s.fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("bundle: %s is missing from %s", name, s.name)
	}
	if err != nil {
		return nil, fmt.Errorf("bundle: read %s: %w", name, err)
	}
	defer f.Close()
	return readCapped(name, f)
}

// HTTPSource loads a bundle published on a web server.
type HTTPSource struct {
	base   *url.URL
	client *http.Client
}

// NewHTTPSource returns the source for a bundle at rawURL, the address of its
// folder or of its manifest. Plain http is accepted only on this machine
// (for publishers trying a bundle locally); anywhere else it must be https.
// A nil client gets one with Advocate's timeouts and redirect limit.
func NewHTTPSource(rawURL string, client *http.Client) (*HTTPSource, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("bundle: %q is not a web address", rawURL)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("bundle: %s must use https", rawURL)
		}
	default:
		return nil, fmt.Errorf("bundle: %s: only https addresses are supported", rawURL)
	}
	if strings.HasSuffix(u.Path, "/"+ManifestName) {
		u.Path = strings.TrimSuffix(u.Path, ManifestName)
	} else if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	if client == nil {
		client = newHTTPClient()
	}
	return &HTTPSource{base: u, client: client}, nil
}

func newHTTPClient() *http.Client {
	return &http.Client{
		Timeout: 30 * time.Second,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return errors.New("too many redirects")
			}
			if req.URL.Scheme != "https" && !isLoopback(req.URL.Hostname()) {
				return errors.New("redirected away from https")
			}
			return nil
		},
	}
}

// String names the source.
func (s *HTTPSource) String() string { return s.base.String() }

// Load fetches and checks the bundle.
func (s *HTTPSource) Load(ctx context.Context) (*Bundle, error) {
	return load(ctx, s.String(), s.fetch, nil, "")
}

func (s *HTTPSource) read(ctx context.Context, name string) ([]byte, error) {
	return s.fetch(ctx, name)
}

// ManifestChanged asks the server whether the manifest changed since the
// answer that carried etag (If-None-Match); a 304 costs no download. It
// returns the manifest's current ETag.
func (s *HTTPSource) ManifestChanged(ctx context.Context, etag string) (bool, string, error) {
	u := s.base.ResolveReference(&url.URL{Path: ManifestName})
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return true, "", err
	}
	req.Header.Set("User-Agent", appinfo.Name+"/"+appinfo.Version+" (organisation bundle)")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return true, "", fmt.Errorf("bundle: cannot fetch %s: %w; check the address and your connection", u, unwrapURLError(err))
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, MaxFileSize))
	switch resp.StatusCode {
	case http.StatusNotModified:
		return false, etag, nil
	case http.StatusOK:
		return true, resp.Header.Get("ETag"), nil
	}
	return true, "", &HTTPError{Address: u.String(), Status: resp.StatusCode}
}

func (s *HTTPSource) fetch(ctx context.Context, name string) ([]byte, error) {
	u := s.base.ResolveReference(&url.URL{Path: name})
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("bundle: %s: %w", name, err)
	}
	req.Header.Set("User-Agent", appinfo.Name+"/"+appinfo.Version+" (organisation bundle)")
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("bundle: cannot fetch %s: %w; check the address and your connection", u, unwrapURLError(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, &HTTPError{Address: u.String(), Status: resp.StatusCode}
	}
	return readCapped(name, resp.Body)
}

func readCapped(name string, r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("bundle: read %s: %w", name, err)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("bundle: %s is larger than %d MiB", name, MaxFileSize>>20)
	}
	return data, nil
}

// HTTPError is an answer from the bundle's server with a status other
// than 200 (or 304 to a conditional request).
type HTTPError struct {
	Address string
	Status  int
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("bundle: %s answered %d %s", e.Address, e.Status, http.StatusText(e.Status))
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Raw returns the bundle's files with their signatures (as name.minisig),
// the form in which the last good bundle is kept.
func (b *Bundle) Raw() map[string][]byte {
	out := make(map[string][]byte, 2*len(b.Files))
	for name, data := range b.Files {
		out[name] = data
		if sig := b.signatures[name]; sig.data != nil {
			out[name+SignatureSuffix] = sig.data
		}
	}
	return out
}

// CacheSource is a bundle kept locally as files by name (signatures
// included): the last good bundle, checked again on every load.
type CacheSource struct {
	source string
	files  map[string][]byte
	only   string
}

// Cached returns the source for files that came from source, kept for the
// audience only (all audiences when only is "").
func Cached(source string, files map[string][]byte, only string) *CacheSource {
	return &CacheSource{source: source, files: files, only: only}
}

// String names the source the files came from.
func (c *CacheSource) String() string { return c.source }

// Load reads the bundle from the kept files.
func (c *CacheSource) Load(ctx context.Context) (*Bundle, error) {
	return load(ctx, c.source, c.read, nil, c.only)
}

func (c *CacheSource) read(_ context.Context, name string) ([]byte, error) {
	data, ok := c.files[name]
	if !ok {
		return nil, fmt.Errorf("bundle: the kept copy lacks %s", name)
	}
	return data, nil
}

// ForAudience returns the bundle as kept for one role: the content, news
// and files meant for that audience, and nothing meant only for others.
func (b *Bundle) ForAudience(role string) *Bundle {
	out := *b
	out.Content, out.News = nil, nil
	out.Files, out.signatures = map[string][]byte{}, map[string]signature{}
	keep := func(name string) {
		if data, ok := b.Files[name]; ok {
			out.Files[name] = data
			out.signatures[name] = b.signatures[name]
		}
	}
	keep(ManifestName)
	keep(b.Manifest.Policy)
	for _, name := range b.Manifest.Content[role] {
		keep(name)
	}
	for _, it := range b.Content {
		if it.For(role) {
			out.Content = append(out.Content, it)
			keep(it.Image)
		}
	}
	for _, n := range b.News {
		if len(n.Feed.Audience) == 0 || slices.Contains(n.Feed.Audience, role) {
			out.News = append(out.News, n)
			if n.Data != nil {
				keep(n.Feed.URL)
			}
		}
	}
	return &out
}
