package mnist

import (
	"crypto/md5"
	"encoding/hex"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func md5Sums(files map[string][]byte) map[string]string {
	s := make(map[string]string)
	for name, data := range files {
		h := md5.Sum(data)
		s[name] = hex.EncodeToString(h[:])
	}
	return s
}

// TestVariantFetch fetches a synthetic IDX dataset from local mirrors with
// MD5 checksums: a corrupt mirror is refused and the next one used, a
// failed fetch says where to put the files, a second run fetches only
// what is missing, and a variant without published sums accepts any file
// that then loads as IDX.
func TestVariantFetch(t *testing.T) {
	files := fixtureFiles(t, 12, 5)
	v := Variant{Name: "test", Title: "Test-MNIST", md5: md5Sums(files)}
	fetchWith := func(dir string, serve ...serveFunc) ([]*testServer, error) {
		f := fetcher{sums: v.md5, md5: true, stall: time.Minute}
		var srvs []*testServer
		for _, s := range serve {
			srv := fileServer(t, files, s)
			srvs = append(srvs, srv)
			f.mirrors = append(f.mirrors, srv.URL+"/")
		}
		return srvs, v.fetch(t.Context(), f, dir, nil)
	}
	dir := filepath.Join(t.TempDir(), "test")
	_, err := fetchWith(dir, serveCorrupt)
	if err == nil || !strings.Contains(err.Error(), "MD5") || !strings.Contains(err.Error(), "did not answer") || !strings.Contains(err.Error(), dir) {
		t.Fatalf("corrupt mirror: %v", err)
	}
	checkDir(t, dir, nil)
	// The first file only, then a failure: the second run resumes.
	if _, err := fetchWith(dir, serveFirstOnly); err == nil {
		t.Fatal("a mirror failing three files: no error")
	}
	srvs, err := fetchWith(dir, serveStatus(http.StatusNotFound), serveGood)
	if err != nil {
		t.Fatal(err)
	}
	if n := srvs[1].requests.Load(); n != 3 {
		t.Errorf("%d requests to the good mirror, want the 3 files missing", n)
	}
	checkDir(t, dir, files)
	train, test, err := Load(dir)
	if err != nil || train.N != 12 || test.N != 5 {
		t.Fatalf("Load: %v", err)
	}
	d, err := v.Ensure(t.Context(), dir, nil)
	if err != nil || d != dir {
		t.Errorf("Ensure of a complete folder: %q, %v", d, err)
	}
	// No published sums: accepted as fetched.
	noSums := filepath.Join(t.TempDir(), "nosums")
	srv := fileServer(t, files, nil)
	f := fetcher{mirrors: []string{srv.URL + "/"}, md5: true, noSums: true, stall: time.Minute}
	if err := v.fetch(t.Context(), f, noSums, nil); err != nil {
		t.Fatal(err)
	}
	checkDir(t, noSums, files)
	for _, want := range []Variant{Fashion, KMNIST} {
		if got, ok := VariantNamed(want.Name); !ok || got.Title != want.Title || len(got.Classes) != 10 || len(got.mirrors) == 0 {
			t.Errorf("VariantNamed(%q) = %+v", want.Name, got)
		}
	}
	if len(Fashion.md5) != 4 {
		t.Error("Fashion-MNIST lacks its published checksums")
	}
}
