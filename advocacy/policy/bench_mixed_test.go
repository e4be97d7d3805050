package policy

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// mixedPosts builds n posts of chars code points each from the labelled
// posts of the evaluation set (captions, friendly posts, secrets, phone
// numbers, cards, IBANs, protected speech, English and French), each post
// a different run of cases, so that every rule and detector has work: some
// 25 findings a post. With ordinary set, the posts are made of the
// friendly posts, captions and protected speech, with one case of another
// category in eight: a few findings a post.
func mixedPosts(tb testing.TB, n, chars int, ordinary bool) []string {
	tb.Helper()
	f, err := os.Open(demoEvalSet)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	cases, err := ReadCases("eval.tsv", f)
	if err != nil {
		tb.Fatal(err)
	}
	if ordinary {
		var pick []Case
		for i, c := range cases {
			if c.Category == "benign" || c.Category == "caption" || c.Category == "protected" || i%8 == 0 {
				pick = append(pick, c)
			}
		}
		cases = pick
	}
	posts := make([]string, n)
	for p := range posts {
		var b strings.Builder
		for k := 0; ; k++ {
			c := cases[(p*37+k*11)%len(cases)]
			b.WriteString(c.Text)
			b.WriteString("\n\n")
			if r := []rune(b.String()); len(r) >= chars {
				posts[p] = string(r[:chars])
				break
			}
		}
	}
	return posts
}

// BenchmarkCheckMixed checks 3,000-character posts made of realistic mixed
// content, with every rule and detector of the demo policy and the
// 5,000-term lexicon of BenchmarkCheck, and reports the median and the
// 99th percentile of the single calls' durations: by the clock (p50-µs,
// p99-µs), and in CPU time of the calling thread (cpu-p50-µs, cpu-p99-µs),
// which a busy machine's other work does not inflate.
func BenchmarkCheckMixed(b *testing.B) {
	e, _ := benchEngine(b)
	for _, kind := range []string{"dense", "ordinary"} {
		posts := mixedPosts(b, 64, 3000, kind == "ordinary")
		b.Run(kind, func(b *testing.B) { benchPosts(b, e, posts) })
	}
}

// benchPosts checks posts in turn and reports the percentiles of the
// single calls.
func benchPosts(b *testing.B, e *Engine, posts []string) {
	at := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	i := 0
	benchCalls(b, func() {
		in := Input{Text: posts[i%len(posts)], Role: "employee", Network: "linkedin", At: at}
		i++
		if _, err := e.Check(in); err != nil {
			b.Fatal(err)
		}
	})
}

// benchCalls calls f b.N times and reports the median and the 99th
// percentile of the single calls, by the clock and in CPU time of the
// calling thread.
func benchCalls(b *testing.B, f func()) {
	wall := make([]time.Duration, 0, b.N)
	cpu := make([]time.Duration, 0, b.N)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		c0, start := threadCPU(), time.Now()
		f()
		wall = append(wall, time.Since(start))
		cpu = append(cpu, threadCPU()-c0)
	}
	b.StopTimer()
	reportPercentiles(b, wall, "")
	if cpu[len(cpu)-1] > 0 || cpu[0] > 0 {
		reportPercentiles(b, cpu, "cpu-")
	}
}

// BenchmarkMachineTail is the baseline of the percentiles above: the
// same fixed arithmetic over a 3,000-character post at every call, sized
// to take about as long as a check, which allocates nothing and whose
// every call does the same work. Its p99 against its p50 is what the
// machine itself adds to the tail (interrupts, a shared core), which a
// check's p99 cannot be faster than.
func BenchmarkMachineTail(b *testing.B) {
	data := []byte(benchPost(3000))
	var sink uint32
	for _, rounds := range []int{20, 40} {
		b.Run(fmt.Sprintf("rounds=%d", rounds), func(b *testing.B) {
			benchCalls(b, func() {
				for range rounds {
					h := uint32(2166136261)
					for _, c := range data {
						h = (h ^ uint32(c)) * 16777619
					}
					sink += h
				}
			})
		})
	}
	if sink == 1 {
		b.Log(sink) // keeps the loop from being optimised away
	}
}

// reportPercentiles reports the median and the 99th percentile of ds.
func reportPercentiles(b *testing.B, ds []time.Duration, prefix string) {
	slices.Sort(ds)
	b.ReportMetric(float64(ds[len(ds)/2].Nanoseconds())/1000, prefix+"p50-µs")
	b.ReportMetric(float64(ds[len(ds)*99/100].Nanoseconds())/1000, prefix+"p99-µs")
}

// TestMixedPostsFindSomething makes sure the mixed benchmark's posts are
// the intended size and give the engine findings to report.
func TestMixedPostsFindSomething(t *testing.T) {
	e := demoEngine(t)
	posts := append(mixedPosts(t, 8, 3000, false), mixedPosts(t, 8, 3000, true)...)
	for i, p := range posts {
		if n := len([]rune(p)); n != 3000 {
			t.Fatalf("post %d has %d code points", i, n)
		}
		res, err := e.Check(Input{Text: p, Role: "employee", Network: "linkedin", At: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Findings) == 0 {
			t.Errorf("post %d: no findings", i)
		}
	}
}
