package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"

	"backproplab/nn"
	"backproplab/nn/live"
	"backproplab/nn/mnist"
)

// dataState says where the MNIST data stands.
type dataState int

const (
	dataLoading  dataState = iota // looking for it or reading it
	dataMissing                   // not found; the user may fetch it or choose a folder
	dataFetching                  // downloading
	dataReady                     // loaded; the runner exists
	dataFailed                    // a fetch or load failed (see session.dataErr)
)

// session is the app's state behind the widgets: the data, the training
// runner and the pump. Its fields are read and written on the UI goroutine
// only, except where noted.
type session struct {
	ctx    context.Context
	cancel context.CancelFunc
	log    *slog.Logger
	prefs  fyne.Preferences
	wg     sync.WaitGroup

	dataDir   string
	dataState dataState
	dataErr   error
	dataDirIn string // the folder the data was found in
	fetched   atomic.Int64
	fetchSize atomic.Int64
	fetchFile atomic.Pointer[string]

	trainDS, testDS *nn.Dataset
	runner          *live.Runner
	pump            *pump
	cfg             live.Config // the configuration the controls show
	bundled         *nn.Model   // the pretrained model shipped in assets, or nil

	onData []func() // called on the UI goroutine when dataState changes
}

func newSession(ctx context.Context, log *slog.Logger, prefs fyne.Preferences, dataDir string, manualPump bool) *session {
	ctx, cancel := context.WithCancel(ctx)
	s := &session{ctx: ctx, cancel: cancel, log: log, prefs: prefs, dataDir: dataDir, pump: newPump()}
	s.cfg = loadConfig(prefs)
	if manualPump {
		close(s.pump.done)
		return s
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.pump.run(ctx)
	}()
	return s
}

// start looks for the data in the background and loads it when found.
func (s *session) start() {
	if s.startWeb() {
		return
	}
	s.setDataState(dataLoading, nil)
	dir := s.dataDir
	s.goBackground(func(ctx context.Context) {
		found, err := mnist.Locate(dir)
		if err != nil {
			fyne.Do(func() {
				if errors.Is(err, mnist.ErrNotFound) {
					s.setDataState(dataMissing, err)
				} else {
					s.setDataState(dataFailed, err)
				}
			})
			return
		}
		s.load(ctx, found)
	})
}

// fetch downloads MNIST into the data folder, then loads it.
func (s *session) fetch() {
	if s.startWeb() {
		return
	}
	s.setDataState(dataFetching, nil)
	s.fetched.Store(0)
	s.fetchSize.Store(-1)
	dir := s.dataDir
	s.goBackground(func(ctx context.Context) {
		s.log.Info("fetch started")
		d, err := mnist.Dir(dir)
		if err == nil {
			err = mnist.Fetch(ctx, d, func(file string, done, total int64) {
				s.fetchFile.Store(&file)
				s.fetched.Store(done)
				s.fetchSize.Store(total)
			})
		}
		if err != nil {
			s.log.Error("fetch failed", "err", err)
			fyne.Do(func() { s.setDataState(dataFailed, err) })
			return
		}
		s.log.Info("data fetched", "dir", d)
		s.load(ctx, d)
	})
}

// useFolder loads MNIST from a folder the user chose.
func (s *session) useFolder(dir string) {
	s.dataDir = dir
	s.prefs.SetString(prefDataDir, dir)
	s.start()
}

// load reads the data from dir on the calling (background) goroutine and
// then starts the runner on the UI goroutine.
func (s *session) load(ctx context.Context, dir string) {
	start := time.Now()
	train, test, err := mnist.Load(dir)
	s.loaded(ctx, dir, start, train, test, err)
}

// loaded starts the runner on the data read from dir since start, or shows
// err.
func (s *session) loaded(ctx context.Context, dir string, start time.Time, train, test *mnist.Set, err error) {
	if err != nil {
		fyne.Do(func() { s.setDataState(dataFailed, err) })
		return
	}
	trainDS := nn.NewDataset(train.Images, train.Labels, train.Rows*train.Cols)
	testDS := nn.NewDataset(test.Images, test.Labels, test.Rows*test.Cols)
	s.log.Info("data loaded", "dir", dir, "train", train.N, "test", test.N, "seconds", time.Since(start).Seconds())
	train, test = nil, nil // only their sparse copies live on
	// Reading gzip and building the sparse copies peaks at about twice
	// what stays; hand the difference back to the system now.
	debug.FreeOSMemory()
	if ctx.Err() != nil {
		return
	}
	fyne.Do(func() {
		if s.ctx.Err() != nil {
			return
		}
		s.trainDS, s.testDS, s.dataDirIn = trainDS, testDS, dir
		r, err := live.New(s.ctx, live.Data{Train: trainDS, Test: testDS}, s.cfg)
		if err != nil {
			// The saved configuration is unusable: fall back to the tutorial.
			s.cfg = live.DefaultConfig()
			r, err = live.New(s.ctx, live.Data{Train: trainDS, Test: testDS}, s.cfg)
		}
		if err != nil {
			s.setDataState(dataFailed, err)
			return
		}
		r.SetTimeline(timelinePrefs(s.prefs))
		s.runner = r
		s.setDataState(dataReady, nil)
		s.pump.runner.Store(r)
	})
}

// goBackground runs f on a goroutine that close waits for.
func (s *session) goBackground(f func(ctx context.Context)) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		f(s.ctx)
	}()
}

func (s *session) setDataState(st dataState, err error) {
	s.dataState, s.dataErr = st, err
	for _, f := range s.onData {
		f()
	}
}

// fetchProgress returns the bytes fetched of the current file, its size (or
// -1) and its name. Safe from any goroutine.
func (s *session) fetchProgress() (done, total int64, file string) {
	if f := s.fetchFile.Load(); f != nil {
		file = *f
	}
	return s.fetched.Load(), s.fetchSize.Load(), file
}

// close stops the runner, the pump and all background work, waiting at
// most a second for them.
func (s *session) close() {
	s.cancel()
	wait := make(chan struct{})
	go func() {
		if s.runner != nil {
			<-s.runner.Done()
		}
		s.wg.Wait()
		close(wait)
	}()
	select {
	case <-wait:
	case <-time.After(time.Second):
		s.log.Warn("background work did not stop within 1 s")
	}
}

// snapshot returns the runner's latest snapshot, or nil before the data is ready.
func (s *session) snapshot() *live.Snapshot {
	if s.runner == nil {
		return nil
	}
	return s.runner.Snapshot()
}

// describeData returns a one-line, translated description of the data state.
func (s *session) describeData() string {
	switch s.dataState {
	case dataLoading:
		return T("Loading MNIST…")
	case dataMissing:
		return T("MNIST was not found on this computer. Fetch it (about 11 MB) or choose a folder that holds the four MNIST files.")
	case dataFetching:
		return T("Fetching MNIST…")
	case dataFailed:
		return fmt.Sprintf("%s %v", T("Could not get MNIST:"), s.dataErr)
	}
	return ""
}
