package app

import (
	"encoding/json"

	"fyne.io/fyne/v2"

	"backproplab/nn/live"
)

// Preference keys.
const (
	prefConfig   = "config"
	prefDataDir  = "dataDir"
	prefSpeed    = "speed"
	prefLanguage = "language"
)

// loadConfig returns the saved model and training configuration, or the
// tutorial's when none is saved or it is unusable.
func loadConfig(p fyne.Preferences) live.Config {
	cfg := live.DefaultConfig()
	raw := p.String(prefConfig)
	if raw == "" {
		return cfg
	}
	c, err := live.ParseConfig([]byte(raw))
	if err != nil {
		return cfg
	}
	return c
}

// saveConfig stores the configuration for the next launch.
func saveConfig(p fyne.Preferences, c live.Config) {
	b, err := json.Marshal(c)
	if err == nil {
		p.SetString(prefConfig, string(b))
	}
}
