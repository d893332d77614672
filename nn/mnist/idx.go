package mnist

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Rows and Cols are the height and width of every MNIST image.
const (
	Rows = 28
	Cols = 28
)

// MaxItems is the largest item count the readers accept in a header.
const MaxItems = 1_000_000

// IDX magic numbers: two zero bytes, the element type (0x08 = unsigned
// byte) and the number of dimensions.
const (
	imageMagic = 0x00000803
	labelMagic = 0x00000801
)

// firstChunk is the pixel buffer's size before any data arrives. Only once
// that much has really been read is the whole body allocated, so a header
// that claims more than the file holds costs little.
const firstChunk = 1 << 20

// ReadImages reads an IDX image file, gzip-compressed or raw. name labels
// errors and is usually the file's name. It returns n images of rows×cols
// pixels, row-major in images (n, rows*cols). Only 28×28 images and counts
// up to MaxItems are accepted; the header is checked before pixels are read.
func ReadImages(r io.Reader, name string) (images []uint8, n, rows, cols int, err error) {
	return readImages(r, name, MaxItems*Rows*Cols)
}

// readImages is ReadImages refusing a header that declares more than limit
// pixel bytes, before reading them.
func readImages(r io.Reader, name string, limit int) (images []uint8, n, rows, cols int, err error) {
	br, err := open(r, name)
	if err != nil {
		return nil, 0, 0, 0, err
	}
	var h [16]byte
	if err := readHeader(br, h[:], name); err != nil {
		return nil, 0, 0, 0, err
	}
	magic := binary.BigEndian.Uint32(h[0:])
	count := binary.BigEndian.Uint32(h[4:])
	nr := binary.BigEndian.Uint32(h[8:])
	nc := binary.BigEndian.Uint32(h[12:])
	switch {
	case magic != imageMagic:
		return nil, 0, 0, 0, badMagic(name, magic, imageMagic, "image")
	case nr != Rows || nc != Cols:
		return nil, 0, 0, 0, fmt.Errorf("mnist: %s: images are %d×%d, want %d×%d", name, nr, nc, Rows, Cols)
	case count > MaxItems:
		return nil, 0, 0, 0, fmt.Errorf("mnist: %s: header claims %d images, more than the limit %d", name, count, MaxItems)
	case int(count)*Rows*Cols > limit:
		return nil, 0, 0, 0, fmt.Errorf("mnist: %s: header claims %d images, implausibly many for the file's size", name, count)
	}
	n, rows, cols = int(count), Rows, Cols
	images, err = readBody(br, n*rows*cols, name, "image")
	if err != nil {
		return nil, 0, 0, 0, err
	}
	if err := checkEnd(br, name, n, "images"); err != nil {
		return nil, 0, 0, 0, err
	}
	return images, n, rows, cols, nil
}

// ReadLabels reads an IDX label file, gzip-compressed or raw. name labels
// errors. Counts up to MaxItems and labels 0..9 are accepted.
func ReadLabels(r io.Reader, name string) ([]uint8, error) {
	return readLabels(r, name, MaxItems)
}

// readLabels is ReadLabels refusing a header that declares more than limit
// labels, before reading them.
func readLabels(r io.Reader, name string, limit int) ([]uint8, error) {
	br, err := open(r, name)
	if err != nil {
		return nil, err
	}
	var h [8]byte
	if err := readHeader(br, h[:], name); err != nil {
		return nil, err
	}
	magic := binary.BigEndian.Uint32(h[0:])
	count := binary.BigEndian.Uint32(h[4:])
	switch {
	case magic != labelMagic:
		return nil, badMagic(name, magic, labelMagic, "label")
	case count > MaxItems:
		return nil, fmt.Errorf("mnist: %s: header claims %d labels, more than the limit %d", name, count, MaxItems)
	case int(count) > limit:
		return nil, fmt.Errorf("mnist: %s: header claims %d labels, implausibly many for the file's size", name, count)
	}
	labels, err := readBody(br, int(count), name, "label")
	if err != nil {
		return nil, err
	}
	if err := checkEnd(br, name, int(count), "labels"); err != nil {
		return nil, err
	}
	for i, l := range labels {
		if l > 9 {
			return nil, fmt.Errorf("mnist: %s: label %d at index %d, want 0..9", name, l, i)
		}
	}
	return labels, nil
}

// WriteImages writes n rows×cols images as a raw (uncompressed) IDX file;
// wrap w in a gzip.Writer for a .gz file. images is (n, rows*cols). It
// panics unless the images are 28×28, 0 ≤ n ≤ MaxItems and len(images) is
// n*rows*cols, so that ReadImages accepts what it writes.
func WriteImages(w io.Writer, images []uint8, n, rows, cols int) error {
	if rows != Rows || cols != Cols {
		panic(fmt.Sprintf("mnist: WriteImages of %d×%d images, want %d×%d", rows, cols, Rows, Cols))
	}
	if n < 0 || n > MaxItems {
		panic(fmt.Sprintf("mnist: WriteImages of %d images, want 0..%d", n, MaxItems))
	}
	if len(images) != n*rows*cols {
		panic(fmt.Sprintf("mnist: WriteImages: len(images) = %d, want %d×%d×%d = %d", len(images), n, rows, cols, n*rows*cols))
	}
	var h [16]byte
	binary.BigEndian.PutUint32(h[0:], imageMagic)
	binary.BigEndian.PutUint32(h[4:], uint32(n))
	binary.BigEndian.PutUint32(h[8:], uint32(rows))
	binary.BigEndian.PutUint32(h[12:], uint32(cols))
	if _, err := w.Write(h[:]); err != nil {
		return fmt.Errorf("mnist: writing image header: %w", err)
	}
	if _, err := w.Write(images); err != nil {
		return fmt.Errorf("mnist: writing images: %w", err)
	}
	return nil
}

// WriteLabels writes labels as a raw (uncompressed) IDX file; wrap w in a
// gzip.Writer for a .gz file. A label outside 0..9 is an error and nothing
// is written. It panics if len(labels) > MaxItems.
func WriteLabels(w io.Writer, labels []uint8) error {
	if len(labels) > MaxItems {
		panic(fmt.Sprintf("mnist: WriteLabels of %d labels, want at most %d", len(labels), MaxItems))
	}
	for i, l := range labels {
		if l > 9 {
			return fmt.Errorf("mnist: writing labels: label %d at index %d, want 0..9", l, i)
		}
	}
	var h [8]byte
	binary.BigEndian.PutUint32(h[0:], labelMagic)
	binary.BigEndian.PutUint32(h[4:], uint32(len(labels)))
	if _, err := w.Write(h[:]); err != nil {
		return fmt.Errorf("mnist: writing label header: %w", err)
	}
	if _, err := w.Write(labels); err != nil {
		return fmt.Errorf("mnist: writing labels: %w", err)
	}
	return nil
}

// open returns a buffered reader of r's content, gunzipping it when it
// starts with the gzip magic bytes.
func open(r io.Reader, name string) (*bufio.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if magic, _ := br.Peek(2); len(magic) < 2 || magic[0] != 0x1f || magic[1] != 0x8b {
		return br, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("mnist: %s: %w", name, err)
	}
	return bufio.NewReaderSize(zr, 64<<10), nil
}

func readHeader(r io.Reader, h []byte, name string) error {
	k, err := io.ReadFull(r, h)
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("mnist: %s: truncated header: want %d bytes, got %d", name, len(h), k)
	case err != nil:
		return fmt.Errorf("mnist: %s: reading header: %w", name, err)
	}
	return nil
}

func badMagic(name string, got, want uint32, kind string) error {
	return fmt.Errorf("mnist: %s: magic number 0x%08x, want 0x%08x (IDX %s file)", name, got, want, kind)
}

// readBody reads exactly n bytes. The buffer starts at firstChunk and grows
// to n (which the caller has bounded) in one step once that chunk is full:
// a header claiming far more than a small r holds costs at most firstChunk,
// and a real file is read without the copies (and the peak) that repeated
// doubling makes.
func readBody(r io.Reader, n int, name, kind string) ([]byte, error) {
	buf := make([]byte, 0, min(n, firstChunk))
	for len(buf) < n {
		if len(buf) == cap(buf) {
			full := make([]byte, len(buf), n)
			copy(full, buf)
			buf = full
		}
		k, err := io.ReadFull(r, buf[len(buf):min(cap(buf), n)])
		buf = buf[:len(buf)+k]
		switch {
		case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
			return nil, fmt.Errorf("mnist: %s: truncated: want %d %s bytes, got %d", name, n, kind, len(buf))
		case err != nil:
			return nil, fmt.Errorf("mnist: %s: reading %s bytes: %w", name, kind, err)
		}
	}
	return buf, nil
}

// checkEnd reports an error unless r is at its end. For gzip input, reading
// to the end is also what verifies the gzip checksum.
func checkEnd(r *bufio.Reader, name string, n int, what string) error {
	switch _, err := r.ReadByte(); {
	case err == nil:
		return fmt.Errorf("mnist: %s: trailing data after %d %s", name, n, what)
	case err != io.EOF:
		return fmt.Errorf("mnist: %s: after %d %s: %w", name, n, what, err)
	}
	return nil
}
