package policy

// wordFilter tells at a glance most words that are in no term of a policy,
// before the vocabulary is looked up: a bit for each hash of a word's
// length, first, middle and last bytes. A word whose bit is clear is in no
// term; a set bit says only "maybe". It is built once a policy is
// compiled, when the vocabulary no longer grows.
type wordFilter [1 << 16 / 64]uint64

// newWordFilter sets the bit of every word of v.
func newWordFilter(v vocab) *wordFilter {
	f := new(wordFilter)
	for w := range v {
		h := filterHash([]byte(w))
		f[h>>6] |= 1 << (h & 63)
	}
	return f
}

// maybe reports whether w may be in the vocabulary.
func (f *wordFilter) maybe(w []byte) bool {
	h := filterHash(w)
	return f[h>>6]&(1<<(h&63)) != 0
}

// filterHash mixes a word's length, first, middle and last bytes into 16
// bits.
func filterHash(w []byte) uint32 {
	if len(w) == 0 {
		return 0
	}
	x := uint32(len(w)) | uint32(w[0])<<8 | uint32(w[len(w)/2])<<16 | uint32(w[len(w)-1])<<24
	x *= 0x9E3779B1
	return x >> 16
}
