package cli

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// bar draws a one-line progress bar on a terminal, at most ten times a
// second, redrawing in place with a carriage return.
type bar struct {
	w    io.Writer
	mu   sync.Mutex
	last time.Time
	text string
}

// draw shows "prefix [=====>    ] suffix" for done of total.
func (b *bar) draw(prefix string, done, total int64, suffix string, force bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !force && time.Since(b.last) < 100*time.Millisecond {
		return
	}
	b.last = time.Now()
	const width = 30
	fill := 0
	if total > 0 {
		fill = int(float64(width) * float64(done) / float64(total))
	}
	fill = min(max(fill, 0), width)
	bar := strings.Repeat("=", fill)
	if fill < width {
		bar += ">" + strings.Repeat(" ", width-fill-1)
	}
	line := fmt.Sprintf("%s [%s] %s", prefix, bar, suffix)
	pad := ""
	if len(line) < len(b.text) {
		pad = strings.Repeat(" ", len(b.text)-len(line))
	}
	fmt.Fprintf(b.w, "\r%s%s", line, pad)
	b.text = line
}

// done ends the bar's line.
func (b *bar) done() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.text != "" {
		fmt.Fprintln(b.w)
		b.text = ""
	}
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
