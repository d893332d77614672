package viz

import (
	"bytes"
	"errors"
	"image/png"
	"math"
	"strings"
	"testing"
)

func TestWritePNG(t *testing.T) {
	var buf bytes.Buffer
	if err := WritePNG(&buf, fixLossChart(), 320, 200, 1.5, Light()); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatalf("WritePNG output does not decode: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 320 || b.Dy() != 200 {
		t.Errorf("WritePNG size = %v, want 320x200", b.Size())
	}
	if err := WritePNG(&buf, Chart{}, 0, 10, 1, Light()); err == nil {
		t.Error("WritePNG(0x10) returned no error")
	}
	if err := WritePNG(failWriter{}, Chart{}, 10, 10, 1, Light()); !errors.Is(err, errWrite) {
		t.Errorf("WritePNG to a failing writer = %v, want %v wrapped", err, errWrite)
	}
}

func TestWriteSVG(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSVG(&buf, fixLossChart(), 16, 8, Light()); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	for _, want := range []string{"<svg", `width="453.5`, "@font-face", ">Loss</text>", ">validation</text>", "</svg>"} {
		if !strings.Contains(s, want) {
			t.Errorf("WriteSVG output lacks %q", want)
		}
	}
	if err := WriteSVG(&buf, Chart{}, -1, 8, Light()); err == nil {
		t.Error("WriteSVG(-1 cm) returned no error")
	}
	if err := WriteSVG(failWriter{}, Chart{}, 5, 5, Light()); !errors.Is(err, errWrite) {
		t.Errorf("WriteSVG to a failing writer = %v, want %v wrapped", err, errWrite)
	}
}

func TestWriteCSV(t *testing.T) {
	c := Chart{Series: []Series{
		{Name: "train, smoothed", X: []float64{0, 0.5}, Y: []float64{2.3, math.NaN()}},
		{X: []float64{1, 2, 3}, Y: []float64{0.25, math.Inf(1)}},
	}}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, c); err != nil {
		t.Fatal(err)
	}
	want := "series,x,y\n" +
		"\"train, smoothed\",0,2.3\n" +
		"\"train, smoothed\",0.5,NaN\n" +
		"series2,1,0.25\n" +
		"series2,2,+Inf\n"
	if got := buf.String(); got != want {
		t.Errorf("WriteCSV =\n%s\nwant\n%s", got, want)
	}
	if err := WriteCSV(failWriter{}, c); !errors.Is(err, errWrite) {
		t.Errorf("WriteCSV to a failing writer = %v, want %v wrapped", err, errWrite)
	}
}

var errWrite = errors.New("disk full")

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errWrite }
