/**
 * The JavaScript Filebeat's `script` processor runs on each EKS audit event (ECMAScript 5.1, Filebeat's embedded
 * engine). A CloudWatch Logs event carries the API server's audit event as a JSON string in `message`; the script lays
 * its fields at the document's root with every dot in a key replaced by `_`, which is the shape Fluent Bit gives the
 * self-managed control plane's audit log (its `es` output with `Replace_Dots On`), so both paths fill the same fields
 * of the `<prefix>-audit-*` indices. Without the replacement, Elasticsearch would read `app.kubernetes.io/name` in an
 * object's labels as a path under `app`, and refuse every later event whose labels also hold a plain `app`.
 * A line that is not an audit event keeps its `message` and gets the tag {@link UNPARSED_TAG}. `test()` runs when
 * Filebeat loads the processor: a script that does not do this refuses to start instead of shipping malformed events.
 */

/** Tag of a CloudWatch event whose message is not a JSON audit event (kept as it is, in `message`). */
export const UNPARSED_TAG = "audit_event_unparsed";

/** The script's source. */
export const AUDIT_EVENT_SCRIPT = `var DOTS = /\\./g;

function undotted(value) {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    var list = [];
    for (var i = 0; i < value.length; i++) list.push(undotted(value[i]));
    return list;
  }
  var object = {};
  for (var key in value) {
    if (Object.prototype.hasOwnProperty.call(value, key)) object[key.replace(DOTS, "_")] = undotted(value[key]);
  }
  return object;
}

function process(event) {
  var audit;
  try {
    audit = JSON.parse(event.Get("message"));
  } catch (e) {
    audit = null;
  }
  if (audit === null || typeof audit !== "object" || audit.kind !== "Event") {
    event.Tag("${UNPARSED_TAG}");
    return;
  }
  var fields = undotted(audit);
  for (var key in fields) {
    if (Object.prototype.hasOwnProperty.call(fields, key)) event.Put(key, fields[key]);
  }
  event.Delete("message");
}

function test() {
  var event = new Event({ message: '{"kind":"Event","verb":"get","annotations":{"authorization.k8s.io/decision":"allow"}}' });
  process(event);
  if (event.Get("verb") !== "get") throw "the audit event's fields are not at the root";
  if (event.Get("annotations.authorization_k8s_io/decision") !== "allow") throw "dots in keys are not replaced";
  if (event.Get("message") != null) throw "the raw message is kept";
}
`;
