package mnist

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Variant is a dataset in MNIST's IDX format and file names (Files): ten
// classes of 28×28 grey images, 60,000 for training and 10,000 for
// testing, fetched from the mirrors its authors publish.
type Variant struct {
	// Name is the --dataset name, and the cache folder's.
	Name string
	// Title is the dataset's full name.
	Title string
	// Classes names the ten classes, index = label.
	Classes []string
	// mirrors are the authors' download folders, each ending in "/".
	mirrors []string
	// md5 holds the authors' published MD5 of each file of Files; nil
	// when they publish none.
	md5 map[string]string
}

// Fashion is Zalando's Fashion-MNIST: images of clothing. Its MD5 sums
// are the ones the authors publish beside the download links.
var Fashion = Variant{
	Name:    "fashion",
	Title:   "Fashion-MNIST",
	Classes: []string{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"},
	mirrors: []string{"http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"},
	md5: map[string]string{
		trainImages: "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
		trainLabels: "25c81989df183df01b3e8a0aad5dffbe",
		testImages:  "bef4ecab320f06d8554ea6380940ec79",
		testLabels:  "bb300cfdad3c16e7a12a480ee83cd310",
	},
}

// KMNIST is CODH's Kuzushiji-MNIST: one cursive Japanese character for
// each row of the hiragana table. Its authors publish no checksums, so
// its files are checked only as IDX files, by Load.
var KMNIST = Variant{
	Name:    "kmnist",
	Title:   "Kuzushiji-MNIST",
	Classes: []string{"o (お)", "ki (き)", "su (す)", "tsu (つ)", "na (な)", "ha (は)", "ma (ま)", "ya (や)", "re (れ)", "wo (を)"},
	mirrors: []string{"http://codh.rois.ac.jp/kmnist/dataset/kmnist/"},
}

// Variants returns the datasets in MNIST's format besides MNIST.
func Variants() []Variant { return []Variant{Fashion, KMNIST} }

// VariantNamed returns the variant called name.
func VariantNamed(name string) (Variant, bool) {
	for _, v := range Variants() {
		if v.Name == name {
			return v, true
		}
	}
	return Variant{}, false
}

// Dir returns the folder v belongs in: dir when not empty, else
// os.UserCacheDir()/backproplab/NAME. It only chooses.
func (v Variant) Dir(dir string) (string, error) {
	if dir != "" {
		return dir, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("mnist: no user cache folder: %w", err)
	}
	return filepath.Join(d, "backproplab", v.Name), nil
}

// Fetch downloads v's four files into dir as Fetch does for MNIST (the
// authors' mirrors only; checksums verified; atomic writes; files already
// there and right are kept), and says, when every mirror fails, that the
// network may not reach them and where to put the files by hand.
func (v Variant) Fetch(ctx context.Context, dir string, progress Progress) error {
	f := fetcher{mirrors: v.mirrors, sums: v.md5, md5: true, noSums: v.md5 == nil, stall: stallTimeout}
	return v.fetch(ctx, f, dir, progress)
}

func (v Variant) fetch(ctx context.Context, f fetcher, dir string, progress Progress) error {
	err := f.fetch(ctx, dir, progress)
	if err != nil && ctx.Err() == nil {
		return &UnreachableError{Title: v.Title, Dir: dir, Files: Files(), Err: err}
	}
	return err
}

// UnreachableError is Variant.Fetch's error when no mirror gave the files:
// the dataset's title, the folder to put them into by hand, their names,
// and the last mirror's error. It wraps Err.
type UnreachableError struct {
	Title, Dir string
	Files      []string
	Err        error
}

// Error implements error, in English.
func (e *UnreachableError) Error() string {
	return fmt.Sprintf("%s: %v\n%s's mirrors did not answer: this network may not reach them. Download the four files (%s) from the %s page on another machine and put them into %s", e.Title, e.Err, e.Title, strings.Join(e.Files, ", "), e.Title, e.Dir)
}

// Unwrap returns the mirrors' error.
func (e *UnreachableError) Unwrap() error { return e.Err }

// Ensure returns v's folder (see Dir), fetching the files first when
// they are not all there.
func (v Variant) Ensure(ctx context.Context, dir string, progress Progress) (string, error) {
	d, err := v.Dir(dir)
	if err != nil {
		return "", err
	}
	if _, err := locate(d, Files()); err == nil {
		return d, nil
	}
	return d, v.Fetch(ctx, d, progress)
}
