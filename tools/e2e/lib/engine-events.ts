/**
 * Follows the engine's event log (`pulumi up --event-log <file>`: one JSON engine event a line, written as the update
 * runs) to know where an update is: which resource operations have started, finished or failed. The fault steps use
 * it to pick their moment (an interruption once some resources exist, an outage once changes are being applied).
 */
import * as fs from "node:fs";

interface StepMetadata {
  op: string;
  urn: string;
  type: string;
}

interface EngineEvent {
  resourcePreEvent?: { metadata: StepMetadata; planning?: boolean };
  resOutputsEvent?: { metadata: StepMetadata; planning?: boolean };
  resOpFailedEvent?: { metadata: StepMetadata };
}

/** Operations that change something on the API server (not `same`, `read`, `refresh`). */
const CHANGING = new Set(["create", "update", "replace", "create-replacement", "delete", "delete-replaced"]);

/** The progress of the update whose event log is followed. */
export class EngineEventLog {
  private offset = 0;
  private partial = "";
  /** Kubernetes resource operations that changed something, by operation, as they complete. */
  readonly completed = new Map<string, number>();
  /** URN -> operation of every changing Kubernetes operation started and not yet completed or failed. */
  readonly inFlight = new Map<string, string>();
  /** Changing operations started so far, by operation. */
  readonly started = new Map<string, number>();
  failed = 0;
  /** Steps on Kubernetes objects started so far, whatever their operation (`same` included). */
  stepsStarted = 0;

  constructor(readonly file: string) {}

  /** Read what the engine appended since the last call. */
  poll(): void {
    let fd: number;
    try {
      fd = fs.openSync(this.file, "r");
    } catch {
      return; // not written yet
    }
    try {
      const size = fs.fstatSync(fd).size;
      if (size <= this.offset) return;
      const buffer = Buffer.alloc(size - this.offset);
      fs.readSync(fd, buffer, 0, buffer.length, this.offset);
      this.offset = size;
      const lines = (this.partial + buffer.toString("utf8")).split("\n");
      this.partial = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) this.handle(JSON.parse(line) as EngineEvent);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Changing operations completed so far. */
  get changesCompleted(): number {
    return [...this.completed.values()].reduce((a, b) => a + b, 0);
  }

  /** Kubernetes objects created so far. */
  get created(): number {
    return this.completed.get("create") ?? 0;
  }

  private handle(event: EngineEvent): void {
    const pre = event.resourcePreEvent;
    if (pre && !pre.planning && isObject(pre.metadata)) this.stepsStarted++;
    if (pre && !pre.planning && isObject(pre.metadata) && CHANGING.has(pre.metadata.op)) {
      this.inFlight.set(pre.metadata.urn, pre.metadata.op);
      this.started.set(pre.metadata.op, (this.started.get(pre.metadata.op) ?? 0) + 1);
    }
    const out = event.resOutputsEvent;
    if (out && !out.planning && isObject(out.metadata) && CHANGING.has(out.metadata.op)) {
      this.inFlight.delete(out.metadata.urn);
      this.completed.set(out.metadata.op, (this.completed.get(out.metadata.op) ?? 0) + 1);
    }
    const failed = event.resOpFailedEvent;
    if (failed && isObject(failed.metadata)) {
      this.inFlight.delete(failed.metadata.urn);
      this.failed++;
    }
  }
}

/** A Kubernetes object, not the provider resource or a component. */
function isObject(m: StepMetadata): boolean {
  return m.type.startsWith("kubernetes:") && !m.type.startsWith("pulumi:");
}
