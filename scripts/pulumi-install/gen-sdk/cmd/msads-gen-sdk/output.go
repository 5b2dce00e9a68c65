package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// markerFile marks a directory as this command's output. Only such a
// directory (or an empty or missing one) is deleted before writing, so a
// mistyped --out cannot wipe unrelated files.
const markerFile = ".msads-gen-sdk"

const markerText = "This directory was written by msads-gen-sdk; it is deleted and rewritten on every run.\n"

// writeOutput replaces dir with files: it deletes an earlier output of this
// command (everything under dir, including anything added since, such as
// node_modules or build output) and writes the files in sorted order with
// fixed permissions, so equal inputs give byte-identical trees.
func writeOutput(dir string, files map[string][]byte) error {
	if err := clearOutput(dir); err != nil {
		return err
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		clean := filepath.Clean(filepath.FromSlash(p))
		if filepath.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
			return fmt.Errorf("generator produced a path outside the output directory: %q", p)
		}
		target := filepath.Join(dir, clean)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return fmt.Errorf("creating %s: %w", filepath.Dir(target), err)
		}
		if err := os.WriteFile(target, files[p], 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", target, err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, markerFile), []byte(markerText), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", filepath.Join(dir, markerFile), err)
	}
	return nil
}

// clearOutput leaves dir existing and empty, or fails without deleting
// anything when dir holds files that this command did not write.
func clearOutput(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("creating --out %s: %w", dir, err)
		}
		return nil
	case err != nil:
		return fmt.Errorf("--out %s: %w", dir, err)
	case len(entries) == 0:
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, markerFile)); err != nil {
		return fmt.Errorf("--out %s is not empty and was not written by msads-gen-sdk (it has no %s file); "+
			"refusing to delete it: choose an empty or new directory", dir, markerFile)
	}
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return fmt.Errorf("deleting the earlier output in %s: %w", dir, err)
		}
	}
	return nil
}
