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

	"backproplab/nn/mnist"
	"backproplab/nn/safefile"
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

func init() { Commands["gradcheck"] = Gradcheck }

// Usage is the top-level help text.
const Usage = `Backprop Lab: watch a neural network learn MNIST.

usage:
  backproplab [-v] [--data DIR]          open the app
  backproplab train [flags]               train the tutorial model in the terminal
  backproplab eval --model FILE [--json]  test loss and accuracy of a saved model
  backproplab predict [--model FILE] [--json] IMAGE.png...
  backproplab predict [--model FILE] [--json] --strokes FILE.json
  backproplab fetch [--dir DIR]           download MNIST into the cache
  backproplab gradcheck [--model FILE] [--sample I | --batch N] [--json]
                                          backprop vs finite differences per layer
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
		fmt.Fprintf(env.Stderr, "backproplab: unknown command %q (run \"backproplab -h\" for the commands)\n", args[0])
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
	fmt.Fprintf(env.Stderr, "backproplab %s: %s\n", args[0], errorLines(err.Error()))
	return 1
}

// CleanLeftovers removes what killed runs left behind: temporary files of
// interrupted saves, partial downloads in the data folder and the fetch's
// temporary folders, each only when stale (see package safefile). main
// calls it at start; it returns what it removed.
func CleanLeftovers(dataDir string) []string {
	removed := safefile.CleanLeftovers()
	d, err := mnist.Dir(dataDir)
	if err != nil {
		d = ""
	}
	return append(removed, mnist.CleanLeftovers(d)...)
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

// parse parses args. -h prints the usage; a bad flag prints one line
// with a hint, not the whole usage, and becomes errUsage.
func parse(fs *flag.FlagSet, args []string) error {
	usage, out := fs.Usage, fs.Output()
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.Usage = usage
	fs.SetOutput(out)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		usage()
		return err
	}
	fmt.Fprintln(out, flagError(fs.Name(), err))
	return errUsage
}

// flagError is the one line printed for a bad flag of command name.
func flagError(name string, err error) string {
	return fmt.Sprintf("backproplab %s: %s (run \"backproplab %s -h\" for its flags)", name, oneLine(err.Error()), name)
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// errorLines keeps the first line of an error message as it is and puts
// each further line (the reasons errors.Join lists) on its own indented
// line, so that several failures stay readable.
func errorLines(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = oneLine(l)
	}
	return strings.Join(lines, "\n  ")
}
