package viz

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
)

// WriteConfusionCSV writes a confusion matrix (see Confusion) as CSV: a
// header "true \ predicted" followed by the class names, then one line per
// true class, its name and its counts. Names are quoted as CSV needs;
// missing cells are written as 0.
func WriteConfusionCSV(w io.Writer, counts [][]int, names []string) error {
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	rec := append([]string{`true \ predicted`}, names...)
	if err := cw.Write(rec); err != nil {
		return fmt.Errorf("write confusion csv: %w", err)
	}
	for t, name := range names {
		rec = rec[:0]
		rec = append(rec, name)
		for p := range names {
			rec = append(rec, strconv.Itoa(count(counts, t, p)))
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write confusion csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write confusion csv: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write confusion csv: %w", err)
	}
	return nil
}
