package mnist

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"
)

// realDir returns the folder holding the real set ($BACKPROPLAB_DATA or the
// cache), or skips the test.
func realDir(tb testing.TB) string {
	tb.Helper()
	dir, err := Locate("")
	if errors.Is(err, ErrNotFound) {
		if os.Getenv("BACKPROPLAB_REQUIRE_MNIST") == "1" {
			tb.Fatalf("no MNIST data, and BACKPROPLAB_REQUIRE_MNIST=1 (make test fetches it first): %v", err)
		}
		tb.Skipf("no MNIST data (set %s or run backproplab fetch): %v", EnvData, err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return dir
}

// TestLoadReal checks the real set against facts about it: the counts, the
// number of each digit, the first labels, and sums of pixels.
func TestLoadReal(t *testing.T) {
	train, test, err := Load(realDir(t))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		s        *Set
		n        int
		digits   [10]int
		first    []uint8
		firstSum int   // the pixels of image 0
		pixelSum int64 // all pixels
		y, x     int   // a pixel of image 0…
		pixel    uint8 // …and its value
	}{
		{"train", train, 60000, [10]int{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949},
			[]uint8{5, 0, 4, 1, 9}, 27525, 1567298545, 14, 14, 240},
		{"test", test, 10000, [10]int{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009},
			[]uint8{7, 2, 1, 0, 4}, 18454, 264923200, 10, 14, 67},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.s
			if s.N != tt.n || s.Rows != 28 || s.Cols != 28 || len(s.Images) != tt.n*784 || len(s.Labels) != tt.n {
				t.Fatalf("N, Rows, Cols = %d, %d, %d with %d pixels and %d labels; want %d, 28, 28",
					s.N, s.Rows, s.Cols, len(s.Images), len(s.Labels), tt.n)
			}
			var digits [10]int
			for _, l := range s.Labels {
				digits[l]++
			}
			if digits != tt.digits {
				t.Errorf("digit counts = %v, want %v", digits, tt.digits)
			}
			for i, want := range tt.first {
				if s.Labels[i] != want {
					t.Errorf("Labels[%d] = %d, want %d", i, s.Labels[i], want)
				}
			}
			firstSum := 0
			for _, p := range s.Image(0) {
				firstSum += int(p)
			}
			if firstSum != tt.firstSum {
				t.Errorf("sum of image 0 = %d, want %d", firstSum, tt.firstSum)
			}
			var total int64
			for _, p := range s.Images {
				total += int64(p)
			}
			if total != tt.pixelSum {
				t.Errorf("sum of all pixels = %d, want %d", total, tt.pixelSum)
			}
			if got := s.Image(0)[tt.y*28+tt.x]; got != tt.pixel {
				t.Errorf("image 0 pixel (%d, %d) = %d, want %d", tt.y, tt.x, got, tt.pixel)
			}
		})
	}
}

// BenchmarkLoad loads the real set: 47 MB + 7.8 MB of pixels from 11.6 MB
// of gzip.
func BenchmarkLoad(b *testing.B) {
	dir := realDir(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Load(dir); err != nil {
			b.Fatal(err)
		}
	}
}

// TestFetchReal fetches the real set into a temporary folder with the
// default sources. It runs only with BACKPROPLAB_TEST_FETCH=1, as it may
// use the network.
func TestFetchReal(t *testing.T) {
	if os.Getenv("BACKPROPLAB_TEST_FETCH") != "1" {
		t.Skip("set BACKPROPLAB_TEST_FETCH=1 to fetch the real set")
	}
	dir := t.TempDir()
	start := time.Now()
	if err := Fetch(context.Background(), dir, nil); err != nil {
		t.Fatal(err)
	}
	t.Logf("fetched in %v", time.Since(start))
	train, test, err := Load(dir)
	if err != nil || train.N != 60000 || test.N != 10000 {
		t.Errorf("Load after Fetch: %v", err)
	}
}
