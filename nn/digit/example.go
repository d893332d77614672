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
	Label int `json:"label"` // the class the user says it is: a digit, or an index into Classes
	// Classes names the classes of the dataset the drawing was saved for,
	// index = class; empty for the ten digits.
	Classes   []string  `json:"classes,omitempty"`
	Predicted int       `json:"predicted"` // what the model said when it was saved, or -1
	Model     string    `json:"model,omitempty"`
	Pixels    []uint8   `json:"-"`       // (28×28), white ink on black, MNIST-preprocessed
	Image     []int     `json:"pixels"`  // Pixels as numbers, for people and other tools
	Drawing   Drawing   `json:"drawing"` // the raw strokes, in pad coordinates
	Saved     time.Time `json:"saved"`
}

// MaxExampleClasses bounds the classes an example names.
const MaxExampleClasses = 100

// ParseExample reads and checks one example file: a label 0..9 (or an
// index into its 2..MaxExampleClasses distinct, non-empty class names) and
// 784 pixels 0..255 (Pixels is filled from Image). Errors start with
// "digit: ".
func ParseExample(b []byte) (Example, error) {
	if len(b) > MaxExampleBytes {
		return Example{}, fmt.Errorf("digit: example too large (%d bytes, at most %d)", len(b), MaxExampleBytes)
	}
	var ex Example
	if err := json.Unmarshal(b, &ex); err != nil {
		return Example{}, fmt.Errorf("digit: bad example: %w", err)
	}
	if err := CheckClasses(ex.Classes); err != nil {
		return Example{}, fmt.Errorf("digit: bad example: %w", err)
	}
	if ex.Label < 0 || ex.Label >= ex.NumClasses() || len(ex.Image) != Pixels {
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

// NumClasses returns the number of classes ex's label is one of: ten
// digits, or its class names.
func (ex Example) NumClasses() int {
	if len(ex.Classes) == 0 {
		return 10
	}
	return len(ex.Classes)
}

// CheckClasses checks class names an example may record: none (the
// digits), or 2..MaxExampleClasses distinct names, each non-empty and at
// most 100 bytes.
func CheckClasses(names []string) error {
	if len(names) == 0 {
		return nil
	}
	if len(names) < 2 || len(names) > MaxExampleClasses {
		return fmt.Errorf("%d class names, want 2..%d", len(names), MaxExampleClasses)
	}
	seen := make(map[string]bool, len(names))
	for _, n := range names {
		if n == "" || len(n) > 100 || seen[n] {
			return fmt.Errorf("class name %q empty, too long or repeated", n)
		}
		seen[n] = true
	}
	return nil
}
