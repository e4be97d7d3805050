package bundle

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// Errors that say how a file is not the one the signed manifest binds. Each
// wraps ErrNotVerified.
var (
	// ErrUnbound: the manifest lists no files with their SHA-256, so its
	// files could be swapped or rolled back; it was signed by an older
	// advocatectl.
	ErrUnbound = fmt.Errorf("%w: the manifest does not list its files", ErrNotVerified)
	// ErrNotListed: the bundle uses a file its signed manifest does not list.
	ErrNotListed = fmt.Errorf("%w: a file is not listed in the signed manifest", ErrNotVerified)
	// ErrOtherVersion: a file's bytes are not the ones the signed manifest
	// lists for it: it comes from another version of the bundle.
	ErrOtherVersion = fmt.Errorf("%w: a file is not the one the signed manifest lists", ErrNotVerified)
	// ErrSignedAsOther: a file's signature was made for another name (its
	// trusted comment names another file): the file was swapped or renamed.
	ErrSignedAsOther = fmt.Errorf("%w: a signature was made for another file", ErrNotVerified)
)

// bindingError is a failed binding check: it reads as a signature failure
// with its own reason, and is one of the errors above.
type bindingError struct {
	kind   error
	reason string
}

func (e *bindingError) Error() string { return ErrNotVerified.Error() + ": " + e.reason }
func (e *bindingError) Unwrap() error { return e.kind }

func bindErr(kind error, format string, args ...any) error {
	return &bindingError{kind: kind, reason: fmt.Sprintf(format, args...)}
}

// Digest returns a file's SHA-256 as the manifest lists it: lower-case hex.
func Digest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// TrustedComment is the trusted comment a bundle file is signed with:
// minisign's own fields (timestamp, file, hashed), with file set to the
// file's name in the bundle (for example content/employee.json) rather than
// its base name. A verified load checks the file field.
func TrustedComment(name string, at time.Time) string {
	return fmt.Sprintf("timestamp:%d\tfile:%s\thashed", at.Unix(), name)
}

// commentFile returns the file field of a trusted comment ("file:NAME",
// fields separated by tabs), as minisign and advocatectl write it.
func commentFile(comment string) (string, bool) {
	for field := range strings.SplitSeq(comment, "\t") {
		if name, ok := strings.CutPrefix(field, "file:"); ok {
			return name, true
		}
	}
	return "", false
}

// CheckFile checks that a file whose signature has verified is the one the
// signed manifest m binds under name: the signature's trusted comment
// names it, and (for any file but the manifest) m lists it with the
// SHA-256 of data. It returns an error wrapping ErrSignedAsOther,
// ErrUnbound, ErrNotListed or ErrOtherVersion.
func (m *Manifest) CheckFile(name string, data []byte, trustedComment string) error {
	if signed, ok := commentFile(trustedComment); !ok || signed != name {
		return signedAsOther(name, signed, ok)
	}
	if name == ManifestName {
		return nil
	}
	if err := m.CheckBound(); err != nil {
		return err
	}
	want, ok := m.Files[name]
	switch {
	case !ok:
		return notListed(name)
	case !strings.EqualFold(want, Digest(data)):
		return bindErr(ErrOtherVersion, "%s is not the file that version %s of the bundle lists (its SHA-256 differs): it was swapped, or left from another version; the publisher must sign the bundle again",
			name, m.Version)
	}
	return nil
}

// CheckBound refuses, with an error wrapping ErrUnbound, a manifest that
// does not list its files with their SHA-256.
func (m *Manifest) CheckBound() error {
	if len(m.Files) == 0 {
		return bindErr(ErrUnbound, "%s lists no files with their SHA-256, so its files could be swapped or rolled back; the publisher must sign the bundle again with a current advocatectl bundle sign", ManifestName)
	}
	return nil
}

func notListed(name string) error {
	return bindErr(ErrNotListed, "%s is not listed in the signed %s; the publisher must sign every file of the bundle together", name, ManifestName)
}

func signedAsOther(name, signed string, named bool) error {
	if !named {
		return bindErr(ErrSignedAsOther, "the signature of %s does not name the file it was made for (no file: in its trusted comment); the publisher must sign the bundle again", name)
	}
	return bindErr(ErrSignedAsOther, "%s carries the signature made for %s: the files were swapped or renamed", name, signed)
}

// validateFiles checks the manifest's list of files: names inside the
// bundle, and SHA-256 digests.
func (m *Manifest) validateFiles() []string {
	var problems []string
	for name, sum := range m.Files {
		if err := checkName(name); err != nil || name == ManifestName {
			problems = append(problems, fmt.Sprintf("files lists %q, which is not a file of the bundle", name))
			continue
		}
		if raw, err := hex.DecodeString(sum); err != nil || len(raw) != 32 {
			problems = append(problems, fmt.Sprintf("files: %s: %q is not a SHA-256 digest", name, sum))
		}
	}
	return problems
}

// ParseManifest decodes and checks a manifest.json.
func ParseManifest(data []byte) (*Manifest, error) {
	var m Manifest
	if err := decodeJSON(ManifestName, data, &m); err != nil {
		return nil, err
	}
	if err := m.validate(); err != nil {
		return nil, err
	}
	return &m, nil
}
