package live

import (
	"encoding/json"
	"fmt"
)

// MaxConfigBytes bounds a saved configuration that ParseConfig reads; a real
// one is a few hundred bytes.
const MaxConfigBytes = 64 << 10

// ParseConfig reads a configuration saved as JSON (the app keeps it in its
// preferences) and checks that the architecture and settings are usable.
func ParseConfig(b []byte) (Config, error) {
	if len(b) > MaxConfigBytes {
		return Config{}, fmt.Errorf("live: saved configuration too large (%d bytes, at most %d)", len(b), MaxConfigBytes)
	}
	var c Config
	if err := json.Unmarshal(b, &c); err != nil {
		return Config{}, fmt.Errorf("live: bad saved configuration: %w", err)
	}
	if err := c.Arch.Validate(); err != nil {
		return Config{}, fmt.Errorf("live: bad saved configuration: %w", err)
	}
	if err := c.Settings.Validate(); err != nil {
		return Config{}, fmt.Errorf("live: bad saved configuration: %w", err)
	}
	return c, nil
}
