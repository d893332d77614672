package mnist

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// serveFunc answers a request for a file whose right content is data.
type serveFunc func(w http.ResponseWriter, r *http.Request, data []byte)

// testServer is a mirror serving files, counting the requests.
type testServer struct {
	*httptest.Server
	requests atomic.Int64
}

// fileServer starts a mirror of files; serve (nil: the right content with
// its Content-Length) answers each request for a known file.
func fileServer(t *testing.T, files map[string][]byte, serve serveFunc) *testServer {
	t.Helper()
	if serve == nil {
		serve = serveGood
	}
	s := new(testServer)
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		data, ok := files[path.Base(r.URL.Path)]
		if !ok {
			http.NotFound(w, r)
			return
		}
		serve(w, r, data)
	}))
	t.Cleanup(s.Close)
	return s
}

func serveGood(w http.ResponseWriter, _ *http.Request, data []byte) {
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

// serveCorrupt sends the right length with one byte changed.
func serveCorrupt(w http.ResponseWriter, r *http.Request, data []byte) {
	bad := bytes.Clone(data)
	bad[len(bad)/2] ^= 1
	serveGood(w, r, bad)
}

// serveShort announces the full length, sends half and hangs up.
func serveShort(w http.ResponseWriter, _ *http.Request, data []byte) {
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data[:len(data)/2])
}

// serveStall sends half, then nothing until the client goes away.
func serveStall(w http.ResponseWriter, r *http.Request, data []byte) {
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data[:len(data)/2])
	w.(http.Flusher).Flush()
	<-r.Context().Done()
}

// serveMute sends no headers until the client goes away.
func serveMute(_ http.ResponseWriter, r *http.Request, _ []byte) {
	<-r.Context().Done()
}

func serveStatus(code int) serveFunc {
	return func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		http.Error(w, http.StatusText(code), code)
	}
}

// serveFirstOnly serves trainImages and fails the rest with 500.
func serveFirstOnly(w http.ResponseWriter, r *http.Request, data []byte) {
	if path.Base(r.URL.Path) == trainImages {
		serveGood(w, r, data)
		return
	}
	serveStatus(http.StatusInternalServerError)(w, r, data)
}

// setDefaults substitutes the sources and checksums Fetch uses for the
// test's duration.
func setDefaults(t *testing.T, goCmd string, ms []string, sums map[string]string) {
	oldGo, oldMirrors, oldSums := goCommand, mirrors, sha256Sums
	goCommand, mirrors, sha256Sums = goCmd, ms, sums
	t.Cleanup(func() { goCommand, mirrors, sha256Sums = oldGo, oldMirrors, oldSums })
}

// checkDir checks that dir holds nothing but complete files of files, and
// returns their names.
func checkDir(t *testing.T, dir string, files map[string][]byte) []string {
	t.Helper()
	names := dirNames(t, dir)
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if want, ok := files[name]; !ok || !bytes.Equal(data, want) {
			t.Errorf("fetch left %s (%d bytes) in the folder, not one of the right files", name, len(data))
		}
	}
	return names
}

func TestFetch(t *testing.T) {
	files := fixtureFiles(t, 3, 2)
	tests := []struct {
		name     string
		existing map[string][]byte // files in dir before the fetch
		serve    []serveFunc       // one mirror each
		requests []int64           // requests each mirror gets
		wantErr  []string          // substrings; the mirrors' URLs replace %0, %1
		stall    bool              // give up after 1 s of silence, not 1 min
	}{
		{"good", nil, []serveFunc{serveGood}, []int64{4}, nil, false},
		{"bad checksum falls through", nil, []serveFunc{serveCorrupt, serveGood}, []int64{1, 4}, nil, false},
		{"all bad checksums", nil, []serveFunc{serveCorrupt, serveCorrupt}, []int64{1, 1}, []string{
			"mnist: fetching train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz into ",
			"\n%0/: train-images-idx3-ubyte.gz: SHA-256 ",
			", want " + sums(files)[trainImages] + "\n%1/: train-images-idx3-ubyte.gz: SHA-256 ",
		}, false},
		{"second file fails", nil, []serveFunc{serveFirstOnly, serveGood}, []int64{2, 3}, nil, false},
		{"short body", nil, []serveFunc{serveShort}, []int64{1}, []string{
			"\n%0/: train-images-idx3-ubyte.gz: after ", " of " + strconv.Itoa(len(files[trainImages])) + " bytes: unexpected EOF",
		}, false},
		{"short body falls through", nil, []serveFunc{serveShort, serveGood}, []int64{1, 4}, nil, false},
		{"not found", nil, []serveFunc{serveStatus(http.StatusNotFound)}, []int64{1}, []string{
			"\n%0/: train-images-idx3-ubyte.gz: GET %0/train-images-idx3-ubyte.gz: 404 Not Found",
		}, false},
		{"stalled body", nil, []serveFunc{serveStall}, []int64{1}, []string{
			"%0/: train-images-idx3-ubyte.gz: after ", "no data for 1s: stalled",
		}, true},
		{"stalled headers", nil, []serveFunc{serveMute}, []int64{1}, []string{
			"%0/: train-images-idx3-ubyte.gz: no data for 1s: stalled",
		}, true},
		{"stall falls through", nil, []serveFunc{serveStall, serveGood}, []int64{1, 4}, nil, true},
		{"present files skipped", files, []serveFunc{serveStatus(http.StatusInternalServerError)}, []int64{0}, nil, false},
		{"corrupt file replaced", withFile(files, testImages, []byte("junk")), []serveFunc{serveGood}, []int64{1}, nil, false},
		{"no sources", nil, nil, nil, []string{"t10k-labels-idx1-ubyte.gz into ", " failed:\nno sources"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "a", "b")
			if tt.existing != nil {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				writeFiles(t, dir, tt.existing)
			}
			var servers []*testServer
			f := fetcher{sums: sums(files), stall: time.Minute}
			if tt.stall {
				f.stall = time.Second
			}
			for _, serve := range tt.serve {
				s := fileServer(t, files, serve)
				servers = append(servers, s)
				f.mirrors = append(f.mirrors, s.URL+"/")
			}
			last := make(map[string][2]int64)
			err := f.fetch(context.Background(), dir, func(file string, done, total int64) {
				if prev := last[file]; done < prev[0] && done != 0 {
					t.Errorf("progress(%s) went back from %d to %d, not to 0 for a new source", file, prev[0], done)
				}
				last[file] = [2]int64{done, total}
			})
			for i, s := range servers {
				if got := s.requests.Load(); got != tt.requests[i] {
					t.Errorf("mirror %d got %d requests, want %d", i, got, tt.requests[i])
				}
			}
			names := checkDir(t, dir, files)
			if tt.wantErr != nil {
				if err == nil {
					t.Fatalf("fetch succeeded, want an error")
				}
				for _, want := range tt.wantErr {
					for i, s := range servers {
						want = strings.ReplaceAll(want, "%"+strconv.Itoa(i), s.URL)
					}
					if !strings.Contains(err.Error(), want) {
						t.Errorf("fetch error\n%v\ndoes not contain %q", err, want)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("fetch: %v", err)
			}
			if !slices.Equal(names, slices.Sorted(slices.Values(Files()))) {
				t.Errorf("fetch left %v, want %v", names, Files())
			}
			for _, name := range Files() {
				if n := int64(len(files[name])); last[name] != [2]int64{n, n} {
					t.Errorf("last progress(%s) = %v, want done = total = %d", name, last[name], n)
				}
			}
		})
	}
}

func TestFetchCancel(t *testing.T) {
	files := fixtureFiles(t, 3, 2)
	srv := fileServer(t, files, serveStall)
	f := fetcher{mirrors: []string{srv.URL, srv.URL}, sums: sums(files), stall: time.Minute}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	err := f.fetch(ctx, dir, func(file string, done, total int64) {
		if done > 0 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) || !strings.HasPrefix(err.Error(), "mnist: fetching train-images-idx3-ubyte.gz: ") {
		t.Errorf("fetch after cancel = %v, want a context.Canceled error naming the file", err)
	}
	if got := srv.requests.Load(); got != 1 {
		t.Errorf("mirrors got %d requests, want 1: a cancel must not try the next source", got)
	}
	if names := dirNames(t, dir); len(names) != 0 {
		t.Errorf("cancelled fetch left %v", names)
	}
}

func TestFetchUnwritableDir(t *testing.T) {
	files := fixtureFiles(t, 1, 1)
	srv := fileServer(t, files, nil)
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	f := fetcher{mirrors: []string{srv.URL}, sums: sums(files), stall: time.Minute}
	if err := f.fetch(context.Background(), filepath.Join(file, "sub"), nil); err == nil || !strings.HasPrefix(err.Error(), "mnist: mkdir ") {
		t.Errorf("fetch into a path under a file = %v, want a mkdir error", err)
	}
}
