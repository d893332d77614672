package mnist

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the files in testdata")

// testdataFiles are the seed files: two images and their labels, raw and
// gzip-compressed.
func testdataFiles(t testing.TB) map[string][]byte {
	images := imagesFile(t, fixtureImages(2), 2)
	labels := labelsFile(t, fixtureLabels(2, 3))
	return map[string][]byte{
		"images-2.idx":    images,
		"images-2.idx.gz": gz(t, images),
		"labels-2.idx":    labels,
		"labels-2.idx.gz": gz(t, labels),
	}
}

// TestTestdata checks that the committed seed files read back as the
// fixture they were made from; -update rewrites them.
func TestTestdata(t *testing.T) {
	if *update {
		writeFiles(t, "testdata", testdataFiles(t))
	}
	tests := []struct {
		file   string
		images bool
	}{
		{"images-2.idx", true},
		{"images-2.idx.gz", true},
		{"labels-2.idx", false},
		{"labels-2.idx.gz", false},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if tt.images {
				images, n, _, _, err := ReadImages(f, tt.file)
				if err != nil || n != 2 || !bytes.Equal(images, fixtureImages(2)) {
					t.Errorf("ReadImages(%s) = %d images, %v; want the 2 fixture images", tt.file, n, err)
				}
				return
			}
			labels, err := ReadLabels(f, tt.file)
			if want := fixtureLabels(2, 3); err != nil || !bytes.Equal(labels, want) {
				t.Errorf("ReadLabels(%s) = %v, %v; want %v", tt.file, labels, err, want)
			}
		})
	}
}

// addSeeds adds the testdata files, and cut and inflated versions of them.
func addSeeds(f *testing.F) {
	matches, err := filepath.Glob(filepath.Join("testdata", "*.idx*"))
	if err != nil || len(matches) == 0 {
		f.Fatalf("no seed files in testdata: %v", err)
	}
	for _, m := range matches {
		data, err := os.ReadFile(m)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		f.Add(data[:len(data)/2])
	}
	f.Add(header(imageMagic, MaxItems, Rows, Cols))
	f.Add(header(labelMagic, MaxItems))
	f.Add(cat(header(labelMagic, 3), []byte{1, 2, 3}))
}

func FuzzReadImages(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		images, n, rows, cols, err := ReadImages(bytes.NewReader(data), "fuzz")
		if err != nil {
			return
		}
		if rows != Rows || cols != Cols || n < 0 || n > MaxItems || len(images) != n*rows*cols {
			t.Fatalf("ReadImages = %d bytes, n %d, %d×%d: inconsistent", len(images), n, rows, cols)
		}
		var b bytes.Buffer
		if err := WriteImages(&b, images, n, rows, cols); err != nil {
			t.Fatal(err)
		}
		again, n2, _, _, err := ReadImages(&b, "again")
		if err != nil || n2 != n || !bytes.Equal(again, images) {
			t.Fatalf("ReadImages(WriteImages(images)) = %d images, %v; want the same %d", n2, err, n)
		}
	})
}

func FuzzReadLabels(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		labels, err := ReadLabels(bytes.NewReader(data), "fuzz")
		if err != nil {
			return
		}
		if len(labels) > MaxItems {
			t.Fatalf("ReadLabels returned %d labels, more than MaxItems", len(labels))
		}
		var b bytes.Buffer
		if err := WriteLabels(&b, labels); err != nil {
			t.Fatalf("WriteLabels of read labels: %v", err)
		}
		again, err := ReadLabels(&b, "again")
		if err != nil || !bytes.Equal(again, labels) {
			t.Fatalf("ReadLabels(WriteLabels(%v)) = %v, %v", labels, again, err)
		}
	})
}
