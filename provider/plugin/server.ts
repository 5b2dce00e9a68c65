// The gRPC pulumirpc.ResourceProvider service of the plugin, on the message classes of @pulumi/pulumi/proto (pinned
// with @pulumi/pulumi in package.json). Only translation lives here: protobuf in, PluginProvider, protobuf out.
// Served directly rather than through @pulumi/pulumi/provider, whose server (3.245) drops Configure's request
// (pulumi/pulumi#10915), leaves CheckConfig/DiffConfig unimplemented and sends no detailed diff.
import * as grpc from "@grpc/grpc-js";
import * as anyproto from "google-protobuf/google/protobuf/any_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { GoalStepError } from "../resource/context";
import { NATIVE_GOAL_TYPE } from "./type-tokens";
import { PluginDiff, PluginProvider, PropertyChange } from "./plugin-provider";

type Props = Record<string, unknown>;
type Callback<T> = (error: grpc.ServiceError | Partial<grpc.StatusObject> | null, value?: T | null, trailer?: grpc.Metadata) => void;
type Call<T> = { request: T };

const fromStruct = (s: structproto.Struct | undefined): Props => (s ? (s.toJavaScript() as Props) : {});
// JSON drops undefined members, which Struct.fromJavaScript refuses.
const toStruct = (v: unknown): structproto.Struct => structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(v ?? {})));

const KIND: Record<PropertyChange, provproto.PropertyDiff.Kind> = {
  update: provproto.PropertyDiff.Kind.UPDATE,
  "update-replace": provproto.PropertyDiff.Kind.UPDATE_REPLACE,
};

/**
 * `inputKeys`: the properties the new inputs hold. A change of one they do not hold (a placement that comes from the
 * provider's msads:accountId) is an output difference, so that the CLI shows it from the outputs instead of
 * showing nothing.
 */
function diffResponse(d: PluginDiff, inputKeys?: ReadonlySet<string>): provproto.DiffResponse {
  const resp = new provproto.DiffResponse();
  resp.setChanges(d.changes ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE);
  resp.setReplacesList(d.replaces);
  resp.setDeletebeforereplace(d.deleteBeforeReplace);
  resp.setDiffsList(Object.keys(d.detailedDiff));
  resp.setHasdetaileddiff(true);
  const detailed = resp.getDetaileddiffMap();
  for (const [k, kind] of Object.entries(d.detailedDiff)) {
    const pd = new provproto.PropertyDiff();
    pd.setKind(KIND[kind]);
    pd.setInputdiff(inputKeys === undefined || inputKeys.has(k));
    detailed.set(k, pd);
  }
  return resp;
}

function checkResponse(inputs: Props, failures: Array<{ property: string; reason: string }>): provproto.CheckResponse {
  const resp = new provproto.CheckResponse();
  resp.setInputs(toStruct(inputs));
  resp.setFailuresList(
    failures.map((f) => {
      const cf = new provproto.CheckFailure();
      cf.setProperty(f.property);
      cf.setReason(f.reason);
      return cf;
    }),
  );
  return resp;
}

/**
 * A step's failure for the engine. A GoalStepError (the goal exists, but the step did not finish) travels as
 * pulumirpc.ErrorResourceInitFailed in the status details, so the engine records the goal's id and properties
 * instead of losing it (context.ts).
 */
function failure(e: unknown): Partial<grpc.StatusObject> {
  const message = e instanceof Error ? e.message : String(e);
  const metadata = new grpc.Metadata();
  if (e instanceof GoalStepError) {
    const detail = new provproto.ErrorResourceInitFailed();
    detail.setId(e.id);
    detail.setProperties(toStruct(e.properties));
    detail.setReasonsList(e.reasons);
    const any = new anyproto.Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusproto.Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(message);
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code: grpc.status.UNKNOWN, details: message, metadata };
}

/** Runs a handler and answers its call: its value, or its failure. */
function answer<T>(callback: Callback<T>, run: () => Promise<T> | T): void {
  Promise.resolve()
    .then(run)
    .then(
      (v) => callback(null, v),
      (e) => {
        const f = failure(e);
        callback(f, null, f.metadata);
      },
    );
}

function refuseUnknownType(type: string): void {
  if (type !== NATIVE_GOAL_TYPE) throw new Error(`unknown resource type ${type}: the msads provider serves ${NATIVE_GOAL_TYPE}`);
}

/** The service implementation over a PluginProvider; `version` is what GetPluginInfo reports. Cancel has nothing to stop: steps end on their own. */
export function resourceProviderService(p: PluginProvider, version: string): grpc.UntypedServiceImplementation {
  return {
    getPluginInfo: (_c: Call<emptyproto.Empty>, cb: Callback<plugproto.PluginInfo>) => answer(cb, () => new plugproto.PluginInfo().setVersion(version)),
    attach: (_c: Call<plugproto.PluginAttach>, cb: Callback<emptyproto.Empty>) => answer(cb, () => new emptyproto.Empty()),
    cancel: (_c: Call<emptyproto.Empty>, cb: Callback<emptyproto.Empty>) => answer(cb, () => new emptyproto.Empty()),
    getSchema: (c: Call<provproto.GetSchemaRequest>, cb: Callback<provproto.GetSchemaResponse>) =>
      answer(cb, () => {
        if (c.request.getVersion() !== 0) throw new Error(`unsupported schema version ${c.request.getVersion()}`);
        return new provproto.GetSchemaResponse().setSchema(p.schema());
      }),
    checkConfig: (c: Call<provproto.CheckRequest>, cb: Callback<provproto.CheckResponse>) =>
      answer(cb, () => {
        const r = p.checkConfig(fromStruct(c.request.getNews()));
        return checkResponse(r.inputs, r.failures);
      }),
    diffConfig: (c: Call<provproto.DiffRequest>, cb: Callback<provproto.DiffResponse>) =>
      answer(cb, () => diffResponse(p.diffConfig(fromStruct(c.request.getOlds()), fromStruct(c.request.getNews())))),
    configure: (c: Call<provproto.ConfigureRequest>, cb: Callback<provproto.ConfigureResponse>) =>
      answer(cb, async () => {
        const variables: Record<string, string> = {};
        for (const [k, v] of c.request.getVariablesMap().entries()) variables[k] = v;
        await p.configure(c.request.hasArgs() ? fromStruct(c.request.getArgs()) : undefined, variables);
        const resp = new provproto.ConfigureResponse();
        resp.setAcceptsecrets(true);
        resp.setSupportspreview(false);
        resp.setAcceptresources(false);
        resp.setAcceptoutputs(false);
        return resp;
      }),
    check: (c: Call<provproto.CheckRequest>, cb: Callback<provproto.CheckResponse>) =>
      answer(cb, async () => {
        refuseUnknownType(c.request.getType() || typeOfUrn(c.request.getUrn()));
        const r = await p.check(c.request.getUrn(), fromStruct(c.request.getOlds()), fromStruct(c.request.getNews()));
        return checkResponse(r.inputs, r.failures);
      }),
    diff: (c: Call<provproto.DiffRequest>, cb: Callback<provproto.DiffResponse>) =>
      answer(cb, async () => {
        const news = fromStruct(c.request.getNews());
        return diffResponse(await p.diff(c.request.getId(), fromStruct(c.request.getOlds()), news), new Set(Object.keys(news)));
      }),
    create: (c: Call<provproto.CreateRequest>, cb: Callback<provproto.CreateResponse>) =>
      answer(cb, async () => {
        refuseUnknownType(c.request.getType() || typeOfUrn(c.request.getUrn()));
        const r = await p.create(fromStruct(c.request.getProperties()));
        return new provproto.CreateResponse().setId(r.id).setProperties(toStruct(r.outs));
      }),
    read: (c: Call<provproto.ReadRequest>, cb: Callback<provproto.ReadResponse>) =>
      answer(cb, async () => {
        const r = await p.read(c.request.getId(), c.request.getUrn(), fromStruct(c.request.getProperties()), fromStruct(c.request.getInputs()));
        const resp = new provproto.ReadResponse();
        if (r.id === undefined) return resp;
        resp.setId(r.id);
        resp.setProperties(toStruct(r.props));
        if (r.inputs !== undefined) resp.setInputs(toStruct(r.inputs));
        return resp;
      }),
    update: (c: Call<provproto.UpdateRequest>, cb: Callback<provproto.UpdateResponse>) =>
      answer(cb, async () => {
        const r = await p.update(c.request.getId(), fromStruct(c.request.getOlds()), fromStruct(c.request.getNews()));
        return new provproto.UpdateResponse().setProperties(toStruct(r.outs));
      }),
    delete: (c: Call<provproto.DeleteRequest>, cb: Callback<emptyproto.Empty>) =>
      answer(cb, async () => {
        await p.delete(c.request.getId(), fromStruct(c.request.getProperties()));
        return new emptyproto.Empty();
      }),
  };
}

/** The type a URN names (urn:pulumi:<stack>::<project>::<parent$type>::<name>). */
function typeOfUrn(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.split("$").pop() ?? "";
}

/** The service definition the implementation is registered under. */
export const ResourceProviderService = provrpc.ResourceProviderService as unknown as grpc.ServiceDefinition;
