// Command advocate is the Advocate desktop app: it shares a company's
// approved content and news under its social media policy.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/advocate-app/advocate/advocacy/appinfo"
)

func main() {
	var opts options
	flag.StringVar(&opts.dataDir, "data-dir", "", "folder for Advocate's database (default: the app's storage folder; or set ADVOCATE_DATA_DIR)")
	flag.StringVar(&opts.bundle, "bundle", "", `organisation bundle: "demo", a folder, or an https:// address (default: the last one used, else the demo)`)
	flag.DurationVar(&opts.exitAfter, "exit-after", 0, "quit cleanly after this long, e.g. 10s (for scripted checks)")
	version := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *version {
		fmt.Println(appinfo.Name, appinfo.Version)
		return
	}
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "advocate: unexpected argument %q; see advocate -help\n", flag.Arg(0))
		os.Exit(2)
	}
	if err := run(opts); err != nil {
		fmt.Fprintln(os.Stderr, "advocate:", err)
		os.Exit(1)
	}
}
