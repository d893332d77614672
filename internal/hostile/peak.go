package hostile

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// peakEnv names, in a child made by PeakRSS, the case it is to run.
const peakEnv = "BACKPROPLAB_PEAK_CASE"

// peakLine starts the line on which a child reports its peak.
const peakLine = "hostile-peak "

// peakArgEnv passes, to a child made by PeakRSS, what build returned.
const peakArgEnv = "BACKPROPLAB_PEAK_ARG"

// PeakRSS calls build (typically: write a hostile file, return its path),
// then runs open on what it returned in a child process, and returns that
// process's peak resident set size (VmHWM, in bytes) and open's error as
// text ("" for nil). The child is the test binary run again for t's test
// alone, with name in its environment: there PeakRSS skips build, runs
// open for the call whose name matches, reports and exits, and returns at
// once for the other calls. So what t's test does before the call runs
// in the child too and counts in its peak: keep it small. Linux only
// (/proc/self/status).
func PeakRSS(t *testing.T, name string, build func() (string, error), open func(string) error) (peak uint64, errText string) {
	t.Helper()
	if c, ok := os.LookupEnv(peakEnv); ok {
		if c != name {
			return 0, ""
		}
		msg := ""
		if err := open(os.Getenv(peakArgEnv)); err != nil {
			msg = err.Error()
		}
		hwm, err := vmHWM()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		fmt.Printf("\n%s%d %s\n", peakLine, hwm, strconv.Quote(msg))
		os.Exit(0)
	}
	arg, err := build()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+regexp.QuoteMeta(t.Name())+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), peakEnv+"="+name, peakArgEnv+"="+arg)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: the child failed: %v\n%s%s", name, err, out, stderr.String())
	}
	for _, line := range strings.Split(string(out), "\n") {
		rest, ok := strings.CutPrefix(line, peakLine)
		if !ok {
			continue
		}
		n, q, _ := strings.Cut(rest, " ")
		peak, err1 := strconv.ParseUint(n, 10, 64)
		msg, err2 := strconv.Unquote(q)
		if err1 != nil || err2 != nil {
			break
		}
		return peak, msg
	}
	t.Fatalf("%s: the child reported no peak:\n%s%s", name, out, stderr.String())
	return 0, ""
}

// vmHWM reads this process's peak resident set size from /proc.
func vmHWM() (uint64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/self/status")
}

// Gzip returns a gzip file of prefix followed by zeros zero bytes, its
// data a deflate bomb (see DeflateZeros).
func Gzip(prefix []byte, zeros int64) []byte {
	s, crc, size := DeflateZeros(prefix, zeros)
	out := append([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}, s...)
	out = binary.LittleEndian.AppendUint32(out, crc)
	return binary.LittleEndian.AppendUint32(out, uint32(size))
}
