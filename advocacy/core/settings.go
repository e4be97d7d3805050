package core

import (
	"context"
	"fmt"
	"log"
	"maps"
	"slices"
	"sync"

	"github.com/advocate-app/advocate/advocacy/store"
)

// settings keeps the user's settings in memory, read at start, and writes
// changes to the database on its own goroutine, so that neither reading
// nor saving a setting waits for the disk. The last changes are written
// when the core closes.
type settings struct {
	st     *store.Store
	mu     sync.Mutex
	values map[string]string
	dirty  map[string]string
	kick   chan struct{}
}

func loadSettings(ctx context.Context, st *store.Store) (*settings, error) {
	values, err := st.Settings(ctx)
	if err != nil {
		return nil, err
	}
	return &settings{st: st, values: values, dirty: map[string]string{}, kick: make(chan struct{}, 1)}, nil
}

func (s *settings) get(key, def string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.values[key]; ok {
		return v
	}
	return def
}

func (s *settings) set(key, value string) {
	s.mu.Lock()
	if old, ok := s.values[key]; ok && old == value {
		s.mu.Unlock()
		return
	}
	s.values[key] = value
	s.dirty[key] = value
	s.mu.Unlock()
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// run writes changes as they come until ctx ends.
func (s *settings) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.kick:
			if err := s.flush(ctx); err != nil && ctx.Err() == nil {
				log.Printf("core: %v", err)
			}
		}
	}
}

// flush writes the changed settings in one transaction.
func (s *settings) flush(ctx context.Context) error {
	s.mu.Lock()
	pending := s.dirty
	s.dirty = map[string]string{}
	s.mu.Unlock()
	if len(pending) == 0 {
		return nil
	}
	err := s.write(ctx, pending)
	if err != nil {
		s.mu.Lock()
		for k, v := range pending { // keep them for the next try, unless changed since
			if _, changed := s.dirty[k]; !changed {
				s.dirty[k] = v
			}
		}
		s.mu.Unlock()
	}
	return err
}

func (s *settings) write(ctx context.Context, pending map[string]string) error {
	tx, err := s.st.Begin(ctx)
	if err != nil {
		return fmt.Errorf("core: save settings: %w", err)
	}
	defer tx.Rollback()
	for _, k := range slices.Sorted(maps.Keys(pending)) {
		if err := store.SetSettingIn(ctx, tx, k, pending[k]); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Setting returns the user's setting key, or def when there is none. It
// reads memory only.
func (c *Core) Setting(key, def string) string { return c.settings.get(key, def) }

// SetSetting keeps value under key; it is written to the database in the
// background, and at the latest when the core closes.
func (c *Core) SetSetting(key, value string) { c.settings.set(key, value) }

// remember notes a value the caller has written to the database itself.
func (s *settings) remember(key, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.values[key] = value
	delete(s.dirty, key)
}
