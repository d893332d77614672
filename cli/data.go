package cli

import (
	"context"
	"errors"
	"fmt"
	"os"

	"backproplab/nn/mnist"
)

// loadData finds MNIST (dir, $BACKPROPLAB_DATA or the cache), fetching it
// into the cache when missing with a progress bar on a terminal, and loads it.
func loadData(ctx context.Context, env Env, dir string) (train, test *mnist.Set, err error) {
	d, err := ensureData(ctx, env, dir, mnist.Locate, mnist.Ensure)
	if err != nil {
		return nil, nil, err
	}
	train, test, err = mnist.Load(d)
	if err != nil {
		return nil, nil, fetchHint(err, dir)
	}
	return train, test, nil
}

// loadTestData is loadData for the test set alone.
func loadTestData(ctx context.Context, env Env, dir string) (*mnist.Set, error) {
	d, err := ensureData(ctx, env, dir, mnist.LocateTest, mnist.EnsureTest)
	if err != nil {
		return nil, err
	}
	test, err := mnist.LoadTest(d)
	if err != nil {
		return nil, fetchHint(err, dir)
	}
	return test, nil
}

// ensureData checks dir (a --data flag) and returns the data folder,
// fetching into it with ensure when locate finds files missing.
func ensureData(ctx context.Context, env Env, dir string, locate func(string) (string, error),
	ensure func(context.Context, string, mnist.Progress) (string, error)) (string, error) {
	if dir != "" {
		if st, err := os.Stat(dir); err == nil && !st.IsDir() {
			return "", fmt.Errorf("--data %s is a file; give the folder that holds the four MNIST files", dir)
		}
	}
	if _, err := locate(dir); errors.Is(err, mnist.ErrNotFound) {
		d, _ := mnist.Dir(dir)
		fmt.Fprintf(env.Stderr, "MNIST not found; fetching it into %s\n", d)
	}
	d, err := ensure(ctx, dir, fetchProgress(env))
	if err != nil {
		return "", err
	}
	return d, nil
}

// fetchHint adds to an error reading MNIST the command that repairs it:
// fetch replaces every file whose checksum is wrong.
func fetchHint(err error, dir string) error {
	cmd := "backproplab fetch"
	if dir != "" {
		cmd += " --dir " + dir
	}
	return fmt.Errorf("%w; run \"%s\" to download it again", err, cmd)
}

// fetchProgress returns a Progress that draws a bar per file on a terminal
// and prints one line per finished file otherwise.
func fetchProgress(env Env) mnist.Progress {
	b := &bar{w: env.Stderr}
	return func(file string, done, total int64) {
		if file == mnist.GoModule {
			fmt.Fprintf(env.Stderr, "go mod download %s\n", file)
			return
		}
		finished := total >= 0 && done >= total
		if env.ErrTerminal {
			suffix := mib(done)
			if total > 0 {
				suffix += " / " + mib(total)
			}
			b.draw(fmt.Sprintf("%-28s", file), done, total, suffix, finished)
			if finished {
				b.done()
			}
			return
		}
		if finished {
			fmt.Fprintf(env.Stderr, "%s: %s\n", file, mib(total))
		}
	}
}

// Fetch runs "backproplab fetch": it downloads MNIST by hand.
func Fetch(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "fetch", "[--dir DIR]")
	dir := fs.String("dir", "", "folder to fetch into (default $BACKPROPLAB_DATA or the user cache)")
	if err := parse(fs, args); err != nil {
		return err
	}
	d, err := mnist.Dir(*dir)
	if err != nil {
		return err
	}
	if err := mnist.Fetch(ctx, d, fetchProgress(env)); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "MNIST is in %s\n", d)
	return nil
}
