package assets

import _ "embed"

// model is the bundled pretrained model, a Backprop Lab .npz model file.
// It was made with the project's own trainer (see README, "The bundled
// model"):
//
//	backproplab train --hidden 256 --epochs 30 --augment --out assets/model.npz
//
//go:embed model.npz
var model []byte

// ModelBytes returns the bundled pretrained model file (.npz). Read it with
// nn.ReadModel(bytes.NewReader(b), int64(len(b))). The slice is shared:
// do not modify it.
func ModelBytes() []byte { return model }
