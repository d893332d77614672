// Package cli holds Backprop Lab's headless commands: train, eval, fetch
// and predict. Each writes its results to stdout and one clear line to
// stderr on failure, and returns the process exit code.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// Env is what a command reads and writes, so that tests can capture it.
type Env struct {
	Stdout, Stderr io.Writer
	// Terminal and ErrTerminal report whether Stdout and Stderr are
	// terminals, for live progress bars.
	Terminal, ErrTerminal bool
}

// DefaultEnv returns the process's standard streams.
func DefaultEnv() Env {
	return Env{Stdout: os.Stdout, Stderr: os.Stderr, Terminal: isTerminal(os.Stdout), ErrTerminal: isTerminal(os.Stderr)}
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// Commands lists the subcommands, for usage and for main to recognise.
var Commands = map[string]func(ctx context.Context, env Env, args []string) error{
	"train":   Train,
	"eval":    Eval,
	"fetch":   Fetch,
	"predict": Predict,
	"serve":   Serve,
}

// Usage is the top-level help text.
const Usage = `Backprop Lab: watch a neural network learn MNIST.

usage:
  backproplab [-v] [--data DIR]          open the app
  backproplab train [flags]               train the tutorial model in the terminal
  backproplab eval --model FILE [--json]  test loss and accuracy of a saved model
  backproplab predict [--model FILE] [--json] IMAGE.png...
  backproplab predict [--model FILE] [--json] --strokes FILE.json
  backproplab fetch [--dir DIR]           download MNIST into the cache
  backproplab serve [--addr :8080]        serve the browser build (make web) to a classroom

Run "backproplab COMMAND -h" for a command's flags.
`

// errUsage marks an error already explained by the flag package.
var errUsage = errors.New("usage")

// Run runs the subcommand args[0] with args[1:] and returns the exit code:
// 0 on success, 1 on failure, 2 on bad usage.
func Run(ctx context.Context, env Env, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, Usage)
		return 2
	}
	cmd, ok := Commands[args[0]]
	if !ok {
		fmt.Fprintf(env.Stderr, "backproplab: unknown command %q\n\n%s", args[0], Usage)
		return 2
	}
	err := cmd(ctx, env, args[1:])
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	fmt.Fprintf(env.Stderr, "backproplab %s: %s\n", args[0], oneLine(err.Error()))
	return 1
}

// newFlags returns a flag set that reports errors to env.Stderr.
func newFlags(env Env, name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "usage: backproplab %s %s\n", name, usage)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args, turning flag errors into errUsage.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
