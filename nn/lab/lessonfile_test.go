package lab

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"backproplab/nn"
)

func sampleLesson(withModel bool) *Lesson {
	c := smallBase(1000, 3)
	e := Experiment{Name: "l2", Base: c, Vary: VaryL2, Values: []string{"0", "0.001"}, Patience: 2}
	l := &Lesson{
		Config:     c,
		Layout:     Layout{Tab: 4, View: "overfitting", Run: 1, Scale: 1.5, HighContrast: true, Panels: 1},
		Experiment: &e,
		Curves: &Snapshot{Name: "l2", Runs: []RunState{{
			Label: "L2 0", Config: c, Status: Stopped, Restored: true, BestEpoch: 1, Progress: 2, Seconds: 1.25,
			ValRows: 6000, HeldOut: true, TestRows: 10000, TestLoss: 0.95, TestAccuracy: 0.78,
			Train:  []Point{{Epoch: 0.5, Loss: 1.5, Accuracy: 0.5}, {Epoch: 1, Loss: 1, Accuracy: 0.75}},
			Epochs: []EpochPoint{{Epoch: 1, TrainLoss: 1, TrainAccuracy: 0.7, ValLoss: 0.9, ValAccuracy: 0.8}, {Epoch: 2, TrainLoss: 0.5, TrainAccuracy: 0.9, ValLoss: 1.1, ValAccuracy: 0.79}},
		}}},
	}
	if withModel {
		l.Model = &nn.Model{Net: nn.NewNetwork(c.Arch, 7), Settings: c.Settings, Note: "test"}
	}
	return l
}

func TestLessonRoundTrip(t *testing.T) {
	for _, withModel := range []bool{false, true} {
		want := sampleLesson(withModel)
		path := filepath.Join(t.TempDir(), "a.bplesson")
		if err := SaveLesson(path, want); err != nil {
			t.Fatal(err)
		}
		got, err := LoadLesson(path)
		if err != nil {
			t.Fatal(err)
		}
		if withModel {
			if got.Model == nil || !reflect.DeepEqual(got.Model.Net.Params, want.Model.Net.Params) {
				t.Fatal("model did not survive the round trip")
			}
			got.Model, want.Model = nil, nil
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
		}
		entries, _ := os.ReadDir(filepath.Dir(path))
		if len(entries) != 1 {
			t.Errorf("%d files in the folder after an atomic save, want 1", len(entries))
		}
	}
}

// lessonZip returns a zip archive of the given members.
func lessonZip(t testing.TB, members map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range members {
		f, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(body))
	}
	zw.Close()
	return buf.Bytes()
}

func TestReadLessonRefuses(t *testing.T) {
	var good bytes.Buffer
	if err := WriteLesson(&good, sampleLesson(false)); err != nil {
		t.Fatal(err)
	}
	newer := strings.Replace(string(lessonMember(t, good.Bytes())), `"version": 1`, `"version": 2`, 1)
	badExp := strings.Replace(string(lessonMember(t, good.Bytes())), `"0.001"`, `"-5"`, 1)
	badTest := strings.Replace(string(lessonMember(t, good.Bytes())), `"test_accuracy": 0.78`, `"test_accuracy": 7.8`, 1)
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "empty"},
		{"not zip", []byte("hello, this is not a zip file at all"), "not a zip"},
		{"truncated", good.Bytes()[:good.Len()/2], "not a zip"},
		{"no lesson.json", lessonZip(t, map[string]string{"config.json": "{}"}), "no lesson.json"},
		{"model file", lessonZip(t, map[string]string{"lesson.json": `{"format":"backproplab-model","version":1}`}), "not a Backprop Lab lesson"},
		{"bad json", lessonZip(t, map[string]string{"lesson.json": `{"format":`}), "damaged"},
		{"newer", lessonZip(t, map[string]string{"lesson.json": newer}), "newer Backprop Lab"},
		{"bad experiment", lessonZip(t, map[string]string{"lesson.json": badExp}), "damaged"},
		{"bad test figures", lessonZip(t, map[string]string{"lesson.json": badTest}), "test figures"},
		{"bad model", lessonZip(t, map[string]string{"lesson.json": string(lessonMember(t, good.Bytes())), "model.npz": "junk"}), "model"},
	}
	for _, tc := range tests {
		_, err := ReadLesson(bytes.NewReader(tc.data), int64(len(tc.data)))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one mentioning %q", tc.name, err, tc.want)
		}
	}
}

func lessonMember(t testing.TB, file []byte) []byte {
	zr, err := zip.NewReader(bytes.NewReader(file), int64(len(file)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "lesson.json" {
			b, err := readMember(f, maxLessonJSON)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	t.Fatal("no lesson.json")
	return nil
}

func FuzzReadLesson(f *testing.F) {
	for _, m := range []bool{false, true} {
		var buf bytes.Buffer
		if err := WriteLesson(&buf, sampleLesson(m)); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
	}
	f.Add(lessonZip(f, map[string]string{"lesson.json": `{"format":"backproplab-lesson","version":1}`}))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ReadLesson(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		// Whatever is accepted must be usable and must write back.
		if l.Experiment != nil {
			if _, err := l.Experiment.Specs(); err != nil {
				t.Fatalf("accepted an unusable experiment: %v", err)
			}
		}
		var buf bytes.Buffer
		if err := WriteLesson(&buf, l); err != nil {
			t.Fatalf("accepted lesson does not write back: %v", err)
		}
	})
}
