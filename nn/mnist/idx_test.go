package mnist

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
)

func TestReadImages(t *testing.T) {
	two := fixtureImages(2)
	good := imagesFile(t, two, 2)
	goodGz := gz(t, good)
	badCRC := bytes.Clone(goodGz)
	badCRC[len(badCRC)-8] ^= 0xff // first byte of the CRC-32 in the trailer
	tests := []struct {
		name    string
		data    []byte
		want    []uint8 // when no error
		wantErr string
	}{
		{"raw", good, two, ""},
		{"gzip", goodGz, two, ""},
		{"zero images", header(imageMagic, 0, Rows, Cols), []uint8{}, ""},
		{"zero images gzip", gz(t, header(imageMagic, 0, Rows, Cols)), []uint8{}, ""},
		{"empty", nil, nil, "f: truncated header: want 16 bytes, got 0"},
		{"truncated header", good[:5], nil, "f: truncated header: want 16 bytes, got 5"},
		{"truncated header gzip", gz(t, good[:15]), nil, "f: truncated header: want 16 bytes, got 15"},
		{"label magic", cat(header(labelMagic, 2, Rows, Cols), two), nil, "f: magic number 0x00000801, want 0x00000803"},
		{"two dims", cat(header(0x00000802, 2, Rows, Cols), two), nil, "magic number 0x00000802, want 0x00000803"},
		{"float magic", cat(header(0x00000d03, 2, Rows, Cols), two), nil, "magic number 0x00000d03, want 0x00000803"},
		{"27 rows", cat(header(imageMagic, 2, 27, Cols), two), nil, "f: images are 27×28, want 28×28"},
		{"huge cols", cat(header(imageMagic, 2, Rows, 1<<31), two), nil, "images are 28×2147483648, want 28×28"},
		{"zero dims", header(imageMagic, 2, 0, 0), nil, "images are 0×0, want 28×28"},
		{"truncated body", good[:16+1000], nil, "f: truncated: want 1568 image bytes, got 1000"},
		{"truncated body gzip", gz(t, good[:16+1000]), nil, "f: truncated: want 1568 image bytes, got 1000"},
		{"truncated gzip stream", goodGz[:len(goodGz)/2], nil, "f: truncated: want 1568 image bytes"},
		{"count above body", cat(header(imageMagic, 3, Rows, Cols), two), nil, "truncated: want 2352 image bytes, got 1568"},
		{"count over limit", cat(header(imageMagic, MaxItems+1, Rows, Cols), two), nil, "f: header claims 1000001 images, more than the limit 1000000"},
		{"count 2^32-1", header(imageMagic, 1<<32-1, Rows, Cols), nil, "header claims 4294967295 images"},
		{"trailing data", cat(good, []byte{0}), nil, "f: trailing data after 2 images"},
		{"bad gzip checksum", badCRC, nil, "f: after 2 images: gzip: invalid checksum"},
		{"bad gzip header", []byte{0x1f, 0x8b, 0, 0, 0}, nil, "f: unexpected EOF"},
		{"gzip magic only", []byte{0x1f, 0x8b}, nil, "f: unexpected EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			images, n, rows, cols, err := ReadImages(bytes.NewReader(tt.data), "f")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "mnist: f: ") {
					t.Fatalf("ReadImages = %v, want an error containing %q", err, tt.wantErr)
				}
				if images != nil || n != 0 {
					t.Errorf("ReadImages returned %d images with an error", n)
				}
				return
			}
			if err != nil {
				t.Fatalf("ReadImages: %v", err)
			}
			wantN := len(tt.want) / (Rows * Cols)
			if n != wantN || rows != Rows || cols != Cols {
				t.Errorf("ReadImages: n, rows, cols = %d, %d, %d, want %d, %d, %d", n, rows, cols, wantN, Rows, Cols)
			}
			if !bytes.Equal(images, tt.want) {
				t.Errorf("ReadImages: images differ from those written")
			}
		})
	}
}

func TestReadLabels(t *testing.T) {
	ten := fixtureLabels(10, 0)
	good := labelsFile(t, ten)
	tests := []struct {
		name    string
		data    []byte
		want    []uint8
		wantErr string
	}{
		{"raw", good, ten, ""},
		{"gzip", gz(t, good), ten, ""},
		{"zero labels", header(labelMagic, 0), []uint8{}, ""},
		{"empty", nil, nil, "f: truncated header: want 8 bytes, got 0"},
		{"truncated header", good[:7], nil, "f: truncated header: want 8 bytes, got 7"},
		{"image magic", cat(header(imageMagic, 10), ten), nil, "f: magic number 0x00000803, want 0x00000801"},
		{"truncated body", good[:8+3], nil, "f: truncated: want 10 label bytes, got 3"},
		{"truncated body gzip", gz(t, good[:8+3]), nil, "f: truncated: want 10 label bytes, got 3"},
		{"count over limit", cat(header(labelMagic, MaxItems+1), ten), nil, "f: header claims 1000001 labels, more than the limit 1000000"},
		{"label 10", cat(header(labelMagic, 3), []byte{0, 10, 2}), nil, "f: label 10 at index 1, want 0..9"},
		{"label 255", cat(header(labelMagic, 1), []byte{255}), nil, "f: label 255 at index 0, want 0..9"},
		{"trailing data", cat(good, []byte{1, 2}), nil, "f: trailing data after 10 labels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			labels, err := ReadLabels(bytes.NewReader(tt.data), "f")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "mnist: f: ") {
					t.Fatalf("ReadLabels = %v, want an error containing %q", err, tt.wantErr)
				}
				if labels != nil {
					t.Errorf("ReadLabels returned %d labels with an error", len(labels))
				}
				return
			}
			if err != nil {
				t.Fatalf("ReadLabels: %v", err)
			}
			if !bytes.Equal(labels, tt.want) {
				t.Errorf("ReadLabels = %v, want %v", labels, tt.want)
			}
		})
	}
}

// TestReadHugeClaim checks that a header claiming many more items than the
// file holds costs an error and little memory, not the claimed amount.
func TestReadHugeClaim(t *testing.T) {
	body := make([]byte, 5000)
	images := cat(header(imageMagic, MaxItems, Rows, Cols), body) // claims 784 MB
	labels := cat(header(labelMagic, MaxItems), body)             // claims 1 MB
	tests := []struct {
		name     string
		data     []byte
		read     func([]byte) error
		maxBytes uint64
	}{
		{"images raw", images, readImagesErr, 4 << 20},
		{"images gzip", gz(t, images), readImagesErr, 4 << 20},
		{"labels raw", labels, readLabelsErr, 2 << 20},
		{"labels gzip", gz(t, labels), readLabelsErr, 2 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			err := tt.read(tt.data)
			runtime.ReadMemStats(&after)
			if err == nil || !strings.Contains(err.Error(), "truncated") {
				t.Fatalf("read = %v, want a truncation error", err)
			}
			if got := after.TotalAlloc - before.TotalAlloc; got > tt.maxBytes {
				t.Errorf("read allocated %d bytes, want at most %d", got, tt.maxBytes)
			}
		})
	}
}

func readImagesErr(data []byte) error {
	_, _, _, _, err := ReadImages(bytes.NewReader(data), "f")
	return err
}

func readLabelsErr(data []byte) error {
	_, err := ReadLabels(bytes.NewReader(data), "f")
	return err
}

// TestReadBodyGrowth checks that a body larger than the first chunk, which
// makes the buffer grow, reads back intact.
func TestReadBodyGrowth(t *testing.T) {
	for _, n := range []int{firstChunk/(Rows*Cols) + 1, 3*firstChunk/(Rows*Cols) + 5} {
		want := fixtureImages(n)
		images, got, _, _, err := ReadImages(bytes.NewReader(imagesFile(t, want, n)), "f")
		if err != nil {
			t.Fatalf("ReadImages of %d images: %v", n, err)
		}
		if got != n || !bytes.Equal(images, want) {
			t.Errorf("ReadImages of %d images: got %d, or different pixels", n, got)
		}
	}
}

func TestWriteRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		n    int
		gzip bool
	}{
		{"none", 0, false},
		{"one", 1, false},
		{"five gzip", 5, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			images, labels := fixtureImages(tt.n), fixtureLabels(tt.n, 4)
			var ib, lb bytes.Buffer
			iw, lw := writeCloser(&ib, tt.gzip), writeCloser(&lb, tt.gzip)
			if err := WriteImages(iw, images, tt.n, Rows, Cols); err != nil {
				t.Fatal(err)
			}
			if err := WriteLabels(lw, labels); err != nil {
				t.Fatal(err)
			}
			if err := errors.Join(iw.Close(), lw.Close()); err != nil {
				t.Fatal(err)
			}
			gotImages, n, _, _, err := ReadImages(&ib, "images")
			if err != nil || n != tt.n || !bytes.Equal(gotImages, images) {
				t.Errorf("ReadImages(WriteImages(%d images)) = %d images, %v; want the same images", tt.n, n, err)
			}
			gotLabels, err := ReadLabels(&lb, "labels")
			if err != nil || !bytes.Equal(gotLabels, labels) {
				t.Errorf("ReadLabels(WriteLabels(%v)) = %v, %v", labels, gotLabels, err)
			}
		})
	}
}

type nopCloser struct{ *bytes.Buffer }

func (nopCloser) Close() error { return nil }

func writeCloser(b *bytes.Buffer, compress bool) io.WriteCloser {
	if compress {
		return gzip.NewWriter(b)
	}
	return nopCloser{b}
}

func TestWriteImagesPanics(t *testing.T) {
	tests := []struct {
		name               string
		len, n, rows, cols int
		want               string
	}{
		{"short buffer", 784, 2, Rows, Cols, "mnist: WriteImages: len(images) = 784, want 2×28×28 = 1568"},
		{"20×20", 800, 2, 20, 20, "mnist: WriteImages of 20×20 images, want 28×28"},
		{"negative n", 0, -1, Rows, Cols, "mnist: WriteImages of -1 images"},
		{"too many", 0, MaxItems + 1, Rows, Cols, "mnist: WriteImages of 1000001 images"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if s, _ := r.(string); !strings.HasPrefix(s, tt.want) {
					t.Errorf("WriteImages panicked with %v, want %q", r, tt.want)
				}
			}()
			WriteImages(new(bytes.Buffer), make([]uint8, tt.len), tt.n, tt.rows, tt.cols)
		})
	}
}

func TestWriteLabelsBad(t *testing.T) {
	var b bytes.Buffer
	err := WriteLabels(&b, []uint8{1, 2, 10})
	if err == nil || !strings.Contains(err.Error(), "label 10 at index 2") {
		t.Errorf("WriteLabels of label 10 = %v, want an error", err)
	}
	if b.Len() != 0 {
		t.Errorf("WriteLabels wrote %d bytes before failing, want 0", b.Len())
	}
}

type failWriter struct{ after int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.after <= 0 {
		return 0, errors.New("disk full")
	}
	w.after--
	return len(p), nil
}

func TestWriteErrors(t *testing.T) {
	tests := []struct {
		name  string
		write func(w *failWriter) error
		after int
		want  string
	}{
		{"image header", func(w *failWriter) error { return WriteImages(w, fixtureImages(1), 1, Rows, Cols) }, 0, "mnist: writing image header: disk full"},
		{"images", func(w *failWriter) error { return WriteImages(w, fixtureImages(1), 1, Rows, Cols) }, 1, "mnist: writing images: disk full"},
		{"label header", func(w *failWriter) error { return WriteLabels(w, []uint8{1}) }, 0, "mnist: writing label header: disk full"},
		{"labels", func(w *failWriter) error { return WriteLabels(w, []uint8{1}) }, 1, "mnist: writing labels: disk full"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.write(&failWriter{after: tt.after}); err == nil || err.Error() != tt.want {
				t.Errorf("write = %v, want %q", err, tt.want)
			}
		})
	}
}
