//go:build windows || darwin

package managed

// merge adds to first every key of second that first has not set (HKLM
// over HKCU, device over user).
func merge(first, second Tier) Tier {
	out := Tier{}
	for k, v := range second {
		out[k] = v
	}
	for k, v := range first {
		out[k] = v
	}
	return out
}
