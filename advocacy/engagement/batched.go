package engagement

import "context"

// Optional makes Counts of the counts a network may leave out (nil where
// it gave none, which stays "not available").
func Optional(reactions, reposts, replies, quotes, impressions *int64) Counts {
	var c Counts
	for _, f := range []struct {
		n   *int64
		out *Count
	}{{reactions, &c.Reactions}, {reposts, &c.Reposts}, {replies, &c.Replies}, {quotes, &c.Quotes}, {impressions, &c.Impressions}} {
		if f.n != nil {
			*f.out = Of(*f.n)
		}
	}
	return c
}

// ReadBatched reads ids size at a time with batch, then each id a batch
// left out alone with one (a network's batch read leaves out a post it no
// longer has or may not show; the lone read says which). It stops at the
// first limit either reports, keeping what was read before it.
func ReadBatched(ctx context.Context, ids []string, size int,
	batch func(ctx context.Context, chunk []string) (map[string]Result, *Wait, error),
	one func(ctx context.Context, id string) (Result, *Wait, error)) (Batch, error) {
	out := Batch{Results: map[string]Result{}}
	for start := 0; start < len(ids); start += size {
		chunk := ids[start:min(start+size, len(ids))]
		found, limit, err := batch(ctx, chunk)
		for id, res := range found {
			out.Results[id] = res
		}
		if err != nil {
			return out, err
		}
		if limit != nil {
			out.Limit = limit
			return out, nil
		}
		for _, id := range chunk {
			if _, ok := out.Results[id]; ok {
				continue
			}
			res, limit, err := one(ctx, id)
			if err != nil {
				return out, err
			}
			out.Results[id] = res
			if limit != nil {
				out.Limit = limit
				return out, nil
			}
		}
	}
	return out, nil
}
