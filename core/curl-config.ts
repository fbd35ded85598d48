/**
 * Credentials for curl in a file, never on its command line: arguments are readable by every process of the node in
 * /proc/<pid>/cmdline (and end up in `ps`, audit logs and crash reports), a file of a Secret volume is not. The jobs
 * that call Elasticsearch mount such a file and run `curl --config <file>`; request bodies carrying a password are
 * files too (`--data-binary @<file>`).
 */

/** A double-quoted value of a curl config file: curl unescapes `\\` and `\"` inside quotes. */
function quoted(value: string): string {
  if (/[\r\n]/.test(value)) throw new Error("a credential in a curl config file cannot contain a line break");
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** The curl config file that authenticates as `user` (HTTP basic authentication): `user = "<user>:<password>"`. */
export function curlUserConfig(user: string, password: string): string {
  if (user.includes(":")) throw new Error(`curl user "${user}" cannot contain ':' (it separates the user from the password)`);
  return `user = ${quoted(`${user}:${password}`)}\n`;
}

/** Where a workload mounts its curl credentials, and the config file's name there. */
export const CURL_CREDENTIALS_DIR = "/credentials";
export const CURL_CONFIG_FILE = "curl.conf";
