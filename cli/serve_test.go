package cli

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"backproplab/assets"
	"backproplab/nn/mnist"
)

// webFixture writes a small browser build and four fake MNIST files.
func webFixture(t *testing.T) (web, data string, wasm []byte) {
	t.Helper()
	web, data = t.TempDir(), t.TempDir()
	wasm = bytes.Repeat([]byte("\x00asm wasm body "), 1000)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(wasm)
	zw.Close()
	for name, content := range map[string][]byte{
		"index.html": []byte("<html>Backprop Lab</html>"), "wasm_exec.js": []byte("// js"),
		"backproplab.wasm": wasm, "backproplab.wasm.gz": gz.Bytes(),
	} {
		if err := os.WriteFile(filepath.Join(web, name), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range mnist.Files() {
		if err := os.WriteFile(filepath.Join(data, name), []byte("data of "+name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return web, data, wasm
}

func TestWebHandler(t *testing.T) {
	web, data, wasm := webFixture(t)
	srv := httptest.NewServer(webHandler(web, data))
	defer srv.Close()
	tests := []struct {
		path, acceptEncoding string
		status               int
		contentType          string
		contentEncoding      string
		body                 []byte // after decoding; nil: not checked
	}{
		{path: "/", status: 200, body: []byte("<html>Backprop Lab</html>")},
		{path: "/backproplab.wasm", acceptEncoding: "gzip, deflate", status: 200, contentType: "application/wasm", contentEncoding: "gzip", body: wasm},
		{path: "/backproplab.wasm", status: 200, contentType: "application/wasm", body: wasm},
		{path: "/wasm_exec.js", status: 200, contentType: "text/javascript; charset=utf-8"},
		{path: "/mnist/" + mnist.Files()[2], status: 200, contentType: "application/octet-stream", body: []byte("data of " + mnist.Files()[2])},
		{path: "/mnist/other.gz", status: 404},
		{path: "/model.npz", status: 200, body: assets.ModelBytes()},
		{path: "/missing.html", status: 404},
		{path: "/../" + filepath.Base(data) + "/" + mnist.Files()[0], status: 404},
	}
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	for _, tt := range tests {
		t.Run(tt.path+" "+tt.acceptEncoding, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, srv.URL+tt.path, nil)
			if tt.acceptEncoding != "" {
				req.Header.Set("Accept-Encoding", tt.acceptEncoding)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.contentType != "" && resp.Header.Get("Content-Type") != tt.contentType {
				t.Errorf("Content-Type %q, want %q", resp.Header.Get("Content-Type"), tt.contentType)
			}
			if got := resp.Header.Get("Content-Encoding"); got != tt.contentEncoding {
				t.Errorf("Content-Encoding %q, want %q", got, tt.contentEncoding)
			}
			var r io.Reader = resp.Body
			if tt.contentEncoding == "gzip" {
				if r, err = gzip.NewReader(resp.Body); err != nil {
					t.Fatal(err)
				}
			}
			body, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			if tt.body != nil && !bytes.Equal(body, tt.body) {
				t.Errorf("body differs from the file (%d bytes, want %d)", len(body), len(tt.body))
			}
		})
	}
}

func TestServe(t *testing.T) {
	web, data, _ := webFixture(t)
	// The fake MNIST files have the canonical names, so Locate finds them
	// and nothing is fetched.
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{name: "no build", args: []string{"--web", t.TempDir(), "--data", data, "--addr", "127.0.0.1:0"}, wantErr: "make web"},
		{name: "bad address", args: []string{"--web", web, "--data", data, "--addr", "127.0.0.1:notaport"}, wantErr: "notaport"},
		{name: "extra argument", args: []string{"--web", web, "now"}, wantErr: "usage"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			err := Serve(context.Background(), Env{Stdout: &out, Stderr: &errb}, tt.args)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
	t.Run("serves until cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		pr, pw := io.Pipe()
		done := make(chan error, 1)
		go func() {
			done <- Serve(ctx, Env{Stdout: pw, Stderr: io.Discard}, []string{"--web", web, "--data", data, "--addr", "127.0.0.1:0"})
			pw.Close()
		}()
		var url string
		buf := make([]byte, 4096)
		var printed string
		for url == "" {
			n, err := pr.Read(buf)
			if err != nil {
				t.Fatalf("serve printed %q, then %v", printed, err)
			}
			printed += string(buf[:n])
			for _, f := range strings.Fields(printed) {
				if strings.HasPrefix(f, "http://127.0.0.1:") {
					url = f
				}
			}
		}
		go io.Copy(io.Discard, pr)
		resp, err := http.Get(url + "mnist/" + mnist.Files()[1])
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(body) != "data of "+mnist.Files()[1] {
			t.Errorf("GET mnist file: %q", body)
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("Serve returned %v after cancel", err)
		}
	})
}

func TestServeURLs(t *testing.T) {
	if got := serveURLs(&net.TCPAddr{IP: net.IPv4(10, 0, 0, 7), Port: 8080}); len(got) != 1 || got[0] != "http://10.0.0.7:8080/" {
		t.Errorf("fixed address: %v", got)
	}
	got := serveURLs(&net.TCPAddr{IP: net.IPv4zero, Port: 9000})
	if len(got) == 0 || got[0] != "http://127.0.0.1:9000/" {
		t.Errorf("wildcard address: %v, want loopback first", got)
	}
}
