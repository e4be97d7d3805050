package bundle

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/advocate-app/advocate/advocacy/signing"
)

// filesKey is the manifest member that lists the bundle's files.
const filesKey = "files"

// Sign signs a whole bundle. files holds every file of the bundle by its
// name in the bundle, the manifest included (signatures, named
// *.minisig, are skipped). It returns the manifest rewritten to list every
// other file with its SHA-256, and each file's signature by its name plus
// SignatureSuffix, with a trusted comment naming the file.
func Sign(files map[string][]byte, sec *signing.SecretKey, at time.Time) (map[string][]byte, error) {
	manifest, ok := files[ManifestName]
	if !ok {
		return nil, fmt.Errorf("bundle: sign: the bundle has no %s", ManifestName)
	}
	sums := map[string]string{}
	for name, data := range files {
		if name == ManifestName || strings.HasSuffix(name, SignatureSuffix) {
			continue
		}
		if err := checkName(name); err != nil {
			return nil, err
		}
		sums[name] = Digest(data)
	}
	manifest, err := WithFiles(manifest, sums)
	if err != nil {
		return nil, err
	}
	if _, err := ParseManifest(manifest); err != nil {
		return nil, err
	}
	out := map[string][]byte{ManifestName: manifest}
	for _, name := range slices.Sorted(maps.Keys(sums)) {
		if out[name+SignatureSuffix], err = sec.Sign(files[name], TrustedComment(name, at)); err != nil {
			return nil, fmt.Errorf("bundle: sign %s: %w", name, err)
		}
	}
	if out[ManifestName+SignatureSuffix], err = sec.Sign(manifest, TrustedComment(ManifestName, at)); err != nil {
		return nil, fmt.Errorf("bundle: sign %s: %w", ManifestName, err)
	}
	return out, nil
}

// SignDir signs every file in the folder dir as one bundle, as Sign does,
// and writes the manifest and the signatures beside the files. It refuses
// symbolic links and anything but regular files and folders.
func SignDir(dir string, sec *signing.SecretKey, at time.Time) error {
	files, err := readTree(dir)
	if err != nil {
		return err
	}
	signed, err := Sign(files, sec, at)
	if err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(signed)) {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), signed[name], 0o644); err != nil {
			return fmt.Errorf("bundle: sign: %w", err)
		}
	}
	return nil
}

// readTree reads every file under dir but signatures, by slash-separated
// name.
func readTree(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil || d.IsDir() || strings.HasSuffix(p, SignatureSuffix) {
			return err
		}
		name := filepath.ToSlash(rel)
		if !d.Type().IsRegular() {
			return fmt.Errorf("%w: %s", ErrNotRegular, name)
		}
		files[name], err = readFile(dir, name)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("bundle: sign %s: %w", dir, err)
	}
	return files, nil
}

// WithFiles returns the manifest with its "files" member set to files
// (name → SHA-256), keeping the rest of the text as the publisher wrote it.
// The member is replaced where it is, or added last.
func WithFiles(manifest []byte, files map[string]string) ([]byte, error) {
	members, err := topLevel(manifest)
	if err != nil {
		return nil, fmt.Errorf("bundle: %s: %w", ManifestName, err)
	}
	indent := members.indent(manifest)
	value := filesJSON(files, indent)
	var out []byte
	switch i := members.find(filesKey); {
	case i == -2:
		return nil, fmt.Errorf("bundle: %s has more than one %q member", ManifestName, filesKey)
	case i >= 0:
		m := members.list[i]
		out = splice(manifest, m.start, m.end, value)
	case len(members.list) == 0:
		out = splice(manifest, members.open, members.open, memberText(indent, value, "\n"))
	default:
		end := members.list[len(members.list)-1].end
		out = splice(manifest, end, end, ","+memberText(indent, value, ""))
	}
	if !json.Valid(out) {
		return nil, fmt.Errorf("bundle: %s: could not add the list of files", ManifestName)
	}
	return out, nil
}

func splice(data []byte, start, end int, insert string) []byte {
	out := make([]byte, 0, len(data)+len(insert))
	out = append(out, data[:start]...)
	out = append(out, insert...)
	return append(out, data[end:]...)
}

// memberText is the files member on its own line at indent (on the same
// line when the manifest is compact), followed by after.
func memberText(indent, value, after string) string {
	if indent == "" {
		return fmt.Sprintf("%q:%s", filesKey, value)
	}
	return fmt.Sprintf("\n%s%q: %s%s", indent, filesKey, value, after)
}

// filesJSON writes the list of files, one per line under indent, in name
// order.
func filesJSON(files map[string]string, indent string) string {
	var b strings.Builder
	b.WriteString("{")
	for i, name := range slices.Sorted(maps.Keys(files)) {
		if i > 0 {
			b.WriteString(",")
		}
		if indent != "" {
			b.WriteString("\n" + indent + indent)
		}
		b.WriteString(quote(name) + ":")
		if indent != "" {
			b.WriteString(" ")
		}
		b.WriteString(quote(files[name]))
	}
	if indent != "" && len(files) > 0 {
		b.WriteString("\n" + indent)
	}
	b.WriteString("}")
	return b.String()
}

func quote(s string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(buf.String(), "\n")
}

// member is a top-level member of a JSON object: its key, and where its
// value starts and ends.
type member struct {
	key        string
	start, end int
}

// members are the top-level members of a JSON object, and the offset just
// after its opening brace.
type members struct {
	open int
	list []member
}

// find returns the index of the member named key (matched as
// encoding/json matches fields, without regard to case), -1 if there is
// none and -2 if there are several.
func (ms members) find(key string) int {
	found := -1
	for i, m := range ms.list {
		if strings.EqualFold(m.key, key) {
			if found >= 0 {
				return -2
			}
			found = i
		}
	}
	return found
}

// indent is the white space before the first member on its line, or ""
// when the object is written on one line (or its first member on the
// line of the opening brace).
func (ms members) indent(data []byte) string {
	if len(ms.list) == 0 {
		return "  "
	}
	n := ms.open
	for n < len(data) && isSpace(data[n]) {
		n++
	}
	space := string(data[ms.open:n])
	i := strings.LastIndexByte(space, '\n')
	if i < 0 {
		return ""
	}
	return space[i+1:]
}

var errNotObject = errors.New("not a JSON object")

// topLevel finds the top-level members of the JSON object data.
func topLevel(data []byte) (members, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return members{}, errNotObject
	}
	ms := members{open: int(dec.InputOffset())}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return members{}, err
		}
		key, _ := tok.(string)
		afterKey := int(dec.InputOffset())
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return members{}, err
		}
		m, err := locate(data, key, afterKey, raw)
		if err != nil {
			return members{}, err
		}
		ms.list = append(ms.list, m)
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		return members{}, errNotObject
	}
	if _, err := dec.Token(); err == nil {
		return members{}, errors.New("more than one JSON value")
	}
	return ms, nil
}

// locate finds the value raw that follows the key ending at afterKey.
func locate(data []byte, key string, afterKey int, raw []byte) (member, error) {
	i := afterKey
	for i < len(data) && (isSpace(data[i]) || data[i] == ':') {
		i++
	}
	if i+len(raw) > len(data) || !bytes.Equal(data[i:i+len(raw)], raw) {
		return member{}, fmt.Errorf("cannot find the value of %q", key)
	}
	return member{key: key, start: i, end: i + len(raw)}, nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
