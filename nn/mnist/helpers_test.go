package mnist

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
)

// fixtureImages returns n 28×28 images (n, 784) whose pixels depend on the
// image and pixel index, so a swapped or shifted image is noticed.
func fixtureImages(n int) []uint8 {
	img := make([]uint8, n*Rows*Cols)
	for i := range img {
		img[i] = uint8(i*7 + i/(Rows*Cols)*31)
	}
	return img
}

// fixtureLabels returns n labels cycling through 0..9 from start.
func fixtureLabels(n, start int) []uint8 {
	l := make([]uint8, n)
	for i := range l {
		l[i] = uint8((start + i) % 10)
	}
	return l
}

// imagesFile returns a raw IDX image file of images (n, 784).
func imagesFile(t testing.TB, images []uint8, n int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteImages(&b, images, n, Rows, Cols); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// labelsFile returns a raw IDX label file.
func labelsFile(t testing.TB, labels []uint8) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteLabels(&b, labels); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// header returns an IDX header of big-endian words.
func header(words ...uint32) []byte {
	b := make([]byte, 4*len(words))
	for i, w := range words {
		binary.BigEndian.PutUint32(b[4*i:], w)
	}
	return b
}

// cat concatenates byte slices into a new one.
func cat(parts ...[]byte) []byte {
	return bytes.Join(parts, nil)
}

// gz returns data gzip-compressed.
func gz(t testing.TB, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// fixtureFiles returns a small data set as the four gzip files of Files:
// nTrain and nTest images with labels.
func fixtureFiles(t testing.TB, nTrain, nTest int) map[string][]byte {
	t.Helper()
	return map[string][]byte{
		trainImages: gz(t, imagesFile(t, fixtureImages(nTrain), nTrain)),
		trainLabels: gz(t, labelsFile(t, fixtureLabels(nTrain, 3))),
		testImages:  gz(t, imagesFile(t, fixtureImages(nTest), nTest)),
		testLabels:  gz(t, labelsFile(t, fixtureLabels(nTest, 7))),
	}
}

// sums returns the hex SHA-256 of each file.
func sums(files map[string][]byte) map[string]string {
	s := make(map[string]string)
	for name, data := range files {
		h := sha256.Sum256(data)
		s[name] = hex.EncodeToString(h[:])
	}
	return s
}

// writeFiles writes files into dir.
func writeFiles(t testing.TB, dir string, files map[string][]byte) {
	t.Helper()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// dirNames lists the names in dir.
func dirNames(t testing.TB, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
