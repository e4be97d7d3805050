package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/advocate-app/advocate/advocacy/publish"
)

// maxSuggestionsFile caps a file of suggestions.
const maxSuggestionsFile = 16 << 20

func init() {
	commands["suggestions"] = command{
		summary: "turn posts suggested from the app into draft items",
		usage: "suggestions import FILE.jsonl SRC   writes SRC/items/suggestion-….md with draft: true for each new link\n" +
			`one JSON object a line: {"url":"https://…","why":"…","title":"…","role":"employee|alumni","at":"RFC3339"}`,
		run: runSuggestions,
	}
}

func runSuggestions(ctx context.Context, args []string, std stdio) int {
	if len(args) != 3 || args[0] != "import" {
		return usageError(std, "usage: advocatectl suggestions import FILE.jsonl SRC")
	}
	file, srcDir := args[1], args[2]
	data, err := readFile(file, maxSuggestionsFile)
	if err != nil {
		return usageError(std, "suggestions import: %v", err)
	}
	list, err := publish.ReadSuggestions(strings.NewReader(string(data)), file)
	if err != nil {
		return usageError(std, "suggestions import: %v", oneLine(err))
	}
	root, err := sourceFS(srcDir)
	if err != nil {
		return usageError(std, "suggestions import: %v", err)
	}
	defer root.Close()
	files, imported, err := publish.DraftItems(root.FS(), list)
	if err != nil {
		return usageError(std, "suggestions import: %s cannot be read: %v", srcDir, oneLine(err))
	}
	if err := publish.AddFiles(srcDir, files); err != nil {
		return usageError(std, "suggestions import: %s", strings.TrimPrefix(err.Error(), "publish: "))
	}
	added := 0
	for _, im := range imported {
		where := filepath.Join(srcDir, filepath.FromSlash(im.File))
		switch {
		case !im.Skipped:
			added++
			fmt.Fprintf(std.out, "wrote %s (draft) for %s\n", where, im.URL)
		case im.File != "":
			fmt.Fprintf(std.out, "skipped %s: %s (%s)\n", im.URL, im.Why, where)
		default:
			fmt.Fprintf(std.out, "skipped %s: %s\n", im.URL, im.Why)
		}
	}
	fmt.Fprintf(std.out, "%d suggestions, %d new draft items; a draft is built once a publisher removes draft: true\n", len(imported), added)
	return exitOK
}
