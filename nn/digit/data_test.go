package digit

import (
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// mnistSet is a slice of MNIST digits read straight from the IDX files.
type mnistSet struct {
	images []byte // (n, 784) uint8
	labels []byte // (n)
}

func (s mnistSet) len() int { return len(s.labels) }

func (s mnistSet) image(i int) []byte { return s.images[i*Pixels : (i+1)*Pixels] }

var (
	mnistOnce sync.Once
	mnistDir  string
)

// mnistDataDir finds the gzipped IDX files: $BACKPROPLAB_DATA, or the copy
// that ships in the GoMNIST module if it is in the module cache.
func mnistDataDir() string {
	mnistOnce.Do(func() {
		cands := []string{os.Getenv("BACKPROPLAB_DATA")}
		if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
			cands = append(cands, filepath.Join(strings.TrimSpace(string(out)),
				"github.com/petar/!go!m!n!i!s!t@v0.0.0-20150320212226-2fbe10d0fa63/data"))
		}
		for _, d := range cands {
			if d == "" {
				continue
			}
			if _, err := os.Stat(filepath.Join(d, "t10k-images-idx3-ubyte.gz")); err == nil {
				mnistDir = d
				return
			}
		}
	})
	return mnistDir
}

// loadMNIST reads the first n digits of the "train" or "t10k" set (all if
// there are fewer), or skips the test if the data is not on this machine.
func loadMNIST(tb testing.TB, set string, n int) mnistSet {
	tb.Helper()
	dir := mnistDataDir()
	if dir == "" {
		tb.Skip("MNIST data not found: set BACKPROPLAB_DATA to a folder with the gzipped IDX files")
	}
	img, err := readIDX(filepath.Join(dir, set+"-images-idx3-ubyte.gz"), 0x803, 16, n*Pixels)
	if err != nil {
		tb.Fatal(err)
	}
	lab, err := readIDX(filepath.Join(dir, set+"-labels-idx1-ubyte.gz"), 0x801, 8, n)
	if err != nil {
		tb.Fatal(err)
	}
	if len(img) != len(lab)*Pixels {
		tb.Fatalf("%s: %d image bytes for %d labels", set, len(img), len(lab))
	}
	return mnistSet{images: img, labels: lab}
}

// readIDX returns up to limit bytes of the payload of a gzipped IDX file
// after its header.
func readIDX(path string, magic uint32, header, limit int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	b, err := io.ReadAll(io.LimitReader(z, int64(header+limit)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(b) < header || binary.BigEndian.Uint32(b) != magic {
		return nil, fmt.Errorf("%s: not an IDX file with magic %#x", path, magic)
	}
	return b[header:], nil
}
