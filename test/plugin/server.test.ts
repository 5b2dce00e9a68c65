import { strict as assert } from "node:assert";
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { NATIVE_GOAL_TYPE } from "../../provider/plugin/type-tokens";
import { secret } from "../../provider/plugin/wire";
import { adminState, armFault, startTestEmulator, TestEmulator } from "../support/emulator";
import { SECRET_SEED, SECRETS } from "../support/client";
import { repoRoot } from "../support/paths";
import { msadsEnv } from "../support/pulumi-project";

// The plugin as the engine runs it: bin/pulumi-resource-msads started as a process, its port read from its first
// line of output, every call made over gRPC with the message classes the engine's SDK uses.

type Props = Record<string, unknown>;

const URN = `urn:pulumi:dev::goals::${NATIVE_GOAL_TYPE}::leads`;
const PROVIDER_URN = "urn:pulumi:dev::goals::pulumi:providers:msads::default";
const toStruct = (v: Props) => structproto.Struct.fromJavaScript(v as Record<string, structproto.JavaScriptValue>);
const fromStruct = (s: structproto.Struct | undefined): Props => (s ? (s.toJavaScript() as Props) : {});

/** A unary call of the client as a promise. */
function unary<Req, Res>(client: ResourceProviderClient, method: string, req: Req): Promise<Res> {
  const fn = (client as unknown as Record<string, (r: Req, cb: (e: grpc.ServiceError | null, v: Res) => void) => void>)[method].bind(client);
  return new Promise((resolve, reject) => fn(req, (e, v) => (e ? reject(e) : resolve(v))));
}

/** The gRPC error a call fails with; fails the test when it succeeds. */
async function failed(p: Promise<unknown>): Promise<grpc.ServiceError> {
  try {
    await p;
  } catch (e) {
    return e as grpc.ServiceError;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

describe("plugin: the gRPC server of bin/pulumi-resource-msads", function () {
  this.timeout(30_000);
  let emu: TestEmulator;
  let child: ChildProcess;
  let client: ResourceProviderClient;
  let configured: provproto.ConfigureResponse;
  let output = "";

  const call = <Req, Res>(method: string, req: Req): Promise<Res> => unary<Req, Res>(client, method, req);

  before(async () => {
    emu = await startTestEmulator({ seed: SECRET_SEED });
    // The developer token comes from Configure only: the environment lacks it (CheckConfig must notice).
    const { MSADS_DEVELOPER_TOKEN: _token, ...settings } = msadsEnv(emu);
    const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("MSADS_"))), ...settings };
    child = spawn(path.join(repoRoot, "bin", "pulumi-resource-msads"), [], { env, stdio: ["ignore", "pipe", "pipe"] });
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      let first = "";
      child.stdout!.on("data", (d: Buffer) => {
        output += d.toString();
        first += d.toString();
        const line = /^(\d+)\n/.exec(first);
        if (line) resolve(Number(line[1]));
      });
      child.on("exit", (code) => reject(new Error(`the plugin exited (${code}) before printing its port: ${output}`)));
    });
    client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const req = new provproto.ConfigureRequest();
    req.setArgs(toStruct({ developerToken: secret(SECRETS.developerToken), customerId: "1000001", accountId: "2000001", maxAttempts: "1" }));
    req.setAcceptsecrets(true);
    configured = await call("configure", req);
  });

  after(async () => {
    client?.close();
    if (child?.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    await emu?.close();
  });

  const goalInputs = (name: string, extra: Props = {}): Props => ({ name, goalCategory: "Purchase", ...extra });

  const create = async (inputs: Props): Promise<{ id: string; props: Props }> => {
    const req = new provproto.CreateRequest().setUrn(URN).setType(NATIVE_GOAL_TYPE).setProperties(toStruct(inputs));
    const res = await call<provproto.CreateRequest, provproto.CreateResponse>("create", req);
    return { id: res.getId(), props: fromStruct(res.getProperties()) };
  };

  it("reports the package's version (GetPluginInfo)", async () => {
    const info = await call<emptyproto.Empty, plugproto.PluginInfo>("getPluginInfo", new emptyproto.Empty());
    assert.equal(info.getVersion(), JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")).version);
  });

  it("serves schema.json (GetSchema)", async () => {
    const res = await call<provproto.GetSchemaRequest, provproto.GetSchemaResponse>("getSchema", new provproto.GetSchemaRequest());
    assert.deepEqual(JSON.parse(res.getSchema()), JSON.parse(fs.readFileSync(path.join(repoRoot, "schema.json"), "utf8")));
  });

  it("fails CheckConfig on developerToken when neither the config nor the environment has one", async () => {
    const req = new provproto.CheckRequest().setUrn(PROVIDER_URN).setOlds(toStruct({})).setNews(toStruct({ customerId: "1000001", accountId: "2000001" }));
    const res = await call<provproto.CheckRequest, provproto.CheckResponse>("checkConfig", req);
    assert.deepEqual(res.getFailuresList().map((f) => f.getProperty()), ["developerToken"]);
    assert.match(res.getFailuresList()[0].getReason(), /msads:developerToken/);
  });

  it("passes CheckConfig with a plain developer token, handing it back as a secret", async () => {
    const req = new provproto.CheckRequest().setUrn(PROVIDER_URN).setNews(toStruct({ developerToken: SECRETS.developerToken, customerId: "1000001" }));
    const res = await call<provproto.CheckRequest, provproto.CheckResponse>("checkConfig", req);
    assert.deepEqual(res.getFailuresList().map((f) => f.getProperty()), []);
    assert.deepEqual(fromStruct(res.getInputs()), { developerToken: secret(SECRETS.developerToken), customerId: "1000001" });
  });

  it("lists changed settings in DiffConfig as updates", async () => {
    const req = new provproto.DiffRequest().setUrn(PROVIDER_URN).setOlds(toStruct({ accountId: "2000001", version: "0.1.0" })).setNews(toStruct({ accountId: "2000002", version: "0.2.0" }));
    const res = await call<provproto.DiffRequest, provproto.DiffResponse>("diffConfig", req);
    assert.equal(res.getChanges(), provproto.DiffResponse.DiffChanges.DIFF_SOME);
    assert.deepEqual(res.getReplacesList(), []);
    assert.deepEqual([...res.getDetaileddiffMap().entries()].map(([k, v]) => [k, v.getKind()]), [["accountId", provproto.PropertyDiff.Kind.UPDATE]]);
  });

  it("accepts secrets once configured with args, whose token alone lets it create", async () => {
    assert.equal(configured.getAcceptsecrets(), true);
    const c = await create(goalInputs("Configured"));
    assert.match(c.id, /^\d+$/);
    assert.ok((await adminState(emu)).goals.some((g) => g.id === c.id && g.name === "Configured"));
  });

  it("passes Check on a secret-wrapped input and hands the inputs back as they came", async () => {
    const news = goalInputs("Leads", { name: secret("Leads"), revenue: { type: "FixedValue", value: secret(12.5) } });
    const req = new provproto.CheckRequest().setUrn(URN).setType(NATIVE_GOAL_TYPE).setOlds(toStruct({})).setNews(toStruct(news));
    const res = await call<provproto.CheckRequest, provproto.CheckResponse>("check", req);
    assert.deepEqual(res.getFailuresList().map((f) => `${f.getProperty()}: ${f.getReason()}`), []);
    assert.deepEqual(fromStruct(res.getInputs()), news);
  });

  it("fails Check on a schema violation, naming the property", async () => {
    const req = new provproto.CheckRequest().setUrn(URN).setType(NATIVE_GOAL_TYPE).setNews(toStruct(goalInputs("Leads", { conversionWindowInMinutes: 0 })));
    const res = await call<provproto.CheckRequest, provproto.CheckResponse>("check", req);
    assert.deepEqual(res.getFailuresList().map((f) => f.getProperty()), ["conversionWindowInMinutes"]);
  });

  it("creates a goal, plans a scope change as a replacement, reads, updates and deletes it", async () => {
    const inputs = goalInputs("Lifecycle");
    const c = await create(inputs);
    assert.match(c.id, /^\d+$/);
    assert.equal(c.props.goalId, c.id);
    assert.equal(c.props.name, "Lifecycle");
    assert.equal(c.props.accountId, "2000001");

    const diff = await call<provproto.DiffRequest, provproto.DiffResponse>(
      "diff",
      new provproto.DiffRequest().setId(c.id).setUrn(URN).setType(NATIVE_GOAL_TYPE).setOlds(toStruct(c.props)).setNews(toStruct({ ...inputs, scope: "Customer" })),
    );
    assert.equal(diff.getChanges(), provproto.DiffResponse.DiffChanges.DIFF_SOME);
    assert.deepEqual(diff.getReplacesList(), ["scope"]);
    assert.equal(diff.getHasdetaileddiff(), true);
    assert.equal(diff.getDeletebeforereplace(), true, "the old goal holds the name until it is retired");
    assert.deepEqual([...diff.getDetaileddiffMap().entries()].map(([k, v]) => [k, v.getKind()]), [["scope", provproto.PropertyDiff.Kind.UPDATE_REPLACE]]);

    assert.equal(diff.getDetaileddiffMap().get("scope")?.getInputdiff(), true, "scope is declared: an input difference");

    // A goal recorded in another account than the provider's msads:accountId, which it does not declare: a
    // replacement whose reason the new inputs do not hold, so it is marked an output difference for the CLI to show.
    const moved = await call<provproto.DiffRequest, provproto.DiffResponse>(
      "diff",
      new provproto.DiffRequest().setId(c.id).setUrn(URN).setOlds(toStruct({ ...c.props, accountId: "2000002" })).setNews(toStruct(inputs)),
    );
    assert.deepEqual(moved.getReplacesList(), ["accountId"]);
    const account = moved.getDetaileddiffMap().get("accountId");
    assert.deepEqual([account?.getKind(), account?.getInputdiff()], [provproto.PropertyDiff.Kind.UPDATE_REPLACE, false]);

    const none = await call<provproto.DiffRequest, provproto.DiffResponse>("diff", new provproto.DiffRequest().setId(c.id).setUrn(URN).setOlds(toStruct(c.props)).setNews(toStruct(inputs)));
    assert.equal(none.getChanges(), provproto.DiffResponse.DiffChanges.DIFF_NONE);
    assert.equal(none.getDetaileddiffMap().getLength(), 0);

    const read = await call<provproto.ReadRequest, provproto.ReadResponse>("read", new provproto.ReadRequest().setId(c.id).setUrn(URN).setProperties(toStruct(c.props)).setInputs(toStruct(inputs)));
    assert.equal(read.getId(), c.id);
    assert.deepEqual(fromStruct(read.getProperties()), c.props, "an untouched goal reads back as recorded");

    const updated = await call<provproto.UpdateRequest, provproto.UpdateResponse>(
      "update",
      new provproto.UpdateRequest().setId(c.id).setUrn(URN).setOlds(toStruct(c.props)).setNews(toStruct({ ...inputs, status: "Paused" })),
    );
    const outs = fromStruct(updated.getProperties());
    assert.equal(outs.status, "Paused");
    assert.equal((await adminState(emu)).goals.find((g) => g.id === c.id)?.status, "Paused");

    await call<provproto.DeleteRequest, emptyproto.Empty>("delete", new provproto.DeleteRequest().setId(c.id).setUrn(URN).setProperties(toStruct(outs)));
    const retired = (await adminState(emu)).goals.find((g) => g.id === c.id);
    assert.notEqual(retired?.name, "Lifecycle", "the name is free again");
  });

  it("returns ErrorResourceInitFailed with the goal's id when Create fails after the goal exists", async () => {
    // Another placement than the earlier creates', so that the goal is read back after Add (see add-prediction.ts).
    await armFault(emu, { operation: "GetConversionGoalsByIds", kind: "http503" });
    const e = await failed(create(goalInputs("Half made", { accountId: "2000002", name: secret("Half made") })));
    assert.equal(e.code, grpc.status.UNKNOWN);
    assert.match(e.details, /was written but could not be read back/);
    const made = (await adminState(emu)).goals.find((g) => g.name === "Half made");
    assert.ok(made, "the goal exists");
    const bin = e.metadata.get("grpc-status-details-bin")[0];
    assert.ok(Buffer.isBuffer(bin), "the status carries details");
    const details = statusproto.Status.deserializeBinary(bin).getDetailsList();
    assert.deepEqual(details.map((d) => d.getTypeName()), ["pulumirpc.ErrorResourceInitFailed"]);
    const init = provproto.ErrorResourceInitFailed.deserializeBinary(details[0].getValue_asU8());
    assert.equal(init.getId(), made.id);
    const props = fromStruct(init.getProperties());
    assert.equal(props.goalId, made.id);
    assert.equal(props.accountId, "2000002");
    assert.deepEqual(props.name, secret("Half made"), "a secret input stays secret in the recorded properties");
    assert.match(init.getReasonsList().join("\n"), /could not be read back/);
  });

  it("refuses a resource type it does not serve", async () => {
    const check = await failed(call("check", new provproto.CheckRequest().setUrn(URN).setType("msads:index:Campaign").setNews(toStruct(goalInputs("x")))));
    assert.match(check.details, /unknown resource type msads:index:Campaign: the msads provider serves msads:index:OfflineConversionGoal/);
    const before = (await adminState(emu)).goals.length;
    const createErr = await failed(call("create", new provproto.CreateRequest().setUrn(`urn:pulumi:dev::goals::msads:index:Campaign::x`).setProperties(toStruct(goalInputs("Not a goal")))));
    assert.match(createErr.details, /unknown resource type msads:index:Campaign/);
    assert.equal((await adminState(emu)).goals.length, before, "nothing was created");
  });

  it("never prints a credential on its output, across all these calls", async () => {
    // Mocha runs this last: the output holds every call above. Its own calls carry every credential, in plain text,
    // into CheckConfig's failures, and make the plugin redeem the refresh token with the client secret.
    await call("checkConfig", new provproto.CheckRequest().setUrn(PROVIDER_URN).setNews(toStruct({ ...SECRETS, requestTimeoutSeconds: "0", developertoken: SECRETS.developerToken })));
    await create(goalInputs("Quiet"));
    assert.match(output, /^\d+\n/, "the output was captured");
    for (const [name, value] of Object.entries(SECRETS)) assert.ok(!output.includes(value), `${name} appears in the plugin's output:\n${output}`);
  });
});
