package data

import (
	"errors"
	"fmt"
	"image"
	"os"

	"backproplab/nn/digit"
	"backproplab/nn/safefile"
)

// SkipCode says why FromFolder or ReadDrawings left a file out. The app
// translates it; Skipped.Reason gives it in English.
type SkipCode int

// The reasons a file is skipped.
const (
	// SkipOutsideClass: a file beside the class folders, in no class.
	SkipOutsideClass SkipCode = iota + 1
	// SkipNotImage: not a .png, .jpg, .jpeg or .gif file.
	SkipNotImage
	// SkipUnreadable: the file or folder could not be opened or read
	// (Detail gives the system's words).
	SkipUnreadable
	// SkipNotRegular: a pipe, a device, a socket.
	SkipNotRegular
	// SkipFileTooLarge: the file holds Size bytes, more than Limit.
	SkipFileTooLarge
	// SkipImageTooLarge: a Width×Height image whose decoding would cost
	// more than digit.ImageBudget; Limit is the most pixels allowed.
	SkipImageTooLarge
	// SkipNotDecodable: not a readable PNG, JPEG or GIF image (Detail
	// gives the decoder's words).
	SkipNotDecodable
	// SkipBlank: the image holds no ink (blank or too faint).
	SkipBlank
	// SkipBadDrawing: not a valid drawing saved from the pad (Detail
	// says what is wrong).
	SkipBadDrawing
	// SkipOtherClasses: a drawing saved for classes other than the
	// drawings' (Detail names its classes).
	SkipOtherClasses
	// SkipUnknownFormat: a file named like an image whose content is no
	// PNG, JPEG or GIF.
	SkipUnknownFormat
)

// Skipped is a file FromFolder or ReadDrawings left out, and why: a code,
// its parameters, and the underlying error's words.
type Skipped struct {
	Path string
	Code SkipCode
	// Width and Height of an image too large.
	Width, Height int
	// Size of a file too large, in bytes; Limit is the limit in bytes
	// (SkipFileTooLarge) or pixels (SkipImageTooLarge).
	Size, Limit int64
	// Detail is the underlying error's text, in English, or empty.
	Detail string
}

// Reason returns why s was skipped, in English.
func (s Skipped) Reason() string {
	switch s.Code {
	case SkipOutsideClass:
		return "not inside a class folder"
	case SkipNotImage:
		return "not a PNG, JPEG or GIF file"
	case SkipUnreadable:
		return "cannot be read: " + s.Detail
	case SkipNotRegular:
		return "not a regular file"
	case SkipFileTooLarge:
		return fmt.Sprintf("file too large (%d bytes, the limit is %d)", s.Size, s.Limit)
	case SkipImageTooLarge:
		return fmt.Sprintf("image too large (%d×%d; the limit is %.1f megapixels)", s.Width, s.Height, float64(s.Limit)/1e6)
	case SkipNotDecodable:
		return "not a readable image: " + s.Detail
	case SkipBlank:
		return "no ink: the image is blank or too faint"
	case SkipBadDrawing:
		return "not a valid drawing: " + s.Detail
	case SkipOtherClasses:
		return "saved for other classes (" + s.Detail + ")"
	case SkipUnknownFormat:
		return "not a readable image: its content is no PNG, JPEG or GIF"
	}
	return s.Detail
}

// errBlank is PrepareImage's error for an image without ink.
var errBlank = errors.New("no ink: the image is blank or too faint")

// skipFor returns why path was skipped, from the error reading or
// preparing it.
func skipFor(path string, err error) Skipped {
	s := Skipped{Path: path, Detail: stripPath(err, path).Error()}
	var big *digit.TooLargeError
	var ft *safefile.TooLargeError
	switch {
	case errors.Is(err, errBlank):
		s.Code = SkipBlank
	case errors.As(err, &big):
		s.Code, s.Width, s.Height, s.Limit = SkipImageTooLarge, big.Width, big.Height, int64(big.LimitPixels)
	case errors.As(err, &ft):
		s.Code, s.Size, s.Limit = SkipFileTooLarge, ft.Size, ft.Limit
	case errors.Is(err, safefile.ErrNotRegular):
		s.Code = SkipNotRegular
	case errors.Is(err, image.ErrFormat):
		s.Code = SkipUnknownFormat
	case errors.Is(err, digit.ErrNotImage):
		s.Code = SkipNotDecodable
		var de *digit.DecodeError
		if errors.As(err, &de) {
			s.Detail = de.Err.Error()
		}
	default:
		s.Code = SkipUnreadable
		var pe *os.PathError
		if errors.As(err, &pe) {
			s.Detail = pe.Err.Error()
		}
	}
	return s
}
