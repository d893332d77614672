package data

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"backproplab/nn"
	"backproplab/nn/digit"
	"backproplab/nn/safefile"
)

// Limits of a folder dataset, which keep its memory bounded.
const (
	// MaxFolderClasses is the most classes (subfolders) a folder may hold.
	MaxFolderClasses = 100
	// MaxFolderImages is the most image files a folder may hold (78 MB of
	// 28×28 pixels).
	MaxFolderImages = 100_000
	// MaxImageFileBytes bounds one image file.
	MaxImageFileBytes = 64 << 20
	// maxFolderDepth bounds how deep a class folder's subfolders go.
	maxFolderDepth = 16
)

// Preprocessing modes of a folder dataset's images.
const (
	// Center crops to the ink, fits it into 20 pixels and centres its
	// mass, as the pad and MNIST do.
	Center = "center"
	// Resize fits the whole image into 28×28.
	Resize = "resize"
)

// DefaultTestSplit is the fraction of each class held out for testing
// when a folder has no train/ and test/ subfolders.
const DefaultTestSplit = 0.2

// FolderOptions control FromFolder.
type FolderOptions struct {
	// TestSplit is the fraction of each class held out for testing, in
	// [0.05, 0.9], when the folder has no train/ and test/ subfolders.
	TestSplit float64
	// Seed shuffles the held-out split.
	Seed uint64
	// Preprocess is Center (the default when empty) or Resize.
	Preprocess string
	// Progress, if not nil, is called after each file with the number of
	// files done and the total. It runs on FromFolder's goroutine.
	Progress func(done, total int)
}

// ErrSymlinkLoop is wrapped by FromFolder's error for a folder whose
// symbolic links lead back into a folder being read.
var ErrSymlinkLoop = errors.New("symbolic link loop")

// imageExts are the file endings FromFolder reads.
var imageExts = []string{".png", ".jpg", ".jpeg", ".gif"}

// file is one image to load: its path and class.
type file struct {
	path  string
	class int
	test  bool
}

// FromFolder loads a folder of images, one subfolder per class named after
// the class (classes sorted by name), as Keras's image_dataset_from_directory
// reads it: either dir/train/CLASS/… and dir/test/CLASS/…, or dir/CLASS/…
// with o.TestSplit of each class held out (seeded). Images (PNG, JPEG, GIF,
// any size, colour or grey) become 28×28 grey, white ink on black, light
// backgrounds inverted. Files it cannot use are returned in skipped with
// the reason; it never stops at one bad file. It returns an error for a
// folder without images, with one class, with a class without usable
// images, or with a symbolic link loop.
func FromFolder(ctx context.Context, dir string, o FolderOptions) (set *Set, skipped []Skipped, err error) {
	if o.Preprocess == "" {
		o.Preprocess = Center
	}
	if o.Preprocess != Center && o.Preprocess != Resize {
		return nil, nil, fmt.Errorf("data: preprocessing %q, want %s or %s", o.Preprocess, Center, Resize)
	}
	if !(o.TestSplit >= 0.05 && o.TestSplit <= 0.9) {
		return nil, nil, fmt.Errorf("data: test split %v, want 0.05..0.9", o.TestSplit)
	}
	st, err := os.Stat(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("data: %w", err)
	}
	if !st.IsDir() {
		return nil, nil, fmt.Errorf("data: %s is not a folder", dir)
	}
	w := walker{skipped: &skipped}
	trainDir, testDir := filepath.Join(dir, "train"), filepath.Join(dir, "test")
	split := !(isDir(trainDir) && isDir(testDir))
	var classes []string
	var files []file
	if split {
		classes, files, err = w.classes(ctx, dir, nil, false)
	} else {
		classes, files, err = w.classes(ctx, trainDir, nil, false)
		if err == nil {
			var tf []file
			_, tf, err = w.classes(ctx, testDir, classes, true)
			files = append(files, tf...)
		}
	}
	if err != nil {
		return nil, skipped, err
	}
	if len(files) == 0 {
		return nil, skipped, &FolderError{Code: FolderNoImages, Dir: dir}
	}
	if len(classes) < 2 {
		return nil, skipped, &FolderError{Code: FolderOneClass, Dir: dir, Class: classes[0]}
	}
	pix, ok := loadImages(ctx, files, o, &skipped)
	if err := ctx.Err(); err != nil {
		return nil, skipped, err
	}
	var train, test []int
	count := make([]int, len(classes))
	for i, f := range files {
		if !ok[i] {
			continue
		}
		count[f.class]++
		if f.test {
			test = append(test, i)
		} else {
			train = append(train, i)
		}
	}
	for c, n := range count {
		if n == 0 {
			return nil, skipped, &FolderError{Code: FolderEmptyClass, Dir: dir, Class: classes[c]}
		}
	}
	if split {
		train, test = splitPerClass(train, files, len(classes), o.TestSplit, o.Seed)
	}
	if len(train) == 0 || len(test) == 0 {
		return nil, skipped, &FolderError{Code: FolderEmptySplit, Dir: dir, N: len(train), M: len(test)}
	}
	// The training rows in a seeded random order rather than class by
	// class, so that a training-set size or a validation split (the first
	// rows, the last rows) takes every class.
	rand.New(rand.NewPCG(o.Seed, 0x6f72646572)).Shuffle(len(train), func(a, b int) { train[a], train[b] = train[b], train[a] }) // "order"
	info := nn.DataInfo{Name: filepath.Base(filepath.Clean(dir)), Classes: classes, Seed: o.Seed, Preprocess: o.Preprocess}
	if split {
		info.TrainRatio = 1 - o.TestSplit
	}
	return &Set{Info: info, Train: gather(pix, files, train), Test: gather(pix, files, test)}, skipped, nil
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// walker lists the image files under class folders, refusing symbolic
// link loops.
type walker struct {
	skipped *[]Skipped
	n       int
}

// classes lists root's subfolders as classes (or, when want is not nil,
// checks they are among want) and the image files under each.
func (w *walker) classes(ctx context.Context, root string, want []string, test bool) ([]string, []file, error) {
	ents, err := os.ReadDir(root)
	if err != nil {
		return nil, nil, fmt.Errorf("data: %w", err)
	}
	var names []string
	for _, e := range ents {
		p := filepath.Join(root, e.Name())
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if isDir(p) {
			names = append(names, e.Name())
		} else {
			*w.skipped = append(*w.skipped, Skipped{Path: p, Code: SkipOutsideClass})
		}
	}
	slices.Sort(names)
	if want == nil && len(names) > MaxFolderClasses {
		return nil, nil, &FolderError{Code: FolderTooManyClasses, Dir: root, N: len(names), M: MaxFolderClasses}
	}
	classes := names
	if want != nil {
		classes = want
	}
	var files []file
	for _, name := range names {
		c := slices.Index(classes, name)
		if c < 0 {
			return nil, nil, &FolderError{Code: FolderClassMissing, Dir: root, Class: name, Other: filepath.Join(filepath.Dir(root), "train")}
		}
		root, _ := filepath.Abs(filepath.Join(root, name))
		if err := w.walk(ctx, root, nil, c, test, &files); err != nil {
			return nil, nil, err
		}
	}
	return classes, files, nil
}

// walk adds the image files under dir, whose ancestors (being read) are
// above, to files.
func (w *walker) walk(ctx context.Context, dir string, above []os.FileInfo, class int, test bool, files *[]file) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	st, err := os.Stat(dir)
	if err != nil {
		if isLoop(dir) {
			return fmt.Errorf("data: %s: %w", dir, ErrSymlinkLoop)
		}
		*w.skipped = append(*w.skipped, skipFor(dir, err))
		return nil
	}
	for _, a := range above {
		if os.SameFile(a, st) {
			return fmt.Errorf("data: %s leads back to a folder above it: %w", dir, ErrSymlinkLoop)
		}
	}
	if len(above) >= maxFolderDepth {
		return &FolderError{Code: FolderTooDeep, Dir: dir, N: maxFolderDepth}
	}
	above = append(above, st)
	ents, err := os.ReadDir(dir)
	if err != nil {
		*w.skipped = append(*w.skipped, skipFor(dir, err))
		return nil
	}
	for _, e := range ents {
		p := filepath.Join(dir, e.Name())
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		fst, err := os.Stat(p)
		switch {
		case err != nil && isLoop(p):
			return fmt.Errorf("data: %s: %w", p, ErrSymlinkLoop)
		case err != nil:
			*w.skipped = append(*w.skipped, skipFor(p, err))
		case fst.IsDir():
			if err := w.walk(ctx, p, above, class, test, files); err != nil {
				return err
			}
		case !slices.Contains(imageExts, strings.ToLower(filepath.Ext(p))):
			*w.skipped = append(*w.skipped, Skipped{Path: p, Code: SkipNotImage})
		default:
			if w.n++; w.n > MaxFolderImages {
				return &FolderError{Code: FolderTooManyImages, N: MaxFolderImages}
			}
			*files = append(*files, file{p, class, test})
		}
	}
	return nil
}

// isLoop reports whether resolving p's symbolic links loops.
func isLoop(p string) bool {
	_, err := filepath.EvalSymlinks(p)
	return err != nil && strings.Contains(err.Error(), "too many links")
}

// loadImages reads and prepares every file, skipping the ones it cannot
// use; ok reports which it kept. The pixels of file i are
// pix[i*Pixels:(i+1)*Pixels].
func loadImages(ctx context.Context, files []file, o FolderOptions, skipped *[]Skipped) (pix []uint8, ok []bool) {
	pix = make([]uint8, len(files)*digit.Pixels)
	ok = make([]bool, len(files))
	var p digit.Preprocessor
	do := digit.Options{PenWidth: digit.DefaultPenWidth, MNIST: o.Preprocess == Center}
	for i, f := range files {
		if ctx.Err() != nil {
			return pix, ok
		}
		x, err := prepareImage(&p, f.path, do)
		if err != nil {
			*skipped = append(*skipped, skipFor(f.path, err))
		} else {
			ok[i] = true
			quantise(pix[i*digit.Pixels:(i+1)*digit.Pixels], &x)
		}
		if o.Progress != nil {
			o.Progress(i+1, len(files))
		}
	}
	return pix, ok
}

// prepareImage reads, decodes (header first) and prepares one image file.
func prepareImage(p *digit.Preprocessor, path string, o digit.Options) ([digit.Pixels]float32, error) {
	b, err := safefile.ReadFile(path, MaxImageFileBytes)
	if err != nil {
		return [digit.Pixels]float32{}, err
	}
	return PrepareImage(p, b, o)
}

// PrepareImage decodes an image file's bytes (refusing, from its header,
// one too large to decode) and prepares it as a 28×28 network input. It is
// the folder loader's image path.
func PrepareImage(p *digit.Preprocessor, b []byte, o digit.Options) ([digit.Pixels]float32, error) {
	img, err := digit.DecodeImage(b)
	if err != nil {
		return [digit.Pixels]float32{}, err
	}
	x, ok := p.FromImage(img, o)
	if !ok {
		return x, errBlank
	}
	return x, nil
}

// stripPath drops a leading "path: " from err's message, as the skipped
// list already names the file.
func stripPath(err error, path string) error {
	if s, ok := strings.CutPrefix(err.Error(), path+": "); ok {
		return errors.New(s)
	}
	return err
}

// quantise stores x (values in [0, 1]) as 8-bit pixels.
func quantise(dst []uint8, x *[digit.Pixels]float32) {
	for j, v := range x {
		dst[j] = uint8(math.Round(float64(min(max(v, 0), 1)) * 255))
	}
}

// splitPerClass holds out split of each class's images (at least one
// image stays for training), shuffled with seed.
func splitPerClass(idx []int, files []file, classes int, split float64, seed uint64) (train, test []int) {
	rng := rand.New(rand.NewPCG(seed, 0x666f6c646572)) // "folder"
	for c := range classes {
		var in []int
		for _, i := range idx {
			if files[i].class == c {
				in = append(in, i)
			}
		}
		if len(in) == 0 {
			continue
		}
		rng.Shuffle(len(in), func(a, b int) { in[a], in[b] = in[b], in[a] })
		nTest := min(len(in)-1, int(math.Round(split*float64(len(in)))))
		test = append(test, in[:nTest]...)
		train = append(train, in[nTest:]...)
	}
	slices.Sort(train)
	slices.Sort(test)
	return train, test
}

// gather builds a dataset of the files idx names.
func gather(pix []uint8, files []file, idx []int) *nn.Dataset {
	img := make([]uint8, 0, len(idx)*digit.Pixels)
	labels := make([]uint8, len(idx))
	for k, i := range idx {
		img = append(img, pix[i*digit.Pixels:(i+1)*digit.Pixels]...)
		labels[k] = uint8(files[i].class)
	}
	return nn.NewDataset(img, labels, digit.Pixels)
}
