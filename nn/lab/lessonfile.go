package lab

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"backproplab/nn"
)

// A lesson file (.bplesson) is a zip archive holding:
//
//   - lesson.json: {"format": "backproplab-lesson", "version": 1, "config":
//     the network and training settings with the seed, "layout": the tab,
//     view and presenter settings, "experiment" or "kfold": what the
//     Lessons tab runs, "curves": the runs' curves so far (a Snapshot)}.
//   - model.npz (optional): a trained model as nn.WriteModel writes it.
//
// Readers refuse files whose version is newer than LessonVersion.

// LessonFormat names lesson files in their lesson.json.
const LessonFormat = "backproplab-lesson"

// LessonVersion is the newest lesson-file version this package reads and writes.
const LessonVersion = 1

// Size limits of a lesson file's members. lesson.json may also inflate at
// most jsonInflation times its stored size (indented JSON of numbers
// deflates about 4 to 8 times), plus 1 MiB.
const (
	jsonInflation  = 32
	maxLessonJSON  = 16 << 20
	maxLessonModel = 256 << 20
	maxLessonBytes = maxLessonJSON + maxLessonModel + 1<<20
)

// Layout is how the window was arranged.
type Layout struct {
	Tab          int     `json:"tab,omitempty"`  // index of the selected tab
	View         string  `json:"view,omitempty"` // "compare" or "overfitting"
	Run          int     `json:"run,omitempty"`  // run shown in the overfitting view
	Scale        float64 `json:"scale,omitempty"`
	HighContrast bool    `json:"high_contrast,omitempty"`
	Panels       int     `json:"panels,omitempty"` // 0 all, 1 no side panel, 2 charts only
}

// Lesson is a lesson file's content.
type Lesson struct {
	Config     Config      `json:"config"`
	Layout     Layout      `json:"layout"`
	Experiment *Experiment `json:"experiment,omitempty"`
	KFold      *KFold      `json:"kfold,omitempty"`
	Curves     *Snapshot   `json:"curves,omitempty"`
	// Plane is set for a Playground lesson: its 2D dataset (plane.go).
	Plane *Plane    `json:"plane,omitempty"`
	Model *nn.Model `json:"-"` // stored as model.npz
}

type lessonJSON struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	Lesson
}

// WriteLesson writes l as a lesson file.
func WriteLesson(w io.Writer, l *Lesson) error {
	zw := zip.NewWriter(w)
	f, err := zw.Create("lesson.json")
	if err != nil {
		return err
	}
	enc := json.NewEncoder(f)
	enc.SetIndent("", "  ")
	if err := enc.Encode(lessonJSON{Format: LessonFormat, Version: LessonVersion, Lesson: *l}); err != nil {
		return fmt.Errorf("lab: lesson: %w", err)
	}
	if l.Model != nil {
		// Stored, not deflated: the member is a zip archive already.
		f, err := zw.CreateHeader(&zip.FileHeader{Name: "model.npz", Method: zip.Store})
		if err != nil {
			return err
		}
		if err := nn.WriteModel(f, l.Model); err != nil {
			return err
		}
	}
	return zw.Close()
}

// SaveLesson writes l to path atomically.
func SaveLesson(path string, l *Lesson) error {
	return nn.WriteFileAtomic(path, func(w io.Writer) error { return WriteLesson(w, l) })
}

// LoadLesson reads the lesson file at path.
func LoadLesson(path string) (*Lesson, error) {
	return nn.ReadArchive(path, maxLessonBytes, ReadLesson)
}

// ReadLesson reads a lesson file of the given size from r. It refuses
// files that are not lesson files, are damaged, or come from a newer
// version of Backprop Lab, with a message that says which.
func ReadLesson(r io.ReaderAt, size int64) (*Lesson, error) {
	if size == 0 {
		return nil, errors.New("lab: the lesson file is empty")
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("lab: not a lesson file, or a damaged one (not a zip archive): %w", err)
	}
	var js, model *zip.File
	for _, f := range zr.File {
		switch f.Name {
		case "lesson.json":
			js = f
		case "model.npz":
			model = f
		}
	}
	if js == nil {
		return nil, errors.New("lab: not a Backprop Lab lesson: no lesson.json in the archive")
	}
	raw, err := readMember(js, min(maxLessonJSON, jsonInflation*int64(min(js.CompressedSize64, uint64(size)))+1<<20))
	if err != nil {
		return nil, err
	}
	var head struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, fmt.Errorf("lab: damaged lesson file: bad lesson.json: %w", err)
	}
	if head.Format != LessonFormat {
		return nil, fmt.Errorf("lab: not a Backprop Lab lesson (format %q)", head.Format)
	}
	if head.Version > LessonVersion {
		return nil, fmt.Errorf("lab: this lesson was saved by a newer Backprop Lab (file version %d, this one reads up to %d); please update Backprop Lab", head.Version, LessonVersion)
	}
	if head.Version < 1 {
		return nil, fmt.Errorf("lab: damaged lesson file: bad version %d", head.Version)
	}
	var lj lessonJSON
	if err := json.Unmarshal(raw, &lj); err != nil {
		return nil, fmt.Errorf("lab: damaged lesson file: bad lesson.json: %w", err)
	}
	l := lj.Lesson
	if err := l.validate(); err != nil {
		return nil, fmt.Errorf("lab: damaged lesson file: %w", err)
	}
	if model != nil {
		m, err := readLessonModel(r, size, model)
		if err != nil {
			return nil, err
		}
		l.Model = m
	}
	return &l, nil
}

// readLessonModel reads the model.npz member f of a lesson file of the given
// size read from r. Written stored (not deflated), it is read in place, so
// that nn.ReadModel bounds its memory by what it stores; a deflated one is
// first inflated, at most MaxInflation times its stored size.
func readLessonModel(r io.ReaderAt, size int64, f *zip.File) (*nn.Model, error) {
	var m *nn.Model
	off, err := f.DataOffset()
	if err == nil && f.Method == zip.Store && f.CompressedSize64 == f.UncompressedSize64 && off >= 0 && f.CompressedSize64 <= uint64(size-off) {
		m, err = nn.ReadModel(io.NewSectionReader(r, off, int64(f.CompressedSize64)), int64(f.CompressedSize64))
	} else {
		var b []byte
		b, err = readMember(f, min(maxLessonModel, nn.MaxInflation*int64(min(f.CompressedSize64, uint64(size)))+1<<20))
		if err != nil {
			return nil, err
		}
		m, err = nn.ReadModel(bytes.NewReader(b), int64(len(b)))
	}
	if err != nil {
		return nil, fmt.Errorf("lab: the lesson's model: %w", err)
	}
	return m, nil
}

// validate checks what the app relies on.
func (l *Lesson) validate() error {
	if err := l.Config.Arch.Validate(); err != nil {
		return err
	}
	if err := l.Config.Settings.Validate(); err != nil {
		return err
	}
	if l.Experiment != nil && l.KFold != nil {
		return errors.New("both an experiment and a k-fold run")
	}
	if l.Experiment != nil {
		if _, err := l.Experiment.Specs(); err != nil {
			return err
		}
	}
	if kf := l.KFold; kf != nil {
		if kf.K < MinFolds || kf.K > MaxFolds || kf.Patience < 0 {
			return fmt.Errorf("bad k-fold settings (k = %d)", kf.K)
		}
		if err := kf.Base.Arch.Validate(); err != nil {
			return err
		}
		if err := kf.Base.Settings.Validate(); err != nil {
			return err
		}
	}
	if c := l.Curves; c != nil {
		if len(c.Runs) > MaxFolds {
			return fmt.Errorf("%d runs, at most %d", len(c.Runs), MaxFolds)
		}
		for _, r := range c.Runs {
			if r.ValRows < 0 {
				return fmt.Errorf("run %q: %d validation images", r.Label, r.ValRows)
			}
			if r.TestRows < 0 || r.TestRows > 0 && !(r.TestAccuracy >= 0 && r.TestAccuracy <= 1 && r.TestLoss >= 0) {
				return fmt.Errorf("run %q: bad test figures", r.Label)
			}
			if r.BestEpoch < 0 || r.BestEpoch > len(r.Epochs) {
				return fmt.Errorf("run %q: best epoch %d out of range", r.Label, r.BestEpoch)
			}
		}
	}
	if l.Plane != nil {
		if _, err := l.Plane.Spec(); err != nil {
			return err
		}
	}
	if l.Layout.Scale != 0 && !(l.Layout.Scale >= 1 && l.Layout.Scale <= 3) {
		return fmt.Errorf("presenter scale %v out of range", l.Layout.Scale)
	}
	if l.Layout.Panels < 0 || l.Layout.Panels > 2 {
		return fmt.Errorf("panel preset %d out of range", l.Layout.Panels)
	}
	return nil
}

// readMember reads one member of a lesson archive, at most limit bytes.
func readMember(f *zip.File, limit int64) ([]byte, error) {
	b, err := nn.ReadZipMember(f, limit)
	if err != nil {
		return nil, fmt.Errorf("lab: damaged lesson file: %w", err)
	}
	return b, nil
}
