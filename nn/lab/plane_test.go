package lab

import (
	"bytes"
	"reflect"
	"testing"

	"backproplab/nn/data"
)

// TestPlaneLessonRoundTrip writes every 2D preset, and a drawn dataset, as
// a lesson file and reads it back: the same dataset spec (hence the same
// points), network and settings.
func TestPlaneLessonRoundTrip(t *testing.T) {
	drawn := data.DefaultSpec(data.Drawn)
	drawn.Features = []data.Feature{data.X1, data.X2, data.SinX1}
	cases := []Lesson{{Plane: ptr(NewPlane(drawn, []data.Point{{X: 1, Y: -2, Class: 1}, {X: -3, Y: 0.5, Class: 2}})), Config: planeConfig(3, 3, 0, 0.01, 2)}}
	for _, p := range PlanePresets() {
		cases = append(cases, Lesson{Plane: ptr(p.Plane), Config: p.Config})
	}
	for i, l := range cases {
		var b bytes.Buffer
		if err := WriteLesson(&b, &l); err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		got, err := ReadLesson(bytes.NewReader(b.Bytes()), int64(b.Len()))
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if !reflect.DeepEqual(got.Plane, l.Plane) || !reflect.DeepEqual(got.Config, l.Config) {
			t.Errorf("case %d: read %+v %+v, wrote %+v %+v", i, got.Plane, got.Config, l.Plane, l.Config)
		}
		want, err := l.Plane.Spec()
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		spec, err := got.Plane.Spec()
		if err != nil || !reflect.DeepEqual(spec, want) {
			t.Errorf("case %d: spec %+v (%v), want %+v", i, spec, err, want)
		}
	}
}

// TestPlaneLessonRefuses checks that a lesson with a bad 2D dataset is
// refused with an error.
func TestPlaneLessonRefuses(t *testing.T) {
	good := PlanePresets()[0]
	for name, edit := range map[string]func(*Plane){
		"dataset":  func(p *Plane) { p.Dataset = "mnist2" },
		"feature":  func(p *Plane) { p.Features = []string{"x3"} },
		"noise":    func(p *Plane) { p.Noise = 2 },
		"no input": func(p *Plane) { p.Features = nil },
		"drawn":    func(p *Plane) { p.Dataset, p.Drawn = data.Drawn, []data.Point{{Class: -1}} },
	} {
		p := good.Plane
		edit(&p)
		var b bytes.Buffer
		if err := WriteLesson(&b, &Lesson{Plane: &p, Config: good.Config}); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadLesson(bytes.NewReader(b.Bytes()), int64(b.Len())); err == nil {
			t.Errorf("%s: a bad 2D dataset was read without error", name)
		}
	}
}

func ptr[T any](v T) *T { return &v }
