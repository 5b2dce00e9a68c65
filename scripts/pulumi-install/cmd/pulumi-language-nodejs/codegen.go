package main

// Program code generation: PCL (the engine's language-neutral program form) to
// TypeScript, for `pulumi import` (GenerateProgram: the code for the imported
// resources) and `pulumi convert` (GenerateProject: a whole Node.js project).
//
// The same steps as the official host (sdk/nodejs/cmd/pulumi-language-nodejs
// main.go, GenerateProgram/GenerateProject): bind the PCL against the package
// schemas, which the engine serves on req.LoaderTarget, then hand the bound
// program to pkg/v3's Node.js program generator. The official host also
// supports the bun runtime and a forceTsc flag; this one generates for node
// with ts-node (the generator's defaults).

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/pkg/v3/codegen/hcl2/syntax"
	nodejsgen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// codegenRuntime is the runtime the generated code targets (the generator also knows "bun").
const codegenRuntime = "nodejs"

// bindOptions are the PCL binder options for a request. Node.js code prefers
// the output-versioned form of invokes (fn(args) returning an Output), as the
// official host does. A non-strict request (what `pulumi import` sends, since
// its code may reference parents and providers it does not declare) turns
// binding errors into warnings where it can.
func bindOptions(strict bool) []pcl.BindOption {
	opts := []pcl.BindOption{pcl.PreferOutputVersionedInvokes}
	if !strict {
		opts = append(opts, pcl.NonStrictBindOptions()...)
	}
	return opts
}

// GenerateProgram turns the PCL files in req.Source (file name -> text) into
// TypeScript files (file name -> text). Parse and bind errors are returned as
// diagnostics, which the engine shows with their source positions; a gRPC
// error means the request could not be served at all (say, the loader is
// unreachable).
func (h *nodeHost) GenerateProgram(
	ctx context.Context, req *pulumirpc.GenerateProgramRequest,
) (*pulumirpc.GenerateProgramResponse, error) {
	loader, err := schema.NewLoaderClient(req.GetLoaderTarget())
	if err != nil {
		return nil, fmt.Errorf("connecting to the schema loader at %s: %w", req.GetLoaderTarget(), err)
	}
	defer loader.Close()

	parser := syntax.NewParser()
	for name, text := range req.GetSource() {
		if err := parser.ParseFile(strings.NewReader(text), name); err != nil {
			return nil, fmt.Errorf("reading PCL file %s: %w", name, err)
		}
	}
	if parser.Diagnostics.HasErrors() {
		return &pulumirpc.GenerateProgramResponse{
			Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(parser.Diagnostics),
		}, nil
	}

	program, diags, err := pcl.BindProgramWithContext(
		ctx, parser.Files, schema.NewCachedLoader(loader), bindOptions(req.GetStrict())...)
	diags = append(parser.Diagnostics, diags...)
	// With errors the binder returns them both as diagnostics and as err; only
	// an err without error diagnostics is a failure to serve the request.
	if diags.HasErrors() {
		return &pulumirpc.GenerateProgramResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
	}
	if err != nil {
		return nil, err
	}
	if program == nil {
		return nil, errors.New("internal error: the PCL binder returned no program and no error")
	}

	files, genDiags, err := nodejsgen.GenerateProgramWithOptions(program, nodejsgen.ProgramOptions{Runtime: codegenRuntime})
	if err != nil {
		return nil, err
	}
	return &pulumirpc.GenerateProgramResponse{
		Source:      files,
		Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(append(diags, genDiags...)),
	}, nil
}

// GenerateProject writes a complete Node.js project (Pulumi.yaml, package.json,
// tsconfig.json, index.ts) for the PCL program in req.SourceDirectory into
// req.TargetDirectory. req.Project is the project's Pulumi.yaml as JSON;
// req.LocalDependencies maps package names to local SDK paths for package.json.
func (h *nodeHost) GenerateProject(
	ctx context.Context, req *pulumirpc.GenerateProjectRequest,
) (*pulumirpc.GenerateProjectResponse, error) {
	loader, err := schema.NewLoaderClient(req.GetLoaderTarget())
	if err != nil {
		return nil, fmt.Errorf("connecting to the schema loader at %s: %w", req.GetLoaderTarget(), err)
	}
	defer loader.Close()

	// BindDirectory reports parse and bind errors as diagnostics (err only for I/O).
	program, diags, err := pcl.BindDirectory(
		req.GetSourceDirectory(), schema.NewCachedLoader(loader), bindOptions(req.GetStrict())...)
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return &pulumirpc.GenerateProjectResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
	}

	var project workspace.Project
	if err := json.Unmarshal([]byte(req.GetProject()), &project); err != nil {
		return nil, fmt.Errorf("parsing the project (GenerateProjectRequest.project): %w", err)
	}
	// forceTsc=false: the project runs through the SDK's ts-node, like `pulumi new typescript`.
	if err := nodejsgen.GenerateProject(
		req.GetTargetDirectory(), project, program, req.GetLocalDependencies(), false, codegenRuntime); err != nil {
		return nil, err
	}
	return &pulumirpc.GenerateProjectResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
}
