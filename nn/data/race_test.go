//go:build race

package data

func init() { raceEnabled = true }
