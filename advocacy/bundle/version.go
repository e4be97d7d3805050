package bundle

import (
	"errors"
	"fmt"
	"strings"
)

// Errors from CheckNewer. ErrRollback and ErrVersionReused wrap
// ErrNotNewer.
var (
	// ErrNotNewer: the candidate bundle may not replace the one in force.
	ErrNotNewer = errors.New("bundle: not newer than the bundle in force")
	// ErrRollback: the candidate's version is older than the one in force,
	// as an old signed bundle put back on the server would be.
	ErrRollback = fmt.Errorf("%w: an older version", ErrNotNewer)
	// ErrVersionReused: the candidate has the version in force but
	// different content: the publisher must give a new version.
	ErrVersionReused = fmt.Errorf("%w: the same version with different content", ErrNotNewer)
)

// Stamp is what rollback protection remembers of a verified bundle: the key
// that signed it, its manifest's version and the SHA-256 of the manifest
// (which lists every file's SHA-256, so it names the whole content).
type Stamp struct {
	KeyID    string
	Version  string
	Manifest string
}

// Stamp returns the bundle's stamp. It is the zero Stamp for a bundle that
// is not verified.
func (b *Bundle) Stamp() Stamp {
	if b == nil || !b.Verified {
		return Stamp{}
	}
	return Stamp{KeyID: b.KeyID, Version: b.Manifest.Version, Manifest: Digest(b.Files[ManifestName])}
}

// IsZero reports whether the stamp names no bundle.
func (s Stamp) IsZero() bool { return s == Stamp{} }

// String writes the stamp on one line, for the caller to keep: the key id,
// the manifest's SHA-256 and the version, separated by spaces.
func (s Stamp) String() string {
	if s.IsZero() {
		return ""
	}
	return s.KeyID + " " + s.Manifest + " " + s.Version
}

// ParseStamp reads a stamp written by Stamp.String; "" is the zero Stamp.
func ParseStamp(text string) (Stamp, error) {
	if strings.TrimSpace(text) == "" {
		return Stamp{}, nil
	}
	f := strings.SplitN(text, " ", 3)
	if len(f) != 3 || f[0] == "" || len(f[1]) != 64 || strings.TrimSpace(f[2]) == "" {
		return Stamp{}, fmt.Errorf("bundle: %q is not a bundle stamp", text)
	}
	return Stamp{KeyID: f[0], Manifest: f[1], Version: f[2]}, nil
}

// CheckNewer says whether candidate may replace the bundle inForce: it
// refuses, with an error wrapping ErrRollback, a bundle signed by the same
// key with an older version, and, wrapping ErrVersionReused, one with the
// same version whose manifest differs. The same bundle again is accepted.
// Nothing is compared when nothing is in force or the bundles were signed
// by different keys (another organisation the user chose, or a new key).
func CheckNewer(inForce, candidate Stamp) error {
	if inForce.IsZero() || inForce.KeyID != candidate.KeyID {
		return nil
	}
	switch c := CompareVersions(candidate.Version, inForce.Version); {
	case c < 0:
		return fmt.Errorf("%w: version %s is older than %s, which is in force; an old bundle was put back on the server", ErrRollback, candidate.Version, inForce.Version)
	case c == 0 && !strings.EqualFold(candidate.Manifest, inForce.Manifest):
		return fmt.Errorf("%w: version %s was published again with different content; the publisher must give it a new version", ErrVersionReused, candidate.Version)
	}
	return nil
}

// CompareVersions orders two bundle versions such as "2026.11.2": it
// returns -1, 0 or +1 as a is older than, the same as or newer than b.
// Runs of digits compare as numbers ("2026.11.10" is newer than
// "2026.11.9", "2026.01" is "2026.1"), other text compares byte by byte,
// and a version that extends another is newer ("2026.11.2.1" and
// "2026.11.2-hotfix" are newer than "2026.11.2"). Surrounding space and a
// leading v are ignored.
func CompareVersions(a, b string) int {
	ta, tb := versionParts(a), versionParts(b)
	for i := range min(len(ta), len(tb)) {
		if c := comparePart(ta[i], tb[i]); c != 0 {
			return c
		}
	}
	switch {
	case len(ta) < len(tb):
		return -1
	case len(ta) > len(tb):
		return 1
	}
	return 0
}

// versionParts splits a version into runs of digits and runs of other
// characters.
func versionParts(v string) []string {
	v = strings.TrimSpace(v)
	if len(v) > 1 && (v[0] == 'v' || v[0] == 'V') && isDigit(v[1]) {
		v = v[1:]
	}
	var parts []string
	for start := 0; start < len(v); {
		end := start + 1
		for end < len(v) && isDigit(v[end]) == isDigit(v[start]) {
			end++
		}
		parts = append(parts, v[start:end])
		start = end
	}
	return parts
}

// comparePart compares two runs: as numbers when both are digits (of any
// length), else as text.
func comparePart(a, b string) int {
	if isDigit(a[0]) && isDigit(b[0]) {
		a, b = trimZeros(a), trimZeros(b)
		if len(a) != len(b) {
			if len(a) < len(b) {
				return -1
			}
			return 1
		}
	}
	return strings.Compare(a, b)
}

func trimZeros(s string) string {
	t := strings.TrimLeft(s, "0")
	if t == "" {
		return "0"
	}
	return t
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
