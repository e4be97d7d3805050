// Package signing reads and writes minisign keys and signatures (Ed25519),
// so that organisation bundles signed here verify with the minisign tool
// and bundles signed with minisign verify here.
package signing

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/crypto/blake2b"
	"golang.org/x/crypto/scrypt"
)

// Signature algorithms: Ed signs the message itself (legacy), ED signs its
// BLAKE2b-512 hash (minisign's default since 0.8).
var (
	algLegacy   = [2]byte{'E', 'd'}
	algPrehash  = [2]byte{'E', 'D'}
	kdfScrypt   = [2]byte{'S', 'c'}
	kdfNone     = [2]byte{0, 0}
	cksumBlake2 = [2]byte{'B', '2'}
)

// ErrPasswordNeeded is returned when a secret key is encrypted and no
// password was given.
var ErrPasswordNeeded = errors.New("signing: the secret key is protected by a password")

// PublicKey is a minisign public key.
type PublicKey struct {
	ID  [8]byte
	Key ed25519.PublicKey
}

// SecretKey is a minisign secret key, decrypted.
type SecretKey struct {
	ID  [8]byte
	Key ed25519.PrivateKey
}

// KeyID is the key's id as minisign prints it (hex, most significant first).
func (p *PublicKey) KeyID() string { return keyIDString(p.ID) }

func keyIDString(id [8]byte) string {
	return fmt.Sprintf("%016X", binary.LittleEndian.Uint64(id[:]))
}

// GenerateKey makes a new key pair.
func GenerateKey(r io.Reader) (*PublicKey, *SecretKey, error) {
	if r == nil {
		r = rand.Reader
	}
	pub, priv, err := ed25519.GenerateKey(r)
	if err != nil {
		return nil, nil, fmt.Errorf("signing: generate key: %w", err)
	}
	var id [8]byte
	if _, err := io.ReadFull(r, id[:]); err != nil {
		return nil, nil, fmt.Errorf("signing: generate key id: %w", err)
	}
	return &PublicKey{ID: id, Key: pub}, &SecretKey{ID: id, Key: priv}, nil
}

// payload returns the base64 line of a minisign file after its untrusted
// comment (or the file itself when it is that one line).
func payload(data []byte, what string) ([]byte, error) {
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	for i, line := range lines {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "untrusted comment:") {
			continue
		}
		raw, err := base64.StdEncoding.DecodeString(line)
		if err != nil {
			return nil, fmt.Errorf("signing: line %d of the %s is not base64", i+1, what)
		}
		return raw, nil
	}
	return nil, fmt.Errorf("signing: the %s is empty", what)
}

// ParsePublicKey reads a minisign public key file, or its base64 line.
func ParsePublicKey(data []byte) (*PublicKey, error) {
	raw, err := payload(data, "public key")
	if err != nil {
		return nil, err
	}
	if len(raw) != 2+8+32 || !bytes.Equal(raw[:2], algLegacy[:]) {
		return nil, errors.New("signing: not a minisign Ed25519 public key")
	}
	pk := &PublicKey{Key: ed25519.PublicKey(bytes.Clone(raw[10:]))}
	copy(pk.ID[:], raw[2:10])
	return pk, nil
}

// MarshalText writes the public key file.
func (p *PublicKey) MarshalText() []byte {
	raw := append(append(algLegacy[:2:2], p.ID[:]...), p.Key...)
	return fmt.Appendf(nil, "untrusted comment: minisign public key %s\n%s\n", p.KeyID(), base64.StdEncoding.EncodeToString(raw))
}

// scryptParams turns libsodium's opslimit and memlimit into scrypt's N, r
// and p, as crypto_pwhash_scryptsalsa208sha256 does.
func scryptParams(opslimit, memlimit uint64) (n, r, p int) {
	if opslimit < 32768 {
		opslimit = 32768
	}
	r = 8
	var nLog2 uint
	if opslimit < memlimit/32 {
		p = 1
		maxN := opslimit / uint64(r*4)
		for nLog2 = 1; nLog2 < 63; nLog2++ {
			if uint64(1)<<nLog2 > maxN/2 {
				break
			}
		}
	} else {
		maxN := memlimit / uint64(r*128)
		for nLog2 = 1; nLog2 < 63; nLog2++ {
			if uint64(1)<<nLog2 > maxN/2 {
				break
			}
		}
		maxrp := (opslimit / 4) / (uint64(1) << nLog2)
		if maxrp > 0x3fffffff {
			maxrp = 0x3fffffff
		}
		p = int(maxrp) / r
	}
	return 1 << nLog2, r, p
}

// Key file layout after the base64 decoding: algorithms, then the salt and
// limits of the key derivation, then the (possibly encrypted) key id,
// secret key and checksum.
const (
	skHeader = 2 + 2 + 2 + 32 + 8 + 8
	skSecret = 8 + 64 + 32
	opsLimit = 1048576  // minisign's defaults
	memLimit = 33554432 //
)

// The most work and memory a key file may ask of the key derivation:
// libsodium's "sensitive" limits, which minisign itself uses for new keys.
// A file asking for more (a crafted 2^40 would need a terabyte) is refused
// before any memory is allocated.
const (
	MaxOpsLimit = 33554432
	MaxMemLimit = 1073741824
)

// Errors from ParseSecretKey, for callers that need to tell them apart.
var (
	// ErrKDFLimits: the key file asks the password derivation for more
	// work or memory than minisign ever uses.
	ErrKDFLimits = errors.New("signing: the secret key asks for more key-derivation work or memory than minisign uses")
	// ErrWrongPassword: the password does not decrypt the key (or the file
	// is damaged).
	ErrWrongPassword = errors.New("signing: wrong password for the secret key, or the key file is damaged")
	// ErrNotSecretKey: the data is not a minisign Ed25519 secret key.
	ErrNotSecretKey = errors.New("signing: not a minisign Ed25519 secret key")
)

// ParseSecretKey reads a minisign secret key file. password is asked only
// when the key is encrypted.
//
// As in minisign, an unencrypted key (key derivation 0x00 0x00, made by
// minisign -G -W) carries no checksum: minisign leaves it zero and never
// checks it. A non-zero checksum (minisign -C -W keeps the one of the key
// it decrypted) is still checked, to tell a damaged file, and either way
// the secret key must match the public key it holds.
func ParseSecretKey(data []byte, password func() ([]byte, error)) (*SecretKey, error) {
	raw, err := payload(data, "secret key")
	if err != nil {
		return nil, err
	}
	if len(raw) != skHeader+skSecret || !bytes.Equal(raw[:2], algLegacy[:]) || !bytes.Equal(raw[4:6], cksumBlake2[:]) {
		return nil, ErrNotSecretKey
	}
	secret := bytes.Clone(raw[skHeader:])
	encrypted := false
	switch kdf := [2]byte(raw[2:4]); kdf {
	case kdfNone:
	case kdfScrypt:
		encrypted = true
		if err := decrypt(secret, raw, password); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("%w: unknown key derivation %q", ErrNotSecretKey, kdf[:])
	}
	sk := &SecretKey{Key: ed25519.PrivateKey(bytes.Clone(secret[8:72]))}
	copy(sk.ID[:], secret[:8])
	if err := sk.check(secret[72:], encrypted); err != nil {
		return nil, err
	}
	return sk, nil
}

// decrypt asks for the password and decrypts secret in place with the
// salt and limits in the key file raw, refusing limits above minisign's.
func decrypt(secret, raw []byte, password func() ([]byte, error)) error {
	ops := binary.LittleEndian.Uint64(raw[38:46])
	mem := binary.LittleEndian.Uint64(raw[46:54])
	if err := checkKDFLimits(ops, mem); err != nil {
		return err
	}
	if password == nil {
		return ErrPasswordNeeded
	}
	pw, err := password()
	if err != nil {
		return fmt.Errorf("signing: read password: %w", err)
	}
	n, r, p := scryptParams(ops, mem)
	stream, err := scrypt.Key(pw, raw[6:38], n, r, p, skSecret)
	if err != nil {
		return fmt.Errorf("signing: derive key: %w", err)
	}
	subtle.XORBytes(secret, secret, stream)
	return nil
}

// checkKDFLimits refuses key-derivation limits above minisign's own.
func checkKDFLimits(ops, mem uint64) error {
	if ops > MaxOpsLimit || mem > MaxMemLimit {
		return fmt.Errorf("%w (opslimit %d, memlimit %d; at most %d and %d): the key file is damaged or crafted", ErrKDFLimits, ops, mem, uint64(MaxOpsLimit), uint64(MaxMemLimit))
	}
	return nil
}

// check compares the key's checksum with sum; an unencrypted key may carry
// none (all zero), as minisign -G -W writes it.
func (s *SecretKey) check(sum []byte, encrypted bool) error {
	want := s.checksum()
	if !encrypted && isZero(sum) {
		seed := ed25519.NewKeyFromSeed(s.Key.Seed())
		if subtle.ConstantTimeCompare(seed, s.Key) != 1 {
			return fmt.Errorf("%w: its secret and public halves do not match", ErrNotSecretKey)
		}
		return nil
	}
	switch {
	case subtle.ConstantTimeCompare(want[:], sum) == 1:
		return nil
	case encrypted:
		return ErrWrongPassword
	}
	return fmt.Errorf("%w: the file is damaged (its checksum does not match)", ErrNotSecretKey)
}

func isZero(b []byte) bool {
	var acc byte
	for _, c := range b {
		acc |= c
	}
	return acc == 0
}

func (s *SecretKey) checksum() [32]byte {
	h, _ := blake2b.New256(nil)
	h.Write(algLegacy[:])
	h.Write(s.ID[:])
	h.Write(s.Key)
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

// MarshalText writes the secret key file, encrypted with password when it
// is not empty.
func (s *SecretKey) MarshalText(password []byte) ([]byte, error) {
	raw := make([]byte, 0, skHeader+skSecret)
	raw = append(raw, algLegacy[:]...)
	kdf := kdfNone
	if len(password) > 0 {
		kdf = kdfScrypt
	}
	raw = append(raw, kdf[:]...)
	raw = append(raw, cksumBlake2[:]...)
	salt := make([]byte, 32)
	var ops, mem uint64
	if len(password) > 0 {
		if _, err := rand.Read(salt); err != nil {
			return nil, err
		}
		ops, mem = opsLimit, memLimit
	}
	raw = append(raw, salt...)
	raw = binary.LittleEndian.AppendUint64(raw, ops)
	raw = binary.LittleEndian.AppendUint64(raw, mem)
	sum := s.checksum()
	secret := append(append(append([]byte{}, s.ID[:]...), s.Key...), sum[:]...)
	if len(password) > 0 {
		n, r, p := scryptParams(ops, mem)
		stream, err := scrypt.Key(password, salt, n, r, p, skSecret)
		if err != nil {
			return nil, err
		}
		subtle.XORBytes(secret, secret, stream)
	}
	raw = append(raw, secret...)
	return fmt.Appendf(nil, "untrusted comment: minisign encrypted secret key\n%s\n", base64.StdEncoding.EncodeToString(raw)), nil
}

// Public returns the key's public half.
func (s *SecretKey) Public() *PublicKey {
	return &PublicKey{ID: s.ID, Key: s.Key.Public().(ed25519.PublicKey)}
}

// Sign signs message the way minisign does by default (BLAKE2b-512
// prehash) and returns the .minisig file. The trusted comment is signed
// too; it must be one line.
func (s *SecretKey) Sign(message []byte, trustedComment string) ([]byte, error) {
	if strings.ContainsAny(trustedComment, "\r\n") {
		return nil, errors.New("signing: the trusted comment must be one line")
	}
	digest := blake2b.Sum512(message)
	sig := ed25519.Sign(s.Key, digest[:])
	global := ed25519.Sign(s.Key, append(bytes.Clone(sig), trustedComment...))
	raw := append(append(algPrehash[:2:2], s.ID[:]...), sig...)
	return fmt.Appendf(nil, "untrusted comment: signature from advocatectl secret key\n%s\ntrusted comment: %s\n%s\n",
		base64.StdEncoding.EncodeToString(raw), trustedComment, base64.StdEncoding.EncodeToString(global)), nil
}

// Errors from Verify, for callers that need to tell them apart.
var (
	ErrWrongKey  = errors.New("signing: signed with another key")
	ErrTampered  = errors.New("signing: signature does not match the file")
	ErrMalformed = errors.New("signing: not a minisign signature")
)

// Verify checks a .minisig file against message and returns its trusted
// comment.
func (p *PublicKey) Verify(message, sigFile []byte) (string, error) {
	lines := strings.Split(strings.ReplaceAll(string(sigFile), "\r\n", "\n"), "\n")
	if len(lines) < 4 || !strings.HasPrefix(lines[0], "untrusted comment:") || !strings.HasPrefix(lines[2], "trusted comment: ") {
		return "", ErrMalformed
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(lines[1]))
	if err != nil || len(raw) != 2+8+64 {
		return "", ErrMalformed
	}
	global, err := base64.StdEncoding.DecodeString(strings.TrimSpace(lines[3]))
	if err != nil || len(global) != 64 {
		return "", ErrMalformed
	}
	if !bytes.Equal(raw[2:10], p.ID[:]) {
		var id [8]byte
		copy(id[:], raw[2:10])
		return "", fmt.Errorf("%w (key %s, expected %s)", ErrWrongKey, keyIDString(id), p.KeyID())
	}
	sig := raw[10:]
	signed := message
	switch [2]byte(raw[:2]) {
	case algPrehash:
		d := blake2b.Sum512(message)
		signed = d[:]
	case algLegacy:
	default:
		return "", ErrMalformed
	}
	if !ed25519.Verify(p.Key, signed, sig) {
		return "", ErrTampered
	}
	comment := strings.TrimPrefix(lines[2], "trusted comment: ")
	if !ed25519.Verify(p.Key, append(bytes.Clone(sig), comment...), global) {
		return "", fmt.Errorf("%w (the trusted comment was changed)", ErrTampered)
	}
	return comment, nil
}
