// Package assets embeds Backprop Lab's resources: the icon, the bundled
// pretrained model and the translation catalogues.
package assets

import (
	"embed"
	"encoding/json"
	"fmt"
)

//go:embed icon.png
var icon []byte

//go:embed i18n/*.json
var i18n embed.FS

// Icon returns the application icon as PNG bytes.
func Icon() []byte { return icon }

// Catalogue returns the translation catalogue for the language code, e.g.
// "zh-Hans": a map from English UI strings to their translations.
func Catalogue(code string) (map[string]string, error) {
	b, err := i18n.ReadFile("i18n/" + code + ".json")
	if err != nil {
		return nil, fmt.Errorf("assets: no catalogue for %s", code)
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("assets: catalogue %s: %w", code, err)
	}
	return m, nil
}

// Languages lists the catalogue codes.
func Languages() []string { return []string{"en", "zh-Hans"} }
