// Command pulumi-language-nodejs is a small, self-contained Pulumi language
// host for Node.js programs, written for pulumi-msads.
//
// Why it exists: the official host lives in its own Go module
// (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3) that has
// no tagged releases and is not reachable through every Go module proxy, while
// the pulumi CLI (pkg/v3) and the SDK (sdk/v3) are. This host implements the
// part of the LanguageRuntime gRPC protocol that `pulumi preview/up/refresh/
// destroy` and the Automation API need: it starts `node` on the
// `@pulumi/pulumi/cmd/run` entry point of the program's own @pulumi/pulumi
// package, which does all the real work (ts-node, closure serialisation, the
// resource monitor connection). It also generates TypeScript from PCL for
// `pulumi import` and `pulumi convert` (codegen.go, link.go).
//
// Not supported (returns gRPC Unimplemented): SDK generation (GeneratePackage),
// `pulumi new` templates/prompts, packing/linking of local SDKs, plugins written in Node
// (RunPlugin), debugger attachment, the bun runtime, synchronous invokes (the
// legacy `--sync` pipes; the SDK falls back to async invokes) and reporting the
// program's plugin requirements (it reports none, so plugins are never
// auto-installed; `pulumi-resource-pulumi-nodejs` is found on PATH or next to
// the pulumi binary when a dynamic resource is registered).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/shlex"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

const (
	// Module (resolved from the program directory) that the SDK ships as the program launcher.
	runModule = "@pulumi/pulumi/cmd/run"
	// The SDK exits with this code once it has already shown the user an actionable error.
	exitCodeAlreadyReported = 32
)

func main() {
	// -v, -logtostderr and friends are registered on flag.CommandLine by the
	// logging package (glog); the engine passes them when run with --logflow.
	tracing := flag.String("tracing", "", "Zipkin-compatible tracing endpoint (passed on to node)")
	runtimeName := flag.String("runtime", "nodejs", "only `nodejs` is supported by this host")
	showVersion := flag.Bool("version", false, "print the plugin version and exit")
	flag.Parse()

	if *showVersion {
		fmt.Println(version.Version)
		return
	}
	logging.InitLogging(false, 0, false)
	if *runtimeName != "nodejs" {
		cmdutil.Exit(fmt.Errorf("unsupported runtime %q: this pulumi-language-nodejs only runs node", *runtimeName))
	}

	engineAddress := ""
	if flag.NArg() > 0 {
		engineAddress = flag.Arg(0)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	serverCancel := make(chan bool)
	go func() {
		<-ctx.Done()
		close(serverCancel)
	}()

	if engineAddress != "" {
		// Exit on our own if the engine goes away.
		if err := rpcutil.Healthcheck(ctx, engineAddress, 5*time.Minute, stop); err != nil {
			cmdutil.Exit(fmt.Errorf("could not start health check: %w", err))
		}
	}

	host := newHost(engineAddress, *tracing)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: serverCancel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
		Options: rpcutil.TracingServerInterceptorOptions(nil),
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start the language host gRPC server: %w", err))
	}

	// The engine reads the port from our first line of stdout.
	fmt.Printf("%d\n", handle.Port)

	if err := <-handle.Done; err != nil {
		cmdutil.Exit(fmt.Errorf("language host gRPC server stopped: %w", err))
	}
}

type nodeHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu            sync.Mutex
	engineAddress string
	tracing       string

	// Cancelled by the Cancel RPC; running node processes get SIGINT.
	cancelCtx  context.Context
	cancelFunc context.CancelFunc
}

func newHost(engineAddress, tracing string) *nodeHost {
	ctx, cancel := context.WithCancel(context.Background())
	return &nodeHost{engineAddress: engineAddress, tracing: tracing, cancelCtx: ctx, cancelFunc: cancel}
}

func (h *nodeHost) engine() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.engineAddress
}

func (h *nodeHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		h.mu.Lock()
		h.engineAddress = req.GetEngineAddress()
		h.mu.Unlock()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *nodeHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// The program's plugin needs are not reported: nothing is downloaded, and
// plugins are resolved lazily (PATH, next to the CLI, plugin cache).
func (h *nodeHost) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *nodeHost) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *nodeHost) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	h.cancelFunc()
	return &emptypb.Empty{}, nil
}

// runOptions are the `runtime.options` of Pulumi.yaml that this host honours.
type runOptions struct {
	typescript bool
	tsconfig   string
	nodeargs   []string
}

func parseRunOptions(info *pulumirpc.ProgramInfo) (runOptions, error) {
	opts := runOptions{typescript: true}
	if info == nil || info.GetOptions() == nil {
		return opts, nil
	}
	for key, value := range info.GetOptions().AsMap() {
		switch key {
		case "typescript":
			b, ok := value.(bool)
			if !ok {
				return opts, errors.New("runtime option `typescript` must be a boolean")
			}
			opts.typescript = b
		case "tsconfig":
			s, ok := value.(string)
			if !ok {
				return opts, errors.New("runtime option `tsconfig` must be a string")
			}
			opts.tsconfig = s
		case "nodeargs":
			s, ok := value.(string)
			if !ok {
				return opts, errors.New("runtime option `nodeargs` must be a string")
			}
			args, err := shlex.Split(s)
			if err != nil {
				return opts, fmt.Errorf("runtime option `nodeargs`: %w", err)
			}
			opts.nodeargs = args
		default:
			// packagemanager, production, ...: only relevant to installs; ignored here.
			logging.V(5).Infof("ignoring runtime option %q", key)
		}
	}
	return opts, nil
}

// resolveModule asks node where `module` resolves to, starting at dir.
func resolveModule(nodeBin, dir, module string) (string, error) {
	script := fmt.Sprintf(
		"try { process.stdout.write(require.resolve(%q, { paths: [process.cwd()] })); } "+
			"catch (e) { console.error(e.code === 'MODULE_NOT_FOUND' ? "+
			"'cannot find %s from ' + process.cwd() + ': is @pulumi/pulumi installed (npm install)?' "+
			": e.message); process.exit(1); }",
		module, module)
	cmd := exec.Command(nodeBin, "-e", script)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return "", errors.New(msg)
		}
		return "", fmt.Errorf("running %s to resolve %s: %w", nodeBin, module, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// configEnv renders the config the way every @pulumi/pulumi version reads it:
// a JSON object in PULUMI_CONFIG keyed `<namespace>:config:<name>`.
func configEnv(req *pulumirpc.RunRequest) ([]string, error) {
	cfg := make(map[string]string, len(req.GetConfig()))
	for k, v := range req.GetConfig() {
		key, err := config.ParseKey(k)
		if err != nil {
			return nil, err
		}
		cfg[key.Namespace()+":config:"+key.Name()] = v
	}
	cfgJSON, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}
	return []string{"PULUMI_CONFIG=" + string(cfgJSON), "PULUMI_CONFIG_SECRET_KEYS=" + string(secretJSON)}, nil
}

func (h *nodeHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	fail := func(format string, args ...any) (*pulumirpc.RunResponse, error) {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf(format, args...)}, nil
	}

	info := req.GetInfo()
	if info == nil {
		// Engines older than ProgramInfo: synthesize it from the legacy fields.
		info = &pulumirpc.ProgramInfo{ProgramDirectory: req.GetPwd(), EntryPoint: req.GetProgram()}
	}
	if info.GetEntryPoint() == "" {
		info.EntryPoint = "."
	}
	programDir := info.GetProgramDirectory()
	if programDir == "" {
		programDir = req.GetPwd()
	}

	opts, err := parseRunOptions(info)
	if err != nil {
		return fail("%v", err)
	}

	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return fail("could not find node on the $PATH: %v", err)
	}

	runPath := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH")
	if runPath == "" {
		runPath = runModule
	}
	if !filepath.IsAbs(runPath) {
		if runPath, err = resolveModule(nodeBin, programDir, runPath); err != nil {
			return fail("%v", err)
		}
	}

	args := append([]string{}, opts.nodeargs...)
	args = append(args, runPath)
	flagArg := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	flagArg("monitor", req.GetMonitorAddress())
	flagArg("engine", h.engine())
	flagArg("organization", req.GetOrganization())
	flagArg("project", req.GetProject())
	flagArg("root-directory", info.GetRootDirectory())
	flagArg("stack", req.GetStack())
	flagArg("pwd", programDir)
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	flagArg("parallel", strconv.Itoa(int(req.GetParallel())))
	flagArg("tracing", h.tracing)
	args = append(args, info.GetEntryPoint())
	args = append(args, req.GetArgs()...)

	env, err := configEnv(req)
	if err != nil {
		return fail("failed to serialize configuration: %v", err)
	}
	env = append(os.Environ(), env...)
	if opts.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if opts.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfig)
	}

	// Stop node when the engine cancels the request or calls Cancel.
	cmdCtx, cmdCancel := context.WithCancel(h.cancelCtx)
	defer cmdCancel()
	stopWatching := context.AfterFunc(ctx, cmdCancel)
	defer stopWatching()

	cmd := exec.CommandContext(cmdCtx, nodeBin, args...)
	cmd.Dir = req.GetPwd()
	cmd.Env = env
	// Wrapping the writers forces exec to copy through a pipe instead of
	// handing node our own stdout/stderr: node may switch the descriptors it
	// inherits to non-blocking mode, which would break the engine's reads.
	cmd.Stdout = struct{ io.Writer }{os.Stdout}
	cmd.Stderr = struct{ io.Writer }{os.Stderr}
	cmd.Cancel = func() error {
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			return cmd.Process.Kill()
		}
		return nil
	}
	cmd.WaitDelay = 5 * time.Second

	logging.V(5).Infof("pulumi-language-nodejs: running %s %s", nodeBin, strings.Join(args, " "))
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			switch code := exitErr.ExitCode(); code {
			case exitCodeAlreadyReported:
				return &pulumirpc.RunResponse{Bail: true}, nil
			case -1:
				return fail("Program was terminated: %v", exitErr)
			default:
				return fail("Program exited with non-zero exit code: %d", code)
			}
		}
		return fail("Problem executing program (could not run node): %v", err)
	}
	return &pulumirpc.RunResponse{}, nil
}

func (h *nodeHost) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("could not find node on the $PATH: %w", err)
	}
	out, err := exec.Command(nodeBin, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("running %s --version: %w", nodeBin, err)
	}
	return &pulumirpc.AboutResponse{
		Executable: nodeBin,
		Version:    strings.TrimPrefix(strings.TrimSpace(string(out)), "v"),
	}, nil
}

// GetProgramDependencies lists the direct dependencies in package.json with
// the versions installed in node_modules (the declared range if not installed).
func (h *nodeHost) GetProgramDependencies(
	_ context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	dir := req.GetInfo().GetProgramDirectory()
	var manifest struct {
		Dependencies    map[string]string `json:"dependencies"`
		DevDependencies map[string]string `json:"devDependencies"`
	}
	data, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, &manifest); err != nil {
		return nil, fmt.Errorf("parsing package.json: %w", err)
	}
	all := map[string]string{}
	for name, want := range manifest.DevDependencies {
		all[name] = want
	}
	for name, want := range manifest.Dependencies {
		all[name] = want
	}
	names := make([]string, 0, len(all))
	for name := range all {
		names = append(names, name)
	}
	sort.Strings(names)
	resp := &pulumirpc.GetProgramDependenciesResponse{}
	for _, name := range names {
		ver := all[name]
		var installed struct {
			Version string `json:"version"`
		}
		if b, err := os.ReadFile(filepath.Join(dir, "node_modules", name, "package.json")); err == nil &&
			json.Unmarshal(b, &installed) == nil && installed.Version != "" {
			ver = installed.Version
		}
		resp.Dependencies = append(resp.Dependencies, &pulumirpc.DependencyInfo{Name: name, Version: ver})
	}
	return resp, nil
}

// InstallDependencies (`pulumi install`) runs `npm install` in the program directory.
func (h *nodeHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest,
	stream grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" {
		dir = req.GetDirectory()
	}
	if _, err := os.Stat(filepath.Join(dir, "package.json")); err != nil {
		return nil // nothing to install
	}
	npmBin, err := exec.LookPath("npm")
	if err != nil {
		return fmt.Errorf("could not find npm on the $PATH: %w", err)
	}
	cmd := exec.CommandContext(stream.Context(), npmBin, "install")
	cmd.Dir = dir
	cmd.Stdout = streamWriter{stream: stream}
	cmd.Stderr = streamWriter{stream: stream, stderr: true}
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm install in %s failed: %w", dir, err)
	}
	return nil
}

type streamWriter struct {
	stream grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse]
	stderr bool
}

func (w streamWriter) Write(p []byte) (int, error) {
	chunk := append([]byte(nil), p...)
	resp := &pulumirpc.InstallDependenciesResponse{Stdout: chunk}
	if w.stderr {
		resp = &pulumirpc.InstallDependenciesResponse{Stderr: chunk}
	}
	if err := w.stream.Send(resp); err != nil {
		return 0, err
	}
	return len(p), nil
}
