//go:build windows

package main

import "errors"

// device is a file that is not one: Windows' null device.
const device = "NUL"

// makeFIFO refuses: Windows' named pipes live under \\.\pipe\, never at
// a path in a folder, so the test that needs one is skipped there.
func makeFIFO(string) error { return errors.New("Windows has no named pipes in folders") }
