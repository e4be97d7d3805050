package audit

import (
	"bytes"
	"context"
	"testing"
)

// FuzzVerifyExport feeds the verifiers of exported trails any bytes: they
// never panic, and what they accept as n intact records is a chain whose
// records could be re-exported (each one's hash is its own sum). The
// corpus starts from genuine exports, so that mutations reach deep into a
// chain.
//
//	go test -run '^$' -fuzz FuzzVerifyExport -fuzztime 3m ./advocacy/audit
func FuzzVerifyExport(f *testing.F) {
	ctx := context.Background()
	st := trail(f, 4)
	var jsonl, csvOut bytes.Buffer
	if _, err := ExportJSONL(ctx, st.DB(), &jsonl); err != nil {
		f.Fatal(err)
	}
	if _, err := ExportCSV(ctx, st.DB(), &csvOut); err != nil {
		f.Fatal(err)
	}
	f.Add(jsonl.Bytes(), false)
	f.Add(csvOut.Bytes(), true)
	f.Add([]byte("{}\n"), false)
	f.Add([]byte("seq,at,kind,data,prev,hash\n1,,,,,\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, asCSV bool) {
		verify := VerifyJSONL
		if asCSV {
			verify = VerifyCSV
		}
		n, err := verify(bytes.NewReader(data))
		if n < 0 {
			t.Fatalf("%d records", n)
		}
		if err == nil && n > 0 && !bytes.Contains(data, []byte(Genesis)) {
			t.Fatalf("%d records accepted without a first record pointing at the genesis hash", n)
		}
	})
}
