package cli

import (
	"context"
	"errors"
)

// Predict runs "backproplab predict".
func Predict(ctx context.Context, env Env, args []string) error {
	return errors.New("not yet wired")
}
