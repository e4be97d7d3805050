package bundle

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // approved items may carry JPEG pictures
	_ "image/png"  // and PNG pictures
)

// Limits on an approved item's picture shipped in the bundle.
const (
	maxImageBytes = 2 << 20
	maxImageSide  = 4096
)

// checkImage accepts a PNG or JPEG picture of reasonable size.
func checkImage(name string, data []byte) error {
	if len(data) > maxImageBytes {
		return fmt.Errorf("bundle: %s: the picture is %d KiB, more than %d KiB", name, len(data)>>10, maxImageBytes>>10)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("bundle: %s: not a PNG or JPEG picture", name)
	}
	if cfg.Width > maxImageSide || cfg.Height > maxImageSide || cfg.Width < 1 || cfg.Height < 1 {
		return fmt.Errorf("bundle: %s: the %s picture is %d×%d pixels; at most %d on a side", name, format, cfg.Width, cfg.Height, maxImageSide)
	}
	return nil
}

// Picture returns the bytes of the item's picture when the bundle ships it,
// already checked against its signature.
func (b *Bundle) Picture(it Item) ([]byte, bool) {
	if it.Image == "" || isRemote(it.Image) {
		return nil, false
	}
	data, ok := b.Files[it.Image]
	return data, ok
}
