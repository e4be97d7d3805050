package main

import (
	"context"
	"errors"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/lang"

	"github.com/advocate-app/advocate/advocacy/appinfo"
	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/credentials"
	"github.com/advocate-app/advocate/advocacy/store"
	"github.com/advocate-app/advocate/assets"
	"github.com/advocate-app/advocate/ui"
)

type options struct {
	dataDir   string
	bundle    string
	exitAfter time.Duration
}

// run is the composition root: it picks the data folder, takes the instance
// lock, opens the store and the bundle, and hands them to the interface.
func run(opts options) error {
	watch := newStartupWatch()
	defer watch.dumpIfNoFrame()()
	a := app.NewWithID(appinfo.ID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))

	dir := opts.dataDir
	if dir == "" {
		dir = os.Getenv(store.DirEnv)
	}
	if dir == "" {
		dir = a.Storage().RootURI().Path()
	}

	var lock *store.InstanceLock
	var c *core.Core
	defer func() {
		if c != nil {
			// Every background loop stops and is waited for before the
			// database closes.
			if err := c.Close(); err != nil {
				log.Printf("advocate: %v", err)
			}
		}
		lock.Release()
	}()

	stop := quitOnSignal(a)
	defer stop()
	if opts.exitAfter > 0 {
		time.AfterFunc(opts.exitAfter, func() { fyne.Do(a.Quit) })
	}

	ui.LoadTranslations()
	fontsReady := ui.WarmFonts() // alongside the lock, the store and the core
	var start func()
	start = func() {
		ctx := context.Background()
		var err error
		if lock == nil {
			if lock, err = store.Lock(dir); err != nil {
				fontsReady()
				ui.ShowProblem(a, lang.L("Already running"), err, nil)
				return
			}
		}
		st, err := store.Open(ctx, dir)
		if err == nil {
			c, err = core.Open(ctx, core.Config{Store: st, Managed: loadManaged(ctx), DataDir: dir, Bundle: opts.bundle, Secrets: credentials.New(appinfo.ID)})
			if err != nil {
				st.Close()
			}
		}
		fontsReady()
		switch {
		case errors.Is(err, store.ErrCorrupt):
			ui.ShowProblem(a, lang.L("Damaged database"), err, &ui.Remedy{
				Label: lang.L("Move it aside and start fresh"),
				Do: func() error {
					aside, err := store.MoveAside(dir, time.Now())
					if err == nil {
						log.Printf("advocate: damaged database kept as %s", aside)
					}
					return err
				},
				Then: start,
			})
			return
		case err != nil:
			ui.ShowProblem(a, lang.L("Cannot open the database"), err, nil)
			return
		}
		showMain(a, c, watch)
	}
	start()
	a.Run()
	watch.stop()
	return nil
}

// showMain opens the main window at once on what the core put in force
// (the kept copy of the bundle, or the demo), then starts the background
// work, which refreshes the bundle; the window shows the outcome. watch
// follows the start-up until the window is usable (startup.go).
func showMain(a fyne.App, c *core.Core, watch *startupWatch) {
	w := a.NewWindow(appinfo.Name + " — " + c.State().Bundle.Manifest.Org.Name)
	ui.Show(a, watch.window(w), c)
	c.Start()
	watch.start()
}

// quitOnSignal quits the app cleanly on SIGINT or SIGTERM. The returned
// function stops listening.
func quitOnSignal(a fyne.App) func() {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-sigs:
			fyne.Do(a.Quit)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(done)
	}
}
