package cli

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"backproplab/assets"
	"backproplab/nn/mnist"
)

// Serve runs "backproplab serve": it serves the browser build (`make web`)
// with MNIST and the bundled model beside it, e.g. from a teacher's laptop
// to a classroom, and prints the URLs to open. It stops on Ctrl-C.
func Serve(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "serve", "[--addr :8080] [--web DIR] [--data DIR]")
	addr := fs.String("addr", ":8080", "address to listen on; 127.0.0.1:8080 for this computer only")
	web := fs.String("web", "", "the browser build from make web (default dist/web, or web beside the program)")
	data := fs.String("data", "", "MNIST folder (default $BACKPROPLAB_DATA or the user cache; fetched when missing)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	dir, err := webDir(*web)
	if err != nil {
		return err
	}
	if _, err := mnist.Locate(*data); err != nil {
		d, _ := mnist.Dir(*data)
		fmt.Fprintf(env.Stderr, "MNIST not found; fetching it into %s\n", d)
	}
	dataDir, err := mnist.Ensure(ctx, *data, fetchProgress(env))
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: webHandler(dir, dataDir), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(env.Stdout, "Serving Backprop Lab from %s (MNIST from %s).\nOpen in a browser:\n", dir, dataDir)
	for _, u := range serveURLs(ln.Addr().(*net.TCPAddr)) {
		fmt.Fprintf(env.Stdout, "  %s\n", u)
	}
	fmt.Fprintln(env.Stdout, "Press Ctrl-C to stop.")
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		srv.Close()
	}
	<-errc
	return nil
}

// webDir returns the browser build's folder: dir when given, else dist/web
// in the working folder, else web beside the program. It must hold
// index.html.
func webDir(dir string) (string, error) {
	var cands []string
	if dir != "" {
		cands = []string{dir}
	} else {
		cands = []string{filepath.Join("dist", "web")}
		if exe, err := os.Executable(); err == nil {
			cands = append(cands, filepath.Join(filepath.Dir(exe), "web"))
		}
	}
	for _, d := range cands {
		if st, err := os.Stat(filepath.Join(d, "index.html")); err == nil && st.Mode().IsRegular() {
			return d, nil
		}
	}
	return "", fmt.Errorf("no browser build (index.html) in %s: run make web first", strings.Join(cands, " or "))
}

// webHandler serves the files of dir, the four MNIST files of dataDir
// under /mnist/ and the bundled model as /model.npz. A request for a file
// that has a .gz twin in dir gets the twin, gzip-encoded, when the browser
// accepts gzip: the WebAssembly file shrinks to about a third.
func webHandler(dir, dataDir string) http.Handler {
	mux := http.NewServeMux()
	files := http.FileServer(http.Dir(dir))
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		name := path.Clean(r.URL.Path)
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") && !strings.HasSuffix(name, "/") {
			gz := filepath.Join(dir, filepath.FromSlash(name)+".gz")
			if f, err := os.Open(gz); err == nil {
				defer f.Close()
				if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
					w.Header().Set("Content-Encoding", "gzip")
					w.Header().Set("Vary", "Accept-Encoding")
					if ct := contentType(name); ct != "" {
						w.Header().Set("Content-Type", ct)
					}
					http.ServeContent(w, r, name, st.ModTime(), f)
					return
				}
			}
		}
		if ct := contentType(name); ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		files.ServeHTTP(w, r)
	})
	for _, name := range mnist.Files() {
		mux.HandleFunc("GET /mnist/"+name, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/octet-stream")
			http.ServeFile(w, r, filepath.Join(dataDir, name))
		})
	}
	mux.HandleFunc("GET /model.npz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Disposition", `attachment; filename="model.npz"`)
		http.ServeContent(w, r, "model.npz", time.Time{}, bytes.NewReader(assets.ModelBytes()))
	})
	return mux
}

// contentType returns the MIME type of the bundle's files that browsers
// need exactly: WebAssembly.instantiateStreaming refuses another type.
func contentType(name string) string {
	switch path.Ext(name) {
	case ".wasm":
		return "application/wasm"
	case ".js":
		return "text/javascript; charset=utf-8"
	}
	return ""
}

// serveURLs lists the URLs that reach a server listening on a: each of the
// computer's IPv4 addresses for a wildcard address, loopback first.
func serveURLs(a *net.TCPAddr) []string {
	url := func(ip net.IP) string {
		return fmt.Sprintf("http://%s/", net.JoinHostPort(ip.String(), fmt.Sprint(a.Port)))
	}
	if !a.IP.IsUnspecified() {
		return []string{url(a.IP)}
	}
	urls := []string{url(net.IPv4(127, 0, 0, 1))}
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return urls
	}
	for _, ad := range addrs {
		if n, ok := ad.(*net.IPNet); ok && n.IP.To4() != nil && !n.IP.IsLoopback() {
			urls = append(urls, url(n.IP))
		}
	}
	return urls
}
