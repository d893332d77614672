package cli

import (
	"context"
	"fmt"

	"backproplab/nn/mnist"
)

// loadData finds MNIST (dir, $BACKPROPLAB_DATA or the cache), fetching it
// into the cache when missing with a progress bar on a terminal, and loads it.
func loadData(ctx context.Context, env Env, dir string) (train, test *mnist.Set, err error) {
	if _, err := mnist.Locate(dir); err != nil {
		d, _ := mnist.Dir(dir)
		fmt.Fprintf(env.Stderr, "MNIST not found; fetching it into %s\n", d)
	}
	d, err := mnist.Ensure(ctx, dir, fetchProgress(env))
	if err != nil {
		return nil, nil, err
	}
	return mnist.Load(d)
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
