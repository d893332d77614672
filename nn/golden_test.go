package nn

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

const tinyRunGolden = "testdata/tiny_run.golden"

// tinyRunLosses trains 784-16-10 on 512 synthetic digits for one epoch at
// batch 64 (Adam 1e-3, seed 1) and returns the batch losses.
func tinyRunLosses(t *testing.T) []float64 {
	t.Helper()
	a := TutorialArch()
	a.Hidden = []int{16}
	s := DefaultSettings()
	s.BatchSize, s.Epochs, s.TrainSize = 64, 1, 512
	tr, err := NewTrainer(NewNetwork(a, 1), synthDataset(512, 1), s)
	if err != nil {
		t.Fatal(err)
	}
	var losses []float64
	if err := tr.Run(context.Background(), func(m BatchMetrics) { losses = append(losses, m.Loss) }); err != nil {
		t.Fatal(err)
	}
	return losses
}

// TestTinyRunGolden compares a seeded tiny run's batch losses with
// testdata/tiny_run.golden, to within 1e-5 relative: kernels using FMA may
// differ from others in the last bits. Refresh the file with
// go test ./nn -run TestTinyRunGolden -update.
func TestTinyRunGolden(t *testing.T) {
	got := tinyRunLosses(t)
	if *update {
		var b bytes.Buffer
		fmt.Fprintln(&b, "# Batch losses of a seeded tiny run (see TestTinyRunGolden); refresh with -update.")
		for _, l := range got {
			fmt.Fprintf(&b, "%.17g\n", l)
		}
		if err := os.WriteFile(tinyRunGolden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(tinyRunGolden)
	if err != nil {
		t.Fatalf("%v (create it with -update)", err)
	}
	defer f.Close()
	var want []float64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		v, err := strconv.ParseFloat(line, 64)
		if err != nil {
			t.Fatalf("%s: %v", tinyRunGolden, err)
		}
		want = append(want, v)
	}
	if len(got) != len(want) {
		t.Fatalf("%d batch losses, golden file has %d", len(got), len(want))
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > 1e-5*math.Abs(want[i]) {
			t.Errorf("batch %d: loss %.9g, golden %.9g", i, got[i], want[i])
		}
	}
}
