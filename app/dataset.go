package app

import (
	"slices"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"

	"backproplab/nn"
	"backproplab/nn/data"
	"backproplab/nn/lab"
	"backproplab/nn/live"
	"backproplab/viz"
)

// This file is the session's side of choosing a dataset: MNIST, another
// dataset in MNIST's format, the class's drawings or a folder of images.
// The runner keeps running; SetData gives it the new data and a network
// whose output layer has one unit per class.

// classNames returns the names of the n classes of the dataset trained
// on, index = class, or "0" to "n-1" when it names none or another number
// (a model opened for another dataset). Call on the UI goroutine.
func (s *session) classNames(n int) []string {
	if len(s.info.Classes) == n {
		return slices.Clone(s.info.Classes)
	}
	return viz.DigitNames(n)
}

// setInfo records the description of the dataset trained on. Call on the
// UI goroutine.
func (s *session) setInfo(info nn.DataInfo) {
	s.info = info
	names := slices.Clone(info.Classes)
	s.classes.Store(&names)
}

// classNamesAny is classNames for any goroutine (a view's render on the
// bridge goroutine): the names of the n classes of the dataset trained on,
// or "0" to "n-1".
func (s *session) classNamesAny(n int) []string {
	if p := s.classes.Load(); p != nil && len(*p) == n {
		return slices.Clone(*p)
	}
	return viz.DigitNames(n)
}

// datasetTitle returns the name of the dataset trained on, as the user
// knows it, translated.
func (s *session) datasetTitle() string { return imageSetTitle(s.info.Name) }

// imageSetTitle returns an image dataset's name as the user knows it, translated.
func imageSetTitle(name string) string {
	switch name {
	case "", "mnist":
		return "MNIST"
	case "fashion":
		return "Fashion-MNIST"
	case "kmnist":
		return "Kuzushiji-MNIST"
	case data.Drawings:
		return T("The class's drawings")
	case data.MNISTDrawings:
		return T("MNIST + the class's drawings")
	}
	return name
}

// shortName shortens a class name to at most 8 characters for captions
// under small images.
func shortName(s string) string {
	if utf8.RuneCountInString(s) <= 8 {
		return s
	}
	return string([]rune(s)[:7]) + "…"
}

// useSet makes set the data the session trains on and starts the run over
// on it, paused, with a network whose output layer has one unit per class
// of set. Call on the UI goroutine after asking (confirmSwitch): the
// current training is lost.
func (s *session) useSet(set *data.Set) error {
	if s.runner == nil {
		return errorf("The data is not loaded yet.")
	}
	if set.Regression() || len(set.Info.Classes) < 2 {
		return errorf("This dataset has no classes to learn.")
	}
	cfg := s.cfg
	cfg.Arch.Hidden = slices.Clone(cfg.Arch.Hidden)
	cfg.Arch.Inputs, cfg.Arch.Outputs = set.Inputs(), set.Outputs()
	var err error
	s.bridge.exclusive(func() {
		if err = s.runner.SetData(live.Data{Train: set.Train, Test: set.Test}, cfg); err == nil {
			s.trainDS, s.testDS = set.Train, set.Test
			s.setInfo(set.Info)
			s.presetOf, s.preset = nil, ""
		}
	})
	if err != nil {
		return err
	}
	s.cfg = cfg
	s.log.Info("dataset", "name", set.Info.Name, "classes", len(set.Info.Classes), "train", set.Train.N, "test", set.Test.N)
	for _, f := range s.onSet {
		f()
	}
	return nil
}

// describeSet returns a one-line, translated description of the dataset
// trained on: its name, sizes and classes.
func (s *session) describeSet() string {
	if s.trainDS == nil {
		return ""
	}
	names := s.info.Classes
	list := strings.Join(names, ", ")
	if len(names) > 4 {
		list = Tf("%s … (%d)", strings.Join(names[:3], ", "), len(names))
	}
	title := s.datasetTitle()
	if s.preset != "" {
		title = Tf("%s (%s)", title, s.preset)
	}
	return Tf("%s: %s training, %s test images, classes %s", title, lab.Thousands(s.trainDS.N), lab.Thousands(s.testDS.N), list)
}

// classNames returns the names of the classes of res's network: the
// digits for the bundled model, the dataset's for the network in training.
func (ds *drawScreen) classNames(res padResult) []string {
	if res.net == nil || res.net == ds.bundled {
		return nil // the digits
	}
	return ds.sess.classNames(res.net.Arch.Outputs)
}

// namedClasses reports whether some class name is longer than two
// characters: captions then need more room than a digit's.
func namedClasses(names []string) bool {
	for _, n := range names {
		if utf8.RuneCountInString(n) > 2 {
			return true
		}
	}
	return false
}

// namedGalleryCell returns the size of one image of the evaluation's
// galleries: galleryCell's, wider for named classes, whose caption lines
// are longer.
func namedGalleryCell(named bool) fyne.Size {
	c := galleryCell()
	if named {
		c.Width = themeScaled(104)
	}
	return c
}
