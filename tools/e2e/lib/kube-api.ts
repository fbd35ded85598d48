/**
 * A minimal client for the e2e API server: HTTPS with the run's CA and bearer token, nothing else.
 * The scenario checks the cluster through this rather than through Pulumi or @pulumi/kubernetes, so a check cannot
 * pass because both sides share the same bug.
 */
import * as fs from "node:fs";
import * as https from "node:https";

/** The answer of one API call: the HTTP status and the parsed JSON body (a Status object on errors). */
export interface ApiResponse {
  status: number;
  body: Record<string, unknown>;
}

/** Where a kind is served: its REST path segment and whether it lives in a namespace. */
interface ResourceInfo {
  plural: string;
  namespaced: boolean;
}

/** Connection settings, from the variables tools/e2e/cluster.sh exports. */
export interface KubeApiOptions {
  /** https://127.0.0.1:<port> */
  url: string;
  /** Bearer token of the e2e admin user. */
  token: string;
  /** PEM file of the run's CA, which signed the API server's certificate. */
  caFile: string;
}

/** A Kubernetes object reference: enough to build its REST path. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; namespace?: string };
}

export class KubeApi {
  private readonly ca: Buffer;
  private readonly discovered = new Map<string, Map<string, ResourceInfo>>();

  constructor(private readonly options: KubeApiOptions) {
    this.ca = fs.readFileSync(options.caFile);
  }

  /**
   * One request; JSON in, JSON out. Never throws on an HTTP error status: callers assert on it. A PATCH body is a JSON
   * merge patch (`kubectl label` and `kubectl scale` send one).
   */
  request(method: string, path: string, body?: unknown): Promise<ApiResponse> {
    const contentType = method === "PATCH" ? "application/merge-patch+json" : "application/json";
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = https.request(
        new URL(path, this.options.url),
        {
          method,
          ca: this.ca,
          headers: {
            authorization: `Bearer ${this.options.token}`,
            accept: "application/json",
            ...(payload ? { "content-type": contentType, "content-length": Buffer.byteLength(payload) } : {}),
          },
          timeout: 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed: Record<string, unknown>;
            try {
              parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
            } catch {
              parsed = { message: text };
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${path}: no answer within 30s`)));
      req.on("error", reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  /** The REST path of an object (or of its collection when `name` is omitted), from API discovery. */
  async pathOf(ref: ObjectRef, options: { collection?: boolean } = {}): Promise<string> {
    const info = await this.resourceInfo(ref.apiVersion, ref.kind);
    const base = ref.apiVersion.includes("/") ? `/apis/${ref.apiVersion}` : `/api/${ref.apiVersion}`;
    const ns = info.namespaced ? `/namespaces/${encodeURIComponent(ref.metadata.namespace ?? "default")}` : "";
    const name = options.collection ? "" : `/${encodeURIComponent(ref.metadata.name ?? "")}`;
    return `${base}${ns}/${info.plural}${name}`;
  }

  /** GET an object; status 404 when it does not exist. */
  async get(ref: ObjectRef): Promise<ApiResponse> {
    return this.request("GET", await this.pathOf(ref));
  }

  /** Whether the server serves `kind` in `apiVersion` now (not cached while the answer is no). */
  async serves(apiVersion: string, kind: string): Promise<boolean> {
    if ((await this.discover(apiVersion))?.has(kind)) return true;
    return (await this.discover(apiVersion, { fresh: true }))?.has(kind) ?? false;
  }

  private async discover(apiVersion: string, options: { fresh?: boolean } = {}): Promise<Map<string, ResourceInfo> | undefined> {
    const known = this.discovered.get(apiVersion);
    if (known && !options.fresh) return known;
    const path = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const res = await this.request("GET", path);
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new Error(`API discovery of ${apiVersion} failed: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    const kinds = new Map<string, ResourceInfo>();
    for (const r of (res.body.resources ?? []) as { name: string; kind: string; namespaced: boolean }[]) {
      if (!r.name.includes("/")) kinds.set(r.kind, { plural: r.name, namespaced: r.namespaced });
    }
    this.discovered.set(apiVersion, kinds);
    return kinds;
  }

  private async resourceInfo(apiVersion: string, kind: string): Promise<ResourceInfo> {
    const kinds = await this.discover(apiVersion);
    if (!kinds) throw new Error(`the API server does not serve ${apiVersion}`);
    const info = kinds.get(kind);
    if (!info) throw new Error(`the API server does not serve kind ${kind} in ${apiVersion}; served: ${[...kinds.keys()].join(", ")}`);
    return info;
  }
}
