import { strict as assert } from "node:assert";
import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { PROVIDER_MODULE } from "../../sdk/provider-module";
import { repoRoot } from "../support/paths";
import { adminState, startTestEmulator, TestEmulator } from "../support/emulator";
import { UNKNOWN } from "../../provider/resource/unknowns";

type Obj = Record<string, unknown>;
const URN = "urn:pulumi:dev::msads-test::pulumi-nodejs:dynamic/msads:OfflineConversionGoal::leads";

/** Calls a unary RPC of the provider host and resolves with its response. */
function rpc<Req, Res>(client: grpc.Client, method: string, req: Req): Promise<Res> {
  return new Promise((resolve, reject) =>
    (client as unknown as Record<string, (r: Req, cb: (e: grpc.ServiceError | null, res: Res) => void) => void>)[method](req, (e, res) => (e ? reject(e) : resolve(res))),
  );
}

const struct = (o: Obj) => structproto.Struct.fromJavaScript(o as never);

// Drives the real @pulumi/pulumi dynamic-provider host over gRPC, as the engine does, with the provider text the
// SDK serializes. What the engine itself plans (replacement order, refresh) is left to the end-to-end suite.
describe("resource: the engine protocol (real dynamic-provider host over gRPC)", function () {
  this.timeout(30_000);
  let host: ChildProcess;
  let client: provrpc.ResourceProviderClient;
  let emu: TestEmulator;
  let providerText: string;

  before(async () => {
    emu = await startTestEmulator();
    providerText = PROVIDER_MODULE;
    host = spawn(process.execPath, [path.join(repoRoot, "node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js"), "127.0.0.1:0"], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    const port = await new Promise<string>((resolve, reject) => {
      host.stdout!.once("data", (d: Buffer) => resolve(d.toString().trim()));
      host.once("exit", (code) => reject(new Error(`provider host exited with ${code}`)));
    });
    client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const configure = new provproto.ConfigureRequest();
    configure.setArgs(
      struct({
        "msads:developerToken": "BBD37VB98",
        "msads:customerId": "1000001",
        "msads:accountId": "2000001",
        "msads:endpoint": emu.url,
        "msads:tokenUrl": emu.tokenUrl,
        "msads:clientId": "msads-emulator-client",
        "msads:refreshToken": "emulator-refresh-token",
      }),
    );
    await rpc(client, "configure", configure);
  });
  after(async () => {
    client?.close();
    host?.kill();
    await emu.close();
  });

  const withProvider = (o: Obj) => ({ ...o, __provider: providerText });
  const decl = { name: "Leads", goalCategory: "Purchase", revenue: { type: "FixedValue", value: 12.5 } };

  async function check(news: Obj) {
    const req = new provproto.CheckRequest();
    req.setUrn(URN);
    req.setOlds(struct({}));
    req.setNews(struct(withProvider(news)));
    const res = await rpc<provproto.CheckRequest, provproto.CheckResponse>(client, "check", req);
    return { inputs: res.getInputs()?.toJavaScript() as Obj, failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })) };
  }
  async function diff(id: string, olds: Obj, news: Obj) {
    const req = new provproto.DiffRequest();
    req.setId(id);
    req.setUrn(URN);
    req.setOlds(struct(withProvider(olds)));
    req.setNews(struct(withProvider(news)));
    const res = await rpc<provproto.DiffRequest, provproto.DiffResponse>(client, "diff", req);
    return { changes: res.getChanges(), replaces: res.getReplacesList(), deleteBeforeReplace: res.getDeletebeforereplace() };
  }
  async function create(props: Obj) {
    const req = new provproto.CreateRequest();
    req.setUrn(URN);
    req.setProperties(struct(withProvider(props)));
    const res = await rpc<provproto.CreateRequest, provproto.CreateResponse>(client, "create", req);
    return { id: res.getId(), props: res.getProperties()!.toJavaScript() as Obj };
  }
  async function read(id: string, props: Obj) {
    const req = new provproto.ReadRequest();
    req.setId(id);
    req.setUrn(URN);
    req.setProperties(struct(withProvider(props)));
    const res = await rpc<provproto.ReadRequest, provproto.ReadResponse>(client, "read", req);
    return { id: res.getId(), props: res.getProperties()?.toJavaScript() as Obj, inputs: res.getInputs()?.toJavaScript() as Obj | undefined };
  }
  async function update(id: string, olds: Obj, news: Obj) {
    const req = new provproto.UpdateRequest();
    req.setId(id);
    req.setUrn(URN);
    req.setOlds(struct(withProvider(olds)));
    req.setNews(struct(withProvider(news)));
    const res = await rpc<provproto.UpdateRequest, provproto.UpdateResponse>(client, "update", req);
    return res.getProperties()!.toJavaScript() as Obj;
  }
  async function del(id: string, props: Obj) {
    const req = new provproto.DeleteRequest();
    req.setId(id);
    req.setUrn(URN);
    req.setProperties(struct(withProvider(props)));
    await rpc(client, "delete", req);
  }

  it("Check reports failures with property paths, and passes unknowns during preview", async () => {
    const bad = await check({ name: "", goalCategory: "Download", revenue: { type: "NoValue", value: 3 } });
    assert.deepEqual(bad.failures.map((f) => f.property), ["name", "goalCategory", "revenue.value"]);
    const preview = await check({ name: UNKNOWN, goalCategory: "Purchase" });
    assert.deepEqual(preview.failures, []);
    assert.equal(preview.inputs.__provider, providerText);
  });

  it("Create, Read, Diff, Update and Delete behave as the engine expects", async () => {
    const created = await create(decl);
    assert.match(created.id, /^\d{16}$/);
    assert.equal(created.props.goalId, created.id);
    assert.equal(created.props.__provider, providerText, "the host keeps __provider in the outputs");
    assert.deepEqual((created.props.revenue as Obj).currencyCode, "USD");

    const same = await diff(created.id, created.props, decl);
    assert.deepEqual(same, { changes: provproto.DiffResponse.DiffChanges.DIFF_NONE, replaces: [], deleteBeforeReplace: false });
    const rescope = await diff(created.id, created.props, { ...decl, scope: "Customer", revenue: { ...decl.revenue, currencyCode: "USD" } });
    assert.deepEqual(rescope, { changes: provproto.DiffResponse.DiffChanges.DIFF_SOME, replaces: ["scope"], deleteBeforeReplace: true });

    const untouched = await read(created.id, created.props);
    assert.equal(untouched.id, created.id);
    assert.deepEqual(untouched.props, created.props);
    assert.deepEqual(untouched.inputs, withProvider(decl), "no drift: the inputs are the declaration as recorded, value types included");

    const updated = await update(created.id, created.props, { ...decl, status: "Paused" });
    assert.equal(updated.status, "Paused");

    await del(created.id, updated);
    const [g] = (await adminState(emu)).goals;
    assert.equal(g.status, "Paused");
    assert.notEqual(g.name, "Leads");

    const gone = await read("9007199254749999", created.props);
    assert.equal(gone.id, "", "an empty id tells the engine the goal is gone");
  });

  it("returns errors the engine shows: a name another resource of this update created says so", async () => {
    await create({ name: "Taken", goalCategory: "Purchase" });
    await assert.rejects(create({ name: "taken", goalCategory: "Purchase" }), /name: cannot create goal "Taken" \(id \d+\): another resource of this stack holds it in this update \(it created it\)/);
  });
});
