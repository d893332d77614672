package mnist

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	good := fixtureFiles(t, 12, 5)
	tests := []struct {
		name    string
		files   func(t *testing.T) map[string][]byte // name in dir → content
		wantErr string                               // "" for success
		notFind bool                                 // the error wraps ErrNotFound
	}{
		{"gzip", func(t *testing.T) map[string][]byte { return good }, "", false},
		{"raw", func(t *testing.T) map[string][]byte {
			return map[string][]byte{
				"train-images-idx3-ubyte": imagesFile(t, fixtureImages(12), 12),
				"train-labels-idx1-ubyte": labelsFile(t, fixtureLabels(12, 3)),
				"t10k-images-idx3-ubyte":  imagesFile(t, fixtureImages(5), 5),
				"t10k-labels-idx1-ubyte":  labelsFile(t, fixtureLabels(5, 7)),
			}
		}, "", false},
		{"mixed", func(t *testing.T) map[string][]byte {
			return map[string][]byte{
				trainImages:               good[trainImages],
				"train-labels-idx1-ubyte": labelsFile(t, fixtureLabels(12, 3)),
				testImages:                good[testImages],
				testLabels:                good[testLabels],
			}
		}, "", false},
		{"label count disagrees", func(t *testing.T) map[string][]byte {
			return withFile(good, trainLabels, gz(t, labelsFile(t, fixtureLabels(11, 3))))
		}, "train-labels-idx1-ubyte.gz: 11 labels, but ", false},
		{"test label count disagrees", func(t *testing.T) map[string][]byte {
			return withFile(good, testLabels, gz(t, labelsFile(t, fixtureLabels(6, 3))))
		}, "t10k-labels-idx1-ubyte.gz: 6 labels, but ", false},
		{"truncated test images", func(t *testing.T) map[string][]byte {
			return withFile(good, testImages, gz(t, imagesFile(t, fixtureImages(5), 5)[:100]))
		}, "t10k-images-idx3-ubyte.gz: truncated: want 3920 image bytes, got 84", false},
		{"bad train labels", func(t *testing.T) map[string][]byte {
			return withFile(good, trainLabels, []byte("not an IDX file"))
		}, "train-labels-idx1-ubyte.gz: magic number 0x6e6f7420, want 0x00000801", false},
		{"missing test labels", func(t *testing.T) map[string][]byte {
			return withFile(good, testLabels, nil)
		}, "no t10k-labels-idx1-ubyte.gz (nor t10k-labels-idx1-ubyte)", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, tt.files(t))
			train, test, err := Load(dir)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "mnist: ") {
					t.Fatalf("Load = %v, want an error containing %q", err, tt.wantErr)
				}
				if errors.Is(err, ErrNotFound) != tt.notFind {
					t.Errorf("errors.Is(%v, ErrNotFound) = %t, want %t", err, !tt.notFind, tt.notFind)
				}
				if train != nil || test != nil {
					t.Errorf("Load returned sets with an error")
				}
				return
			}
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			for _, c := range []struct {
				s        *Set
				n, start int
			}{{train, 12, 3}, {test, 5, 7}} {
				want := &Set{Images: fixtureImages(c.n), Labels: fixtureLabels(c.n, c.start), N: c.n, Rows: Rows, Cols: Cols}
				if !equalSets(c.s, want) {
					t.Errorf("Load: set of N=%d differs from the one written", c.s.N)
				}
			}
		})
	}
}

// withFile returns a copy of files with name set to data, or removed when
// data is nil.
func withFile(files map[string][]byte, name string, data []byte) map[string][]byte {
	c := make(map[string][]byte)
	for k, v := range files {
		c[k] = v
	}
	if data == nil {
		delete(c, name)
	} else {
		c[name] = data
	}
	return c
}

func equalSets(a, b *Set) bool {
	return a.N == b.N && a.Rows == b.Rows && a.Cols == b.Cols &&
		bytes.Equal(a.Images, b.Images) && bytes.Equal(a.Labels, b.Labels)
}

func TestSetImageSubset(t *testing.T) {
	s := &Set{Images: fixtureImages(4), Labels: fixtureLabels(4, 0), N: 4, Rows: Rows, Cols: Cols}
	for i := range s.N {
		if got, want := s.Image(i), s.Images[i*784:(i+1)*784]; !bytes.Equal(got, want) || cap(got) != 784 {
			t.Errorf("Image(%d) has cap %d or different pixels, want the 784 pixels of image %d", i, cap(got), i)
		}
	}
	idx := []int{3, 1, 3}
	sub := s.Subset(idx)
	want := &Set{N: 3, Rows: Rows, Cols: Cols}
	for _, i := range idx {
		want.Images = append(want.Images, s.Image(i)...)
		want.Labels = append(want.Labels, s.Labels[i])
	}
	if !equalSets(sub, want) {
		t.Fatalf("Subset(%v) = N %d labels %v, want N 3 labels %v", idx, sub.N, sub.Labels, want.Labels)
	}
	s.Images[3*784] ^= 0xff
	s.Labels[3] = 9
	if !equalSets(sub, want) {
		t.Errorf("Subset shares memory with its source")
	}
	if empty := s.Subset(nil); empty.N != 0 || len(empty.Images) != 0 || empty.Rows != Rows {
		t.Errorf("Subset(nil) = %+v, want an empty set", empty)
	}

	panics := []struct {
		name string
		f    func()
		want string
	}{
		{"Image(-1)", func() { s.Image(-1) }, "mnist: Image(-1) out of range [0, 4)"},
		{"Image(4)", func() { s.Image(4) }, "mnist: Image(4) out of range [0, 4)"},
		{"Subset 4", func() { s.Subset([]int{0, 4}) }, "mnist: Subset index 4 out of range [0, 4)"},
		{"Subset -1", func() { s.Subset([]int{-1}) }, "mnist: Subset index -1 out of range [0, 4)"},
	}
	for _, tt := range panics {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r != tt.want {
					t.Errorf("%s panicked with %v, want %q", tt.name, r, tt.want)
				}
			}()
			tt.f()
		})
	}
}

func TestFiles(t *testing.T) {
	want := []string{"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}
	got := Files()
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Files() = %v, want %v", got, want)
	}
	got[0] = "changed"
	if Files()[0] != want[0] {
		t.Errorf("Files() returns a shared slice")
	}
	for _, name := range want {
		if len(sha256Sums[name]) != 64 {
			t.Errorf("sha256Sums[%q] = %q, want 64 hex digits", name, sha256Sums[name])
		}
	}
}

func TestLocate(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache) // Linux and BSD
	t.Setenv("HOME", cache)           // macOS
	t.Setenv("LocalAppData", cache)   // Windows
	cacheDir, err := CacheDir()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(cacheDir, cache) || !strings.HasSuffix(cacheDir, filepath.Join("backproplab", "mnist")) {
		t.Fatalf("CacheDir() = %q, want %q/…/backproplab/mnist", cacheDir, cache)
	}
	full, partial, empty, envDir := t.TempDir(), t.TempDir(), t.TempDir(), t.TempDir()
	files := fixtureFiles(t, 2, 1)
	writeFiles(t, full, files)
	writeFiles(t, envDir, files)
	writeFiles(t, partial, withFile(files, trainLabels, nil))
	if err := os.Mkdir(filepath.Join(partial, "train-labels-idx1-ubyte"), 0o755); err != nil {
		t.Fatal(err) // a folder does not count as the file
	}

	tests := []struct {
		name    string
		dir     string
		env     string
		want    string
		wantErr string // "" for success; errors must wrap ErrNotFound
	}{
		{"flag", full, "", full, ""},
		{"flag before env", full, empty, full, ""},
		{"env", "", envDir, envDir, ""},
		{"flag missing a file", partial, envDir, "", partial + ": no train-labels-idx1-ubyte.gz (nor train-labels-idx1-ubyte)"},
		{"env empty dir", "", empty, "", empty + ": no train-images-idx3-ubyte.gz"},
		{"cache absent", "", "", "", cacheDir + ": no train-images-idx3-ubyte.gz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EnvData, tt.env)
			got, err := Locate(tt.dir)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, ErrNotFound) {
					t.Fatalf("Locate(%q) = %q, %v; want an ErrNotFound error containing %q", tt.dir, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Locate(%q) = %q, %v; want %q", tt.dir, got, err, tt.want)
			}
		})
	}

	t.Run("cache", func(t *testing.T) {
		t.Setenv(EnvData, "")
		if err := os.MkdirAll(cacheDir, 0o755); err != nil {
			t.Fatal(err)
		}
		writeFiles(t, cacheDir, files)
		if got, err := Locate(""); err != nil || got != cacheDir {
			t.Errorf(`Locate("") = %q, %v; want %q`, got, err, cacheDir)
		}
	})
}

// TestEnsure checks that Ensure returns a folder holding the data without
// fetching, and fetches into the chosen folder when the data is missing.
func TestEnsure(t *testing.T) {
	files := fixtureFiles(t, 3, 2)
	srv := fileServer(t, files, nil)
	setDefaults(t, "", []string{srv.URL + "/"}, sums(files))

	full := t.TempDir()
	writeFiles(t, full, files)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if got, err := Ensure(cancelled, full, nil); err != nil || got != full {
		t.Errorf("Ensure(cancelled, full dir) = %q, %v; want %q without fetching", got, err, full)
	}

	env := filepath.Join(t.TempDir(), "new", "data")
	t.Setenv(EnvData, env)
	var seen []string
	progress := func(file string, done, total int64) {
		if done == total {
			seen = append(seen, file)
		}
	}
	got, err := Ensure(context.Background(), "", progress)
	if err != nil || got != env {
		t.Fatalf(`Ensure("") = %q, %v; want %q`, got, err, env)
	}
	if strings.Join(seen, " ") != strings.Join(Files(), " ") {
		t.Errorf("Ensure reported files %v complete, want %v", seen, Files())
	}
	train, test, err := Load(got)
	if err != nil || train.N != 3 || test.N != 2 {
		t.Errorf("Load after Ensure: %v", err)
	}
}
