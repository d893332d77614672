package app

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode"

	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"backproplab/nn"
)

// TestErrorfEnglish checks that an error made by errorf reads in the
// language chosen and logs in English, also when wrapped by errorf or by
// fmt.Errorf, and that what it wraps stays reachable.
func TestErrorfEnglish(t *testing.T) {
	t.Cleanup(resetLanguage)
	setLanguage("zh-Hans")
	base := fs.ErrNotExist
	tests := []struct {
		name string
		err  error
		want string // english(err)
	}{
		{"plain", errorf("this is not an MNIST model (784 inputs, 10 outputs)"), "this is not an MNIST model (784 inputs, 10 outputs)"},
		{"wraps", errorf("examples folder: %w", base), "examples folder: file does not exist"},
		{"nested", errorf("save example: %w", errorf("examples folder: %w", base)), "save example: examples folder: file does not exist"},
		{"under fmt.Errorf", fmt.Errorf("write x.png: %w", errorf("encode png: %w", base)), "write x.png: encode png: file does not exist"},
		{"not translated", base, "file does not exist"},
	}
	for _, tc := range tests {
		if got := english(tc.err); got != tc.want {
			t.Errorf("%s: english(err) = %q, want %q", tc.name, got, tc.want)
		}
		if tc.err != base && !hasHan(tc.err.Error()) {
			t.Errorf("%s: Error() = %q, want it in Chinese", tc.name, tc.err.Error())
		}
		if tc.err != base && tc.name != "plain" && !errors.Is(tc.err, base) {
			t.Errorf("%s: errors.Is(err, %v) = false", tc.name, base)
		}
	}
}

// TestLogsStayEnglish runs error paths of the window in Chinese through
// the real open and save helpers (the bridge job, the log, the error
// dialog) and checks that the dialog speaks Chinese while the -v log has
// no Chinese character.
func TestLogsStayEnglish(t *testing.T) {
	var buf lockedBuffer
	a := test.NewTempApp(t)
	u := newUI(a, Options{DataDir: writeFixture(t, 600, 200), Language: "en", Log: slog.New(slog.NewTextHandler(&buf, nil)), manualBridge: true})
	t.Cleanup(u.sess.close)
	t.Cleanup(resetLanguage)
	u.sess.bridge.Settle() // the load job and its result
	dir := t.TempDir()
	a.Preferences().SetString("fyne:fileDialogLastFolder", storage.NewFileURI(dir).String())

	// A model of another shape: nn reads it, the app refuses it.
	small := filepath.Join(dir, "xor.npz")
	net := nn.NewNetwork(nn.Arch{Inputs: 2, Hidden: []int{4}, Outputs: 2, Activation: nn.Tanh}, 1)
	if err := nn.SaveModel(small, &nn.Model{Net: net, Settings: nn.DefaultSettings()}); err != nil {
		t.Fatal(err)
	}
	empty := pngItem("", "", image.NewRGBA(image.Rect(0, 0, 0, 0))) // png cannot encode it
	tests := []struct {
		name, event string
		run         func()
	}{
		{"open a model of another shape", "open failed", func() { u.openPath(small, eventModelLoaded, u.readModel) }},
		{"export an image that cannot be encoded", "save failed", func() {
			u.saveFileAs("empty.png", ".png", "exported", empty.write)
			tapDialogButton(t, u, "Save")
		}},
	}
	for _, tc := range tests {
		buf.Reset()
		setLanguage("en") // Fyne's dialog buttons are pressed by their English names
		tc.run()
		setLanguage("zh-Hans")
		u.sess.bridge.Settle()
		log := buf.String()
		if !strings.Contains(log, tc.event) {
			t.Errorf("%s: the log has no %q: %q", tc.name, tc.event, log)
		}
		if hasHan(log) {
			t.Errorf("%s: the log has Chinese: %q", tc.name, log)
		}
		if shown := dialogText(u); !hasHan(shown) {
			t.Errorf("%s: the error dialog says %q, want Chinese", tc.name, shown)
		}
		for o := u.win.Canvas().Overlays().Top(); o != nil; o = u.win.Canvas().Overlays().Top() {
			u.win.Canvas().Overlays().Remove(o)
		}
	}
}

// TestNoTranslatedErrors checks that errors with translated text are made
// by errorf, which logs in English, not by fmt.Errorf or errors.New around
// T or Tf.
func TestNoTranslatedErrors(t *testing.T) {
	bad := regexp.MustCompile(`(fmt\.Errorf|errors\.New)\(("%s", )?Tf?\(`)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "i18n_errors.go" { // errorf itself
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if bad.MatchString(line) {
				t.Errorf("%s:%d: %s: make it with errorf", f, i+1, strings.TrimSpace(line))
			}
		}
	}
}

// hasHan reports whether s has a Chinese character.
func hasHan(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}

// lockedBuffer is a bytes.Buffer that the log may write from any goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func (l *lockedBuffer) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b.Reset()
}

var _ io.Writer = (*lockedBuffer)(nil)
