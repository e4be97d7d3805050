package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/advocate-app/advocate/advocacy/audit"
	"github.com/advocate-app/advocate/advocacy/metrics"
	"github.com/advocate-app/advocate/advocacy/network"
)

// Generated describes test input for advocatectl report: desktops sending
// weekly aggregates over some weeks, and desktops whose audit trails were
// exported instead.
type Generated struct {
	// Desktops send one aggregate a week for Weeks weeks ending with the
	// week before End, one JSON line each, a file per desktop.
	Desktops, Weeks int
	End             time.Time
	// Exports are audit exports of RecordsEach records each (0: as many
	// as the shares need); Tampered of them have one record changed.
	Exports, RecordsEach, Tampered int
	Seed                           uint64
}

// The generated programme's campaigns, most shared first; "pilot-emea" is
// run by three desktops only, a group too small to show on its own.
var genCampaigns = []string{"launch-2027", "hiring", "sustainability", "", "pilot-emea"}

var genNetworks = []network.ID{network.LinkedIn, network.LinkedIn, network.LinkedIn, network.X, network.Mastodon, network.Bluesky}

// Generate writes g's input under dir (aggregates/ and audit/), and
// returns how many records (aggregate lines and audit records) it wrote.
func Generate(dir string, g Generated) (int, error) {
	rng := rand.New(rand.NewPCG(g.Seed, g.Seed^0x9e3779b97f4a7c15))
	end := metrics.WeekStart(g.End)
	first := end.AddDate(0, 0, -7*g.Weeks)
	total := 0
	for _, sub := range []string{"aggregates", "audit"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return 0, fmt.Errorf("report: %w", err)
		}
	}
	for d := range g.Desktops {
		var id [16]byte
		for i := range id {
			id[i] = byte(rng.UintN(256))
		}
		install := fmt.Sprintf("%x", id)
		keen := 0.3 + 0.7*rng.Float64() // how often this person shares
		n, err := writeLines(filepath.Join(dir, "aggregates", fmt.Sprintf("desktop-%05d.jsonl", d)), g.Weeks, func(w int) any {
			start := first.AddDate(0, 0, 7*w)
			a := metrics.Aggregate{Format: metrics.Format, Install: install, Week: metrics.WeekName(start), WeekStart: start.Format(time.DateOnly), Rows: []metrics.Row{}}
			growth := 0.35 + 0.65*float64(w+1)/float64(g.Weeks) // the programme grows
			if rng.Float64() > keen*growth {
				return a
			}
			for ci, camp := range genCampaigns {
				if camp == "pilot-emea" && d%40 != 0 || rng.Float64() > 0.8/float64(ci+1) {
					continue
				}
				net := genNetworks[rng.IntN(len(genNetworks))]
				shares := 1 + rng.IntN(3)
				row := metrics.Row{Campaign: camp, Network: net, Shares: shares}
				if net != network.X { // X is not read unless the bundle turns it on
					row.Measured = shares
					row.Reactions = int64(shares * (2 + rng.IntN(12+w)))
					row.Reposts = int64(rng.IntN(1 + shares*2))
					row.Replies = int64(rng.IntN(1 + shares))
				}
				a.Rows = append(a.Rows, row)
			}
			return a
		})
		if err != nil {
			return total, err
		}
		total += n
	}
	for e := range g.Exports {
		n, err := writeExport(filepath.Join(dir, "audit", fmt.Sprintf("trail-%03d.jsonl", e)), rng, first, g, e < g.Tampered)
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}

// writeLines writes n JSON lines, made by line, to file.
func writeLines(file string, n int, line func(i int) any) (int, error) {
	f, err := os.Create(file)
	if err != nil {
		return 0, fmt.Errorf("report: %w", err)
	}
	w := bufio.NewWriterSize(f, 1<<16)
	enc := json.NewEncoder(w)
	for i := range n {
		if err := enc.Encode(line(i)); err != nil {
			f.Close()
			return i, fmt.Errorf("report: %w", err)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return n, fmt.Errorf("report: %w", err)
	}
	return n, f.Close()
}

// writeExport writes one desktop's audit trail as advocatectl audit
// export does: a check, the queued share and the posted share for each
// share, chained by hash.
func writeExport(file string, rng *rand.Rand, first time.Time, g Generated, tamper bool) (int, error) {
	shares := 3 * g.Weeks
	records := g.RecordsEach
	if records <= 0 {
		records = 3 * shares
	}
	prev := audit.Genesis
	span := time.Duration(g.Weeks) * 7 * 24 * time.Hour
	var id int64
	var at time.Time
	var net network.ID
	var camp string
	return writeLines(file, records, func(i int) any {
		step := i % 3
		if step == 0 {
			id++
			at = first.Add(time.Duration(float64(span) * float64(i) / float64(records)))
			net = genNetworks[rng.IntN(len(genNetworks))]
			camp = genCampaigns[rng.IntN(3)]
		}
		var kind string
		var data any
		switch step {
		case 0:
			kind, data = "check", map[string]any{"share": id, "check": map[string]any{"network": net, "verdict": "pass", "user": filepath.Base(file)}}
		case 1:
			kind, data = "share.queued", map[string]any{"share": id, "network": net, "account": 1, "state": "queued", "campaign": camp, "text": "generated post"}
		default:
			kind, data = "share.posted", map[string]any{"share": id, "network": net, "account": 1, "state": "posted", "campaign": camp, "text": "generated post"}
		}
		raw, _ := json.Marshal(data)
		r := audit.Record{Seq: int64(i + 1), At: at.Add(time.Duration(step) * time.Minute).UTC().Format(time.RFC3339Nano), Kind: kind, Data: raw, Prev: prev}
		r.Hash = r.Sum()
		prev = r.Hash
		if tamper && i == records/2 {
			r.Data = json.RawMessage(`{"share":0,"text":"changed afterwards"}`)
		}
		return r
	})
}
