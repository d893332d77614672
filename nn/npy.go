package nn

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

var npyMagic = []byte("\x93NUMPY")

// writeNPY writes a float32 array of the given shape in numpy's .npy format
// (version 1.0, little-endian, C order).
func writeNPY(w io.Writer, data []float32, shape ...int) error {
	dims := make([]string, len(shape))
	for i, d := range shape {
		dims[i] = strconv.Itoa(d)
	}
	tuple := strings.Join(dims, ", ")
	if len(shape) == 1 {
		tuple += ","
	}
	header := fmt.Sprintf("{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }", tuple)
	// Pad so that magic(6) + version(2) + length(2) + header + '\n' is a multiple of 64.
	total := 10 + len(header) + 1
	pad := (64 - total%64) % 64
	header += strings.Repeat(" ", pad) + "\n"
	var pre [10]byte
	copy(pre[:], npyMagic)
	pre[6], pre[7] = 1, 0
	binary.LittleEndian.PutUint16(pre[8:], uint16(len(header)))
	buf := make([]byte, 0, 10+len(header)+4*len(data))
	buf = append(buf, pre[:]...)
	buf = append(buf, header...)
	for _, v := range data {
		buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(v))
	}
	_, err := w.Write(buf)
	return err
}

// readNPY parses a .npy file holding a little-endian float32 C-order array
// and returns its data and shape. maxElems bounds what it will allocate.
func readNPY(b []byte, maxElems int) ([]float32, []int, error) {
	descr, fortran, shape, body, err := npyHeader(b)
	if err != nil {
		return nil, nil, err
	}
	if descr != "<f4" {
		return nil, nil, fmt.Errorf("array type %s, want float32 (<f4)", descr)
	}
	if fortran {
		return nil, nil, errors.New("fortran-order arrays are not supported")
	}
	n := 1
	for _, d := range shape {
		if d < 0 || (d > 0 && n > maxElems/d) {
			return nil, nil, fmt.Errorf("array shape %v too large", shape)
		}
		n *= d
	}
	if len(body) < 4*n {
		return nil, nil, fmt.Errorf("truncated array data: want %d bytes, got %d", 4*n, len(body))
	}
	data := make([]float32, n)
	for i := range data {
		data[i] = math.Float32frombits(binary.LittleEndian.Uint32(body[4*i:]))
	}
	return data, shape, nil
}

// npyHeader parses the header of a .npy file and returns its fields and
// the bytes after it.
func npyHeader(b []byte) (descr string, fortran bool, shape []int, body []byte, err error) {
	if len(b) < 10 || !bytes.Equal(b[:6], npyMagic) {
		return "", false, nil, nil, errors.New("not a .npy array")
	}
	var hlen, start int
	switch major := b[6]; major {
	case 1:
		hlen, start = int(binary.LittleEndian.Uint16(b[8:10])), 10
	case 2, 3:
		if len(b) < 12 {
			return "", false, nil, nil, errors.New("truncated .npy header")
		}
		hlen, start = int(binary.LittleEndian.Uint32(b[8:12])), 12
	default:
		return "", false, nil, nil, fmt.Errorf("unsupported .npy version %d", major)
	}
	if hlen > 1<<16 || start+hlen > len(b) {
		return "", false, nil, nil, errors.New("truncated .npy header")
	}
	descr, fortran, shape, err = parseNPYHeader(string(b[start : start+hlen]))
	return descr, fortran, shape, b[start+hlen:], err
}

// parseNPYHeader reads the three keys of a .npy header dictionary, e.g.
// {'descr': '<f4', 'fortran_order': False, 'shape': (784, 128), }.
func parseNPYHeader(h string) (descr string, fortran bool, shape []int, err error) {
	h = strings.TrimSpace(h)
	if !strings.HasPrefix(h, "{") || !strings.HasSuffix(h, "}") {
		return "", false, nil, errors.New("bad .npy header")
	}
	d, ok := npyValue(h, "descr")
	if !ok {
		return "", false, nil, errors.New(".npy header lacks descr")
	}
	descr = strings.Trim(d, "'\"")
	f, ok := npyValue(h, "fortran_order")
	if !ok || (f != "False" && f != "True") {
		return "", false, nil, errors.New(".npy header lacks fortran_order")
	}
	fortran = f == "True"
	s, ok := npyValue(h, "shape")
	if !ok || !strings.HasPrefix(s, "(") || !strings.HasSuffix(s, ")") {
		return "", false, nil, errors.New(".npy header lacks shape")
	}
	for part := range strings.SplitSeq(strings.Trim(s, "()"), ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		v, err := strconv.Atoi(strings.TrimSuffix(part, "L"))
		if err != nil || v < 0 {
			return "", false, nil, fmt.Errorf("bad .npy shape %s", s)
		}
		shape = append(shape, v)
		if len(shape) > 8 {
			return "", false, nil, fmt.Errorf("bad .npy shape %s", s)
		}
	}
	return descr, fortran, shape, nil
}

// npyValue returns the raw text of key's value in a header dictionary.
func npyValue(h, key string) (string, bool) {
	i := strings.Index(h, "'"+key+"'")
	if i < 0 {
		return "", false
	}
	rest := strings.TrimSpace(h[i+len(key)+2:])
	rest, ok := strings.CutPrefix(rest, ":")
	if !ok {
		return "", false
	}
	rest = strings.TrimSpace(rest)
	end := strings.IndexByte(rest, ',')
	if strings.HasPrefix(rest, "(") {
		end = strings.IndexByte(rest, ')') + 1
	}
	if end <= 0 {
		end = strings.IndexByte(rest, '}')
	}
	if end < 0 {
		return "", false
	}
	return strings.TrimSpace(rest[:end]), true
}

// errShapeMismatch is returned by readNPYInto with the shape found.
var errShapeMismatch = errors.New("shape mismatch")

// readNPYInto reads a .npy stream holding a little-endian float32 C-order
// array of shape want into dst (len(dst) is the product of want) and checks
// that nothing follows it. It allocates nothing in proportion to what the
// stream claims: a header of another shape fails (errShapeMismatch, with
// the shape found) before any data is read, and reading stops at
// len(dst) values.
func readNPYInto(r io.Reader, dst []float32, want []int) ([]int, error) {
	var pre [12]byte
	if _, err := io.ReadFull(r, pre[:10]); err != nil || !bytes.Equal(pre[:6], npyMagic) {
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, err
		}
		return nil, errors.New("not a .npy array")
	}
	var hlen int
	switch major := pre[6]; major {
	case 1:
		hlen = int(binary.LittleEndian.Uint16(pre[8:10]))
	case 2, 3:
		if _, err := io.ReadFull(r, pre[10:12]); err != nil {
			return nil, errors.New("truncated .npy header")
		}
		hlen = int(binary.LittleEndian.Uint32(pre[8:12]))
	default:
		return nil, fmt.Errorf("unsupported .npy version %d", major)
	}
	if hlen > 1<<16 {
		return nil, errors.New("truncated .npy header")
	}
	h := make([]byte, hlen)
	if _, err := io.ReadFull(r, h); err != nil {
		return nil, errors.New("truncated .npy header")
	}
	descr, fortran, shape, err := parseNPYHeader(string(h))
	switch {
	case err != nil:
		return nil, err
	case descr != "<f4":
		return nil, fmt.Errorf("array type %s, want float32 (<f4)", descr)
	case fortran:
		return nil, errors.New("fortran-order arrays are not supported")
	case !slices.Equal(shape, want):
		return shape, errShapeMismatch
	}
	buf := make([]byte, 4*min(len(dst), 8192))
	for i := 0; i < len(dst); {
		k := min(len(buf)/4, len(dst)-i)
		if n, err := io.ReadFull(r, buf[:4*k]); err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return nil, fmt.Errorf("truncated array data: want %d bytes, got %d", 4*len(dst), 4*i+n)
			}
			return nil, err
		}
		for j := range k {
			dst[i+j] = math.Float32frombits(binary.LittleEndian.Uint32(buf[4*j:]))
		}
		i += k
	}
	// Reading to the end also verifies the zip member's checksum.
	var one [1]byte
	switch _, err := io.ReadFull(r, one[:]); {
	case err == nil:
		return nil, errors.New("trailing data after the array")
	case !errors.Is(err, io.EOF):
		return nil, err
	}
	return shape, nil
}
