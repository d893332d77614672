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
	"backproplab/nn/data"
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
// runner and the bridge. Its fields are read and written on the UI goroutine
// only, except where noted.
type session struct {
	ctx    context.Context
	cancel context.CancelFunc
	log    *slog.Logger
	prefs  fyne.Preferences
	wg     sync.WaitGroup
	closed sync.Once

	dataDir   string
	dataState dataState
	dataErr   error
	dataDirIn string // the folder the data was found in
	fetched   atomic.Int64
	fetchSize atomic.Int64
	fetchFile atomic.Pointer[string]

	trainDS, testDS *nn.Dataset              // the data trained on; changed only inside bridge.exclusive
	info            nn.DataInfo              // its description: name and class names (set with setInfo)
	classes         atomic.Pointer[[]string] // info's class names, for any goroutine
	mnist           *data.Set                // MNIST, once loaded, to go back to and to add drawings to
	presetOf        *data.Set                // the clean dataset a label-noise or imbalance preset was made from, or nil
	preset          string                   // what that preset changed, translated; "" for none
	onSet           []func()                 // called on the UI goroutine when another dataset is chosen
	runner          *live.Runner
	bridge          *bridge     // the only way from other goroutines to the widgets
	cfg             live.Config // the configuration the controls show
	bundled         *nn.Model   // the pretrained model shipped in assets, or nil
	// budget is the one memory limit on the timeline snapshots of every
	// run: the main run's and the Playground's (any goroutine).
	budget *live.Budget

	// colourBlind chooses the colour-blind-safe diverging palette for every
	// heat map (any goroutine).
	colourBlind atomic.Bool

	onData []func() // called on the UI goroutine when dataState changes
}

// newSession starts the session's bridge. post and manual are for tests
// (see newBridge); production passes nil and false.
func newSession(ctx context.Context, log *slog.Logger, prefs fyne.Preferences, dataDir string, post func(func()), manual bool) *session {
	ctx, cancel := context.WithCancel(ctx)
	s := &session{ctx: ctx, cancel: cancel, log: log, prefs: prefs, dataDir: dataDir}
	s.cfg = loadConfig(prefs)
	_, limit := timelinePrefs(prefs)
	s.budget = live.NewBudget(limit)
	s.bridge = newBridge(ctx, &s.wg, post, manual)
	return s
}

// start looks for the data in the background and loads it when found.
func (s *session) start() {
	if s.startWeb() {
		return
	}
	s.setDataState(dataLoading, nil)
	dir := s.dataDir
	s.bridge.Go(func(ctx context.Context) func() {
		found, err := mnist.Locate(dir)
		if err != nil {
			return func() {
				if errors.Is(err, mnist.ErrNotFound) {
					s.setDataState(dataMissing, err)
				} else {
					s.setDataState(dataFailed, err)
				}
			}
		}
		return s.load(ctx, found)
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
	s.bridge.Go(func(ctx context.Context) func() {
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
			s.log.Error("fetch failed", "err", english(err))
			return func() { s.setDataState(dataFailed, err) }
		}
		s.log.Info("data fetched", "dir", d)
		return s.load(ctx, d)
	})
}

// useFolder loads MNIST from a folder the user chose.
func (s *session) useFolder(dir string) {
	s.dataDir = dir
	s.prefs.SetString(prefDataDir, dir)
	s.start()
}

// load reads the data from dir on the calling (background) goroutine and
// returns what starts the runner on the UI goroutine.
func (s *session) load(ctx context.Context, dir string) func() {
	start := time.Now()
	train, test, err := mnist.Load(dir)
	return s.loaded(ctx, dir, start, train, test, err)
}

// loaded returns what starts the runner on the data read from dir since
// start, or shows err, on the UI goroutine.
func (s *session) loaded(ctx context.Context, dir string, start time.Time, train, test *mnist.Set, err error) func() {
	if err != nil {
		return func() { s.setDataState(dataFailed, err) }
	}
	trainDS := nn.NewDataset(train.Images, train.Labels, train.Rows*train.Cols)
	testDS := nn.NewDataset(test.Images, test.Labels, test.Rows*test.Cols)
	s.log.Info("data loaded", "dir", dir, "train", train.N, "test", test.N, "seconds", time.Since(start).Seconds())
	train, test = nil, nil // only their sparse copies live on
	// Reading gzip and building the sparse copies peaks at about twice
	// what stays; hand the difference back to the system now.
	debug.FreeOSMemory()
	if ctx.Err() != nil {
		return nil
	}
	return func() {
		s.trainDS, s.testDS, s.dataDirIn = trainDS, testDS, dir
		s.setInfo(nn.MNISTInfo())
		s.mnist = &data.Set{Info: s.info, Train: trainDS, Test: testDS}
		s.cfg.Arch.Inputs, s.cfg.Arch.Outputs = trainDS.Dim, len(s.info.Classes) // a saved configuration may be another dataset's
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
		r.ShareBudget(s.budget)
		s.runner = r
		s.setDataState(dataReady, nil)
		s.bridge.setRunner(r)
	}
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

// close stops the runner, the bridge and all background work, and waits
// until every goroutine the session started has returned. Call it on the
// UI goroutine; calls after the first return at once.
func (s *session) close() {
	s.closed.Do(func() {
		s.cancel()
		start := time.Now()
		if r := s.bridge.Runner(); r != nil {
			<-r.Done()
		}
		s.bridge.wait()
		if d := time.Since(start); d > time.Second {
			s.log.Warn("background work was slow to stop", "seconds", d.Seconds())
		}
	})
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
