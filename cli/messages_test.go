//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"backproplab/internal/hostile"
	"backproplab/nn"
	"backproplab/nn/mnist"
)

// writeMNIST writes a tiny MNIST folder: 40 training and 20 test images,
// uncompressed, with random pixels.
func writeMNIST(t *testing.T, dir string) {
	t.Helper()
	for _, set := range []struct {
		images, labels string
		n              int
	}{{"train-images-idx3-ubyte", "train-labels-idx1-ubyte", 40}, {"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 20}} {
		pix := make([]uint8, set.n*784)
		labels := make([]uint8, set.n)
		for i := range pix {
			pix[i] = uint8(i * 7919 % 251)
		}
		for i := range labels {
			labels[i] = uint8(i % 10)
		}
		f, err := os.Create(filepath.Join(dir, set.images))
		if err != nil {
			t.Fatal(err)
		}
		if err := mnist.WriteImages(f, pix, set.n, 28, 28); err != nil {
			t.Fatal(err)
		}
		f.Close()
		f, err = os.Create(filepath.Join(dir, set.labels))
		if err != nil {
			t.Fatal(err)
		}
		if err := mnist.WriteLabels(f, labels); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
}

// TestMessages runs the bad inputs of issue 15 through the commands and
// checks the one line each prints, and that nothing else is printed
// first (no "fetching", no usage).
func TestMessages(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("HOME", cache)
	t.Setenv(mnist.EnvData, "")
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	os.Mkdir(data, 0o755)
	writeMNIST(t, data)
	// Only the training set is damaged: eval must not care.
	badTrain := filepath.Join(dir, "badtrain")
	os.Mkdir(badTrain, 0o755)
	writeMNIST(t, badTrain)
	os.WriteFile(filepath.Join(badTrain, "train-images-idx3-ubyte"), []byte("not an IDX file at all"), 0o644)
	badTest := filepath.Join(dir, "badtest")
	os.Mkdir(badTest, 0o755)
	writeMNIST(t, badTest)
	os.WriteFile(filepath.Join(badTest, "t10k-images-idx3-ubyte"), []byte("not an IDX file at all"), 0o644)
	asFolder := filepath.Join(dir, "asfolder")
	os.MkdirAll(filepath.Join(asFolder, "t10k-images-idx3-ubyte.gz"), 0o755)
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	model := filepath.Join(dir, "m.npz")
	if err := nn.SaveModel(model, &nn.Model{Net: nn.NewNetwork(nn.TutorialArch(), 1), Settings: nn.DefaultSettings()}); err != nil {
		t.Fatal(err)
	}
	bomb := filepath.Join(dir, "bomb.npz")
	os.WriteFile(bomb, hostile.BombModel(65536, 4096, 10), 0o644)
	huge := filepath.Join(dir, "huge.png")
	os.WriteFile(huge, hostile.PNG(8000, 8000, 16, 6), 0o644)
	train := []string{"train", "--data", data, "--epochs", "1", "--train-size", "20", "--batch", "10"}

	tests := []struct {
		args []string
		code int
		want string // the whole of stderr, a regular expression
	}{
		{[]string{"train", "--bogus"}, 2, `backproplab train: flag provided but not defined: -bogus \(run "backproplab train -h" for its flags\)`},
		{[]string{"eval", "--json=maybe"}, 2, `backproplab eval: invalid boolean value "maybe" for -json: parse error \(run "backproplab eval -h" for its flags\)`},
		{[]string{"frobnicate"}, 2, `backproplab: unknown command "frobnicate" \(run "backproplab -h" for the commands\)`},
		{[]string{"train", "--out", "/nonexistent/m.npz"}, 1, `backproplab train: --out: folder /nonexistent does not exist`},
		{[]string{"train", "--out", dir}, 1, `backproplab train: --out: ` + dir + ` is a folder; give a file name such as ` + dir + `/model.npz`},
		{[]string{"train", "--out", fifo}, 1, `backproplab train: --out: ` + fifo + ` is a pipe \(FIFO\), not a regular file`},
		{[]string{"train", "--data", file}, 1, `backproplab train: --data ` + file + ` is a file; give the folder that holds the four MNIST files`},
		{[]string{"eval", "--model", model, "--data", asFolder}, 1, `backproplab eval: mnist: ` + asFolder + `/t10k-images-idx3-ubyte.gz is not a file \(a folder\?\); remove or rename it`},
		{append(train, "--l2", "1e300"), 1, `backproplab train: nn: epoch 1, batch 1: loss exploded to .*: the weight penalty .* is too large for these weights \(l1 0, l2 1e\+300\); training stopped before this batch changed the weights; nothing was saved \(--out FILE keeps the weights of finished epochs\)`},
		{append(train, "--l1", "1e30"), 1, `backproplab train: nn: .*: the weight penalty .* \(l1 1e\+30, l2 0\); .*; nothing was saved .*`},
		{[]string{"train", "--data", badTrain}, 1, `backproplab train: mnist: .*train-images-idx3-ubyte: .*; run "backproplab fetch --dir ` + badTrain + `" to download it again`},
		{[]string{"eval", "--model", model, "--data", badTest}, 1, `backproplab eval: mnist: .*t10k-images-idx3-ubyte: .*; run "backproplab fetch --dir ` + badTest + `" to download it again`},
		{[]string{"eval", "--model", fifo}, 1, `backproplab eval: ` + fifo + ` is a pipe \(FIFO\), not a regular file`},
		// eval takes any dataset's model, so the bomb is caught by its
		// declared size against its stored size, before inflating.
		{[]string{"eval", "--model", bomb}, 1, `backproplab eval: ` + bomb + `: nn: implausible model file: the architecture 65536-4096relu-10 declares 1024 MB of weights, but the file stores only [0-9]+ kB for them \(at most 8 times as much is accepted\)`},
		{[]string{"predict", "--strokes", fifo}, 1, `backproplab predict: ` + fifo + ` is a pipe \(FIFO\), not a regular file`},
		{[]string{"predict", fifo}, 1, `backproplab predict: ` + fifo + ` is a pipe \(FIFO\), not a regular file`},
		{[]string{"predict", "--model", fifo, huge}, 1, `backproplab predict: ` + fifo + ` is a pipe \(FIFO\), not a regular file`},
		{[]string{"predict", huge}, 1, `backproplab predict: ` + huge + `: image too large \(8000×8000; the limit is 10.5 megapixels for a 16-bit colour image\)`},
	}
	for _, tc := range tests {
		code, _, errs := run(t, tc.args...)
		re := regexp.MustCompile("^" + tc.want + "\n$")
		if code != tc.code || !re.MatchString(errs) {
			t.Errorf("%s: exit %d, stderr\n%s\nwant exit %d and the one line\n%s", strings.Join(tc.args, " "), code, errs, tc.code, tc.want)
		}
	}
	// eval needs only the test set: a damaged training set is no matter.
	if code, out, errs := run(t, "eval", "--model", model, "--data", badTrain); code != 0 || !strings.HasPrefix(out, "test loss ") {
		t.Errorf("eval with a damaged training set: exit %d, %q, %q; want a result", code, out, errs)
	}
}

// TestSaveTrainedRecovers checks that a save failing after training keeps
// the model in a recovery file and says where.
func TestSaveTrainedRecovers(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("HOME", cache)
	dir := t.TempDir()
	tr, err := nn.NewTrainer(nn.NewNetwork(nn.TutorialArch(), 1), nn.NewDataset(make([]uint8, 784), []uint8{3}, 784), nn.DefaultSettings())
	if err != nil {
		t.Fatal(err)
	}
	err = saveTrained(filepath.Join(dir, "gone", "m.npz"), tr, nn.DataInfo{Name: "mnist"}, nil)
	re := regexp.MustCompile(`^could not save the model to .*/gone/m\.npz: folder .*/gone does not exist; the trained model is kept in (/.*\.npz)$`)
	m := re.FindStringSubmatch(errString(err))
	if m == nil {
		t.Fatalf("saveTrained = %v, want %s", err, re)
	}
	got, err := nn.LoadModel(m[1])
	if err != nil || got.Net.Arch.String() != tr.Net.Arch.String() {
		t.Errorf("the kept model %s reads as %v, %v", m[1], got, err)
	}
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}
