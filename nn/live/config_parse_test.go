package live

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestParseConfig(t *testing.T) {
	good, err := json.Marshal(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if c, err := ParseConfig(good); err != nil || !reflect.DeepEqual(c, DefaultConfig()) {
		t.Errorf("ParseConfig(default) = %+v, %v", c, err)
	}
	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", "bad saved configuration"},
		{"not json", "{", "bad saved configuration"},
		{"no inputs", `{"Arch": {"inputs": 0, "outputs": 10}}`, "inputs 0 out of range"},
		{"bad lr", strings.Replace(string(good), `"learning_rate":0.001`, `"learning_rate":-1`, 1), "learning rate -1"},
		{"huge", `"` + strings.Repeat("x", MaxConfigBytes) + `"`, "too large"},
	} {
		if _, err := ParseConfig([]byte(tc.in)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: ParseConfig = %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
}

// FuzzParseConfig checks that no saved configuration makes ParseConfig
// panic, and that what it accepts is valid and survives a round trip.
func FuzzParseConfig(f *testing.F) {
	good, _ := json.Marshal(DefaultConfig())
	f.Add(good)
	f.Add([]byte(`{"Arch": {"inputs": 784, "hidden": [], "outputs": 10, "activation": "tanh", "loss": "mse", "init": "he"}, "Settings": {"optimizer": "sgd", "learning_rate": 0.1, "batch_size": 1, "epochs": 0, "train_size": 1}}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseConfig(b)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "live: ") {
				t.Errorf("error %q does not start with \"live: \"", err)
			}
			return
		}
		if c.Arch.Validate() != nil || c.Settings.Validate() != nil {
			t.Fatalf("ParseConfig accepted an unusable %+v", c)
		}
		again, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		c2, err := ParseConfig(again)
		if err != nil || !reflect.DeepEqual(c, c2) {
			t.Fatalf("round trip: %+v, %v; want %+v", c2, err, c)
		}
	})
}
