// Command backproplab is Backprop Lab: a desktop app that makes a neural
// network's learning visible, and its headless commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"

	"backproplab/app"
	"backproplab/cli"
)

func main() {
	cli.CleanLeftovers(os.Getenv("BACKPROPLAB_DATA"))
	if len(os.Args) > 1 {
		if _, ok := cli.Commands[os.Args[1]]; ok {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
			stopProfiling := startProfiling() // the same profiles as the app's, to compare
			code := cli.Run(ctx, cli.DefaultEnv(), os.Args[1:])
			stopProfiling()
			stop()
			os.Exit(code)
		}
	}
	fs := flag.NewFlagSet("backproplab", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // one line for a bad flag, below
	fs.Usage = func() {}
	verbose := fs.Bool("v", false, "log the main events to stderr")
	data := fs.String("data", "", "MNIST folder (default $BACKPROPLAB_DATA or the user cache)")
	language := fs.String("lang", "", "interface language: en or zh-Hans (default: the system's)")
	if err := fs.Parse(os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(os.Stderr, cli.Usage)
			os.Exit(0)
		}
		fmt.Fprintf(os.Stderr, "backproplab: %v (run \"backproplab -h\" for help)\n", err)
		os.Exit(2)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "backproplab: unknown command %q (run \"backproplab -h\" for the commands)\n", fs.Arg(0))
		os.Exit(2)
	}
	var out io.Writer = io.Discard
	if *verbose {
		out = os.Stderr
	}
	if _, ok := os.LookupEnv("LP_NUM_THREADS"); !ok {
		// Without a GPU, Mesa's llvmpipe rasterises the window on every core;
		// one thread keeps the other core for training (2-core machines).
		os.Setenv("LP_NUM_THREADS", "1")
	}
	defer startProfiling()()
	app.Run(app.Options{DataDir: *data, Log: slog.New(slog.NewTextHandler(out, nil)), Language: *language})
}
