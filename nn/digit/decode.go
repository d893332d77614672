package digit

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/gif" // GIF images too
	_ "image/jpeg"
	_ "image/png"
)

// ImageBudget bounds the memory that reading an image costs: its decoded
// pixels, the decoder's own buffers and FromImage's 8 bytes a pixel,
// estimated from the header before any pixel is decoded. It allows a
// 12-megapixel phone photo (baseline JPEG) or an 8-bit RGBA PNG of 13
// megapixels, and keeps a small file from claiming gigabytes.
const ImageBudget = 160 << 20

// ErrImageTooLarge is wrapped by DecodeImage's errors for images whose
// decoding would cost more than ImageBudget.
var ErrImageTooLarge = errors.New("image too large")

// ErrNotImage is wrapped by DecodeImage's errors for bytes that are not a
// readable PNG, JPEG or GIF image.
var ErrNotImage = errors.New("not a readable image")

// TooLargeError is DecodeImage's error for an image whose decoding would
// cost more than ImageBudget: its size, the most pixels allowed, and the
// kind of image (in English). It wraps ErrImageTooLarge.
type TooLargeError struct {
	Width, Height, LimitPixels int
	Kind                       string
}

// Error implements error.
func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%v (%d×%d; the limit is %.1f megapixels for %s)", ErrImageTooLarge, e.Width, e.Height, float64(e.LimitPixels)/1e6, e.Kind)
}

// Unwrap returns ErrImageTooLarge.
func (e *TooLargeError) Unwrap() error { return ErrImageTooLarge }

// DecodeError is DecodeImage's error for bytes it cannot decode: Err is
// the decoder's. It wraps ErrNotImage and Err.
type DecodeError struct{ Err error }

// Error implements error.
func (e *DecodeError) Error() string { return ErrNotImage.Error() + ": " + e.Err.Error() }

// Unwrap returns ErrNotImage and the decoder's error.
func (e *DecodeError) Unwrap() []error { return []error{ErrNotImage, e.Err} }

// DecodeImage decodes a PNG, JPEG or GIF image held in b for FromImage.
// It reads the header first and refuses, with an error wrapping
// ErrImageTooLarge that gives the size and the limit, an image that would
// cost more than ImageBudget, before decoding any pixel.
func DecodeImage(b []byte) (image.Image, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return nil, &DecodeError{err}
	}
	perPixel, kind := imageCost(b, cfg, format)
	limit := ImageBudget / perPixel
	if w, h := cfg.Width, cfg.Height; w <= 0 || h <= 0 || w > limit/h || w*h > maxImagePixels {
		return nil, &TooLargeError{Width: w, Height: h, LimitPixels: min(limit, maxImagePixels), Kind: kind}
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, &DecodeError{err}
	}
	return img, nil
}

// imageCost estimates the bytes per pixel that decoding an image with
// this header and preparing it (FromImage) cost, and names the kind.
func imageCost(b []byte, cfg image.Config, format string) (int, string) {
	const prepare = 8 // FromImage: luminance and alpha, float32 each
	decoded, kind := 8, "this image"
	switch cfg.ColorModel {
	case color.GrayModel:
		decoded, kind = 1, "an 8-bit grey image"
	case color.Gray16Model:
		decoded, kind = 2, "a 16-bit grey image"
	case color.RGBAModel, color.NRGBAModel:
		decoded, kind = 4, "an 8-bit colour image"
	case color.RGBA64Model, color.NRGBA64Model:
		decoded, kind = 8, "a 16-bit colour image"
	case color.YCbCrModel:
		decoded, kind = 3, "a colour JPEG"
	case color.CMYKModel:
		decoded, kind = 8, "a CMYK JPEG"
	default:
		if _, ok := cfg.ColorModel.(color.Palette); ok {
			decoded, kind = 1, "a palette image"
		}
	}
	switch {
	case format == "png" && len(b) > 28 && b[28] == 1:
		// Adam7: the passes are decoded apart, then merged.
		decoded *= 2
		kind = "an interlaced PNG"
	case format == "jpeg" && progressiveJPEG(b):
		// The decoder keeps every DCT coefficient: 64 int32 an 8×8 block.
		decoded += 4 * 3
		kind = "a progressive JPEG"
	}
	return decoded + prepare, kind
}

// progressiveJPEG reports whether the JPEG in b has a progressive frame
// header (SOF2), scanning the marker segments before the first frame.
func progressiveJPEG(b []byte) bool {
	i := 2 // after SOI
	for i+4 <= len(b) {
		if b[i] != 0xff {
			return false
		}
		m := b[i+1]
		switch {
		case m == 0xff:
			i++
			continue
		case m == 0xc2 || m == 0xc6 || m == 0xca || m == 0xce:
			return true
		case m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc:
			return false
		}
		i += 2 + int(binary.BigEndian.Uint16(b[i+2:]))
	}
	return false
}
