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
	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/credentials"
	"github.com/advocate-app/advocate/advocacy/org"
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
	var st *store.Store
	defer func() {
		if st != nil {
			st.Close()
		}
		lock.Release()
	}()

	stop := quitOnSignal(a)
	defer stop()
	if opts.exitAfter > 0 {
		time.AfterFunc(opts.exitAfter, func() { fyne.Do(a.Quit) })
	}

	ui.LoadTranslations()
	var start func()
	start = func() {
		ctx := context.Background()
		var err error
		if lock == nil {
			if lock, err = store.Lock(dir); err != nil {
				ui.ShowProblem(a, lang.L("Already running"), err, nil)
				return
			}
		}
		st, err = store.Open(ctx, dir)
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
		showMain(ctx, a, st, dir, opts.bundle)
	}
	start()
	a.Run()
	return nil
}

// showMain puts the organisation bundle in force and opens the main
// window. When the chosen bundle cannot be refreshed, the last good copy
// stays in force; with none, the demo is shown meanwhile; either way the
// user is told why.
func showMain(ctx context.Context, a fyne.App, st *store.Store, dir, ref string) {
	if ref == "" {
		ref, _ = st.Setting(ctx, org.SettingSource, bundle.DemoRef)
	}
	keyText, _ := st.Setting(ctx, org.SettingKey, "")
	role, _ := st.Setting(ctx, "role", bundle.RoleEmployee)
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	key, problem := org.Key(ref, keyText)
	var in org.InForce
	if problem == nil {
		in, problem = org.Refresh(ctx, st, ref, key, role)
	}
	notice := ""
	switch {
	case in.Bundle == nil:
		in, _ = org.Fetch(ctx, bundle.DemoRef, bundle.DemoKey(), role)
		notice = lang.L("{{.Error}}\nShowing the demo organisation meanwhile; choose the bundle again in Settings.", map[string]any{"Error": problem})
	case problem != nil:
		notice = lang.L("{{.Error}}\nThe copy kept from the last successful refresh stays in force.", map[string]any{"Error": problem})
	}
	b := in.Bundle
	seen := b.Source + " " + b.Manifest.Version
	if last, _ := st.Setting(ctx, "bundle_seen", ""); last != seen {
		st.AddActivity(ctx, time.Now(), "bundle", ui.LoadedNote(b))
		st.SetSetting(ctx, "bundle_seen", seen)
		st.SetSetting(ctx, "bundle_since", time.Now().UTC().Format(time.RFC3339))
	}

	w := a.NewWindow(appinfo.Name + " — " + b.Manifest.Org.Name)
	ui.Show(a, w, ui.Env{Store: st, InForce: in, DataDir: dir, AutoRefresh: true, Secrets: credentials.New(appinfo.ID)})
	if notice != "" {
		ui.ShowProblem(a, lang.L("Organisation bundle not refreshed"), errors.New(notice), nil)
	}
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
