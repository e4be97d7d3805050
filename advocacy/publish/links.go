package publish

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // pictures may be JPEG
	_ "image/png"  // or PNG
	"net/netip"
	"net/url"
	"strings"

	"github.com/advocate-app/advocate/advocacy/policy"
)

// Why a link cannot go into approved content.
var (
	errNotHTTPS   = errors.New("not an https address")
	errInternal   = errors.New("an internal address, which nobody outside the organisation can open")
	errNoHost     = errors.New("has no host")
	errCredential = errors.New("carries a user name or password")
)

// internalSuffixes end names that only resolve inside an organisation.
var internalSuffixes = []string{".local", ".localhost", ".internal", ".intranet", ".corp", ".lan", ".home.arpa", ".private"}

// checkPublicURL accepts an absolute https (or http) address on a public
// host: not a private-network address, not a name that only resolves
// inside the organisation, not one of the policy's intranet hosts.
func checkPublicURL(raw string, e *policy.Engine) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return fmt.Errorf("%q is not a web address", raw)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return fmt.Errorf("%q is %w", raw, errNotHTTPS)
	}
	if u.User != nil {
		return fmt.Errorf("%q %w", raw, errCredential)
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if host == "" {
		return fmt.Errorf("%q %w", raw, errNoHost)
	}
	if internal(host, e) {
		return fmt.Errorf("%q is %w", raw, errInternal)
	}
	return nil
}

// internal reports a host that is not on the public internet.
func internal(host string, e *policy.Engine) bool {
	if ip, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		ip = ip.Unmap()
		return ip.IsPrivate() || ip.IsLoopback() || ip.IsLinkLocalUnicast() || ip.IsUnspecified() ||
			ip.IsLinkLocalMulticast() || ip.IsMulticast() || (ip.Is4() && ip.As4()[0] == 100 && ip.As4()[1]&0xc0 == 64)
	}
	if !strings.Contains(host, ".") || host == "localhost" {
		return true
	}
	for _, s := range internalSuffixes {
		if strings.HasSuffix(host, s) {
			return true
		}
	}
	if e != nil {
		for _, h := range e.Policy.Company.IntranetHosts {
			h = strings.ToLower(h)
			if host == h || strings.HasSuffix(host, "."+h) {
				return true
			}
		}
	}
	return false
}

// checkPicture accepts a PNG or JPEG picture as the app does.
func checkPicture(data []byte) error {
	if len(data) > maxImage {
		return fmt.Errorf("the picture is %d KiB, more than %d KiB", len(data)>>10, maxImage>>10)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return errors.New("not a PNG or JPEG picture")
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > maxImgSide || cfg.Height > maxImgSide {
		return fmt.Errorf("the %s picture is %d×%d pixels; at most %d on a side", format, cfg.Width, cfg.Height, maxImgSide)
	}
	return nil
}
