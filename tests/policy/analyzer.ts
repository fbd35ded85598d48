// Talking to a policy pack as the Pulumi engine does: start @pulumi/pulumi's run-policy-pack on a pack folder, read
// the port it serves the analyzer on, and send engine-shaped requests (protobuf Structs) over gRPC.
import { spawn, type ChildProcess } from "node:child_process";
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { kubernetesType, urnOf } from "../../cli/pack-engine";
import type { ManifestFixture } from "./builders";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as { Struct: { fromJavaScript(value: object): unknown } };
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { Empty } = require("google-protobuf/google/protobuf/empty_pb") as { Empty: new () => unknown };

/** The analyzer protocol's enforcement levels. */
export const LEVEL = analyzer.EnforcementLevel;

function options(): analyzer.AnalyzerResourceOptions {
  const o = new analyzer.AnalyzerResourceOptions();
  o.setProtect(false);
  return o;
}

/** An Analyze request for one manifest, as the engine sends it. */
export function analyzeRequest(manifest: ManifestFixture): analyzer.AnalyzeRequest {
  const type = kubernetesType(manifest);
  const name = String(manifest.metadata?.name);
  const request = new analyzer.AnalyzeRequest();
  request.setType(type);
  request.setName(name);
  request.setUrn(urnOf({ type, name }));
  request.setProperties(Struct.fromJavaScript(manifest) as never);
  request.setOptions(options());
  return request;
}

/** One resource of an AnalyzeStack request, as the engine sends it. */
export function stackResource(manifest: ManifestFixture): analyzer.AnalyzerResource {
  const type = kubernetesType(manifest);
  const name = String(manifest.metadata?.name);
  const resource = new analyzer.AnalyzerResource();
  resource.setType(type);
  resource.setName(name);
  resource.setUrn(urnOf({ type, name }));
  resource.setProperties(Struct.fromJavaScript(manifest) as never);
  resource.setOptions(options());
  return resource;
}

/** Calls a unary method of the client as a promise. */
export function call<Req, Res>(
  method: (request: Req, callback: (error: grpc.ServiceError | null, response: Res) => void) => unknown,
  request: Req,
): Promise<Res> {
  return new Promise((resolve, reject) => method(request, (error, response) => (error ? reject(error) : resolve(response))));
}

/**
 * Starts the pack in `packDir` with the run-policy-pack program at `runner` (as the Pulumi CLI's analyzer plugin does)
 * and connects to it once it prints its port.
 */
export async function startAnalyzer(runner: string, packDir: string): Promise<{ pack: ChildProcess; client: AnalyzerClient }> {
  const pack = spawn(process.execPath, [runner, "127.0.0.1:0", "."], { cwd: packDir, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  pack.stderr?.on("data", (chunk) => (stderr += String(chunk)));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    pack.stdout?.on("data", (chunk) => {
      out += String(chunk);
      const match = /^(\d+)\s/m.exec(out);
      if (match) resolve(Number(match[1]));
    });
    pack.on("exit", (code) => reject(new Error(`the pack exited with ${code} before serving: ${stderr}`)));
  });
  return { pack, client: new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) };
}
