/**
 * An API server outage on demand, for the fault step: tools/e2e/cluster.sh starts kube-apiserver and writes its command
 * line (ES_E2E_APISERVER_CMD_FILE, NUL-separated) and process id (ES_E2E_APISERVER_PID_FILE). `crash` kills it
 * (SIGKILL: in-flight requests are cut, new connections refused, as when a control-plane node dies), `restart` starts
 * it again with the same command line, certificates, port and etcd (the data survives, as it does behind a real
 * control plane), appending to the same log, and records the new process id, which cluster.sh stops on exit.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import type { KubeApi } from "./kube-api";
import { waitUntil } from "./cluster-standins";

export class ApiServerControl {
  constructor(
    private readonly api: KubeApi,
    private readonly commandFile: string,
    private readonly pidFile: string,
    private readonly logFile: string,
    private readonly port: number,
  ) {}

  /** From the variables cluster.sh exports. */
  static fromEnvironment(api: KubeApi, url: string): ApiServerControl {
    const need = (name: string) => {
      const v = process.env[name];
      if (!v) throw new Error(`${name} is not set: tools/e2e/cluster.sh exports it`);
      return v;
    };
    return new ApiServerControl(
      api,
      need("ES_E2E_APISERVER_CMD_FILE"),
      need("ES_E2E_APISERVER_PID_FILE"),
      need("ES_E2E_APISERVER_LOG"),
      Number(new URL(url).port),
    );
  }

  /** Kill the API server and wait until its port refuses connections. */
  async crash(): Promise<void> {
    const pid = Number(fs.readFileSync(this.pidFile, "utf8").trim());
    process.kill(pid, "SIGKILL");
    await waitUntil(async () => !(await this.accepts()), 30, "the API server's port to refuse connections");
  }

  /** Start the API server again and wait until it is ready (`/readyz`). */
  async restart(): Promise<void> {
    const [binary, ...args] = fs
      .readFileSync(this.commandFile, "utf8")
      .split("\0")
      .filter((a) => a.length > 0);
    const log = fs.openSync(this.logFile, "a");
    const child = spawn(binary, args, { stdio: ["ignore", log, log] });
    fs.closeSync(log);
    child.unref();
    fs.writeFileSync(this.pidFile, `${child.pid}\n`);
    await waitUntil(
      async () => {
        try {
          return (await this.api.request("GET", "/readyz")).status === 200;
        } catch {
          return false;
        }
      },
      180,
      "the restarted API server's /readyz",
    );
  }

  /** Whether anything accepts a TCP connection on the API server's port. */
  private accepts(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = net.connect({ host: "127.0.0.1", port: this.port });
      socket.setTimeout(1000);
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
      socket.once("timeout", () => {
        socket.destroy();
        resolve(true);
      });
    });
  }
}
