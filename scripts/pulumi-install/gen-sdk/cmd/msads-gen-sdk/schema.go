package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/blang/semver"
	"github.com/hashicorp/hcl/v2"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// loadPackage reads and binds (validates) the schema at path (JSON only). A non-empty
// version replaces the schema's `version` and sets `respectSchemaVersion` for
// every supported language, so that the generated package.json/setup.py carry
// it and the SDK asks the engine for exactly that plugin version.
func loadPackage(path, version string) (*schema.Package, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the schema: %w", err)
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return nil, fmt.Errorf("schema %s is not a JSON package schema: %w", path, err)
	}
	if version != "" {
		if _, err := semver.ParseTolerant(version); err != nil {
			return nil, fmt.Errorf("--package-version %q is not a semantic version: %w", version, err)
		}
		spec.Version = version
		if err := respectSchemaVersion(&spec); err != nil {
			return nil, err
		}
	}
	// Dangling references are allowed, as `pulumi package gen-sdk` allows them.
	pkg, diags, err := schema.BindSpec(spec, noPackageLoader{}, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, fmt.Errorf("binding schema %s: %w", path, err)
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("schema %s is invalid:\n%s", path, describeErrors(diags))
	}
	return pkg, nil
}

// describeErrors lists the error diagnostics one per line; each names the
// offending schema path (e.g. #/resources/<token>/inputProperties/<name>/type).
func describeErrors(diags hcl.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		b.WriteString("  ")
		if d.Subject != nil {
			b.WriteString(d.Subject.String() + ": ")
		}
		b.WriteString(d.Summary)
		if d.Detail != "" {
			b.WriteString(": " + d.Detail)
		}
		b.WriteString("\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// respectSchemaVersion sets language.<lang>.respectSchemaVersion = true,
// keeping the other language settings the schema has.
func respectSchemaVersion(spec *schema.PackageSpec) error {
	if spec.Language == nil {
		spec.Language = map[string]schema.RawMessage{}
	}
	for _, lang := range supportedLanguages {
		settings := map[string]any{}
		if raw, ok := spec.Language[lang]; ok && len(raw) > 0 {
			if err := json.Unmarshal(raw, &settings); err != nil {
				return fmt.Errorf("schema field language.%s is not an object: %w", lang, err)
			}
		}
		settings["respectSchemaVersion"] = true
		raw, err := json.Marshal(settings)
		if err != nil {
			return err
		}
		spec.Language[lang] = raw
	}
	return nil
}

// noPackageLoader refuses to load other packages: the SDKs generated here are
// for a self-contained provider schema, and resolving a dependency would mean
// downloading provider plugins.
type noPackageLoader struct{}

func (noPackageLoader) refuse(name string) error {
	return fmt.Errorf("the schema refers to package %q; msads-gen-sdk loads no packages other than the schema it is given",
		name)
}

func (l noPackageLoader) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, l.refuse(pkg)
}

func (l noPackageLoader) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, l.refuse(d.Name)
}

func (l noPackageLoader) LoadPackageReference(pkg string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, l.refuse(pkg)
}

func (l noPackageLoader) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, l.refuse(d.Name)
}
