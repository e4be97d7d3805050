// Command advocatectl is Advocate's command-line tool for compliance staff,
// publishers and scripts. It has no graphical interface.
package main

import (
	"context"
	"os"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
