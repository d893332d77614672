package digit

import (
	"encoding/json"
	"fmt"
	"time"
)

// MaxExampleBytes bounds an example file that ParseExample reads.
const MaxExampleBytes = 4 << 20

// Example is one drawing a user labelled and saved: the class's own
// handwriting set, one JSON file per example.
type Example struct {
	Label     int       `json:"label"`     // the digit the user says it is
	Predicted int       `json:"predicted"` // what the model said when it was saved, or -1
	Model     string    `json:"model,omitempty"`
	Pixels    []uint8   `json:"-"`       // (28×28), white ink on black, MNIST-preprocessed
	Image     []int     `json:"pixels"`  // Pixels as numbers, for people and other tools
	Drawing   Drawing   `json:"drawing"` // the raw strokes, in pad coordinates
	Saved     time.Time `json:"saved"`
}

// ParseExample reads and checks one example file: a label 0..9 and 784
// pixels 0..255 (Pixels is filled from Image). Errors start with "digit: ".
func ParseExample(b []byte) (Example, error) {
	if len(b) > MaxExampleBytes {
		return Example{}, fmt.Errorf("digit: example too large (%d bytes, at most %d)", len(b), MaxExampleBytes)
	}
	var ex Example
	if err := json.Unmarshal(b, &ex); err != nil {
		return Example{}, fmt.Errorf("digit: bad example: %w", err)
	}
	if ex.Label < 0 || ex.Label > 9 || len(ex.Image) != Pixels {
		return Example{}, fmt.Errorf("digit: bad example: label %d, %d pixels", ex.Label, len(ex.Image))
	}
	ex.Pixels = make([]uint8, Pixels)
	for i, v := range ex.Image {
		if v < 0 || v > 255 {
			return Example{}, fmt.Errorf("digit: bad example: pixel %d out of range", v)
		}
		ex.Pixels[i] = uint8(v)
	}
	return ex, nil
}
