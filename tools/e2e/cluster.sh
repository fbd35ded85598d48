#!/usr/bin/env bash
# Started by tools/e2e/run.sh (usually inside a loopback-only network namespace): starts etcd, kube-apiserver and
# kube-controller-manager on 127.0.0.1 in a temporary directory, runs tools/e2e/scenario.ts against them, and
# always stops the servers and removes the directory, whether the scenario passed, failed or was interrupted.
#
# The API server runs with token authentication only (no anonymous access), RBAC authorization, the PodSecurity
# admission plugin, privileged containers allowed by the server itself (so that a rejection can only come from
# Pod Security admission), and service-account signing keys generated for this run. kube-controller-manager runs
# the controllers the run needs: namespace (deleting a namespace's content), serviceaccount (the default service
# account pods need), resourcequota (the quota status quota admission needs), garbage collector (the foreground
# deletion the provider asks for), persistentvolumeclaim-protection (which releases a deleted claim), replicaset
# (the runbook's step that takes an isolated pod out of its ReplicaSet is checked against it), endpoints (the Endpoints
# of the application's Services behind the Ingress, which the provider waits for: lib/application-standin.ts), and
# deployment, statefulset and daemonset, which turn the Helm charts' workloads into pods that must pass Pod Security
# admission (no scheduler or kubelet: the pods stay Pending).
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo_root"
bin_dir=${ES_E2E_BIN_DIR:?run tools/e2e/run.sh, not this script}
cache_dir=${ES_CACHE_DIR:-$HOME/.cache/ecommerce-security}

log() { printf '[e2e] %s\n' "$*" >&2; }
die() { printf '[e2e] error: %s\n' "$*" >&2; exit 1; }

# In a fresh network namespace loopback starts down.
if [ "${ES_E2E_IN_NETNS:-}" = 1 ]; then ip link set lo up; fi

work=$(mktemp -d "${TMPDIR:-/tmp}/ecommerce-security-e2e.XXXXXX")
pids=()
scenario_pid=

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local pid
  if [ -n "$scenario_pid" ] && kill -0 "$scenario_pid" 2>/dev/null; then
    kill -TERM -- "-$scenario_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$scenario_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$scenario_pid" 2>/dev/null || true
  fi
  # An API server the scenario restarted (its outage step) is not in pids: stop it with the others.
  if [ -f "$work/kube-apiserver.pid" ]; then
    pid=$(cat "$work/kube-apiserver.pid")
    case " ${pids[*]} " in *" $pid "*) ;; *) pids+=("$pid") ;; esac
  fi
  # Stop in reverse start order: controller-manager, API server, etcd.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    pid=${pids[i]}
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [ "$status" -ne 0 ]; then
    for f in etcd kube-apiserver kube-controller-manager; do
      [ -f "$work/$f.log" ] && { log "last lines of $f.log:"; tail -n 15 "$work/$f.log" >&2; }
    done
  fi
  if [ "${ES_E2E_KEEP:-}" = 1 ]; then
    log "kept $work (ES_E2E_KEEP=1)"
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# free_port: a TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

etcd_client_port=$(free_port)
etcd_peer_port=$(free_port)
api_port=$(free_port)
kcm_port=$(free_port)

# --- credentials, all generated for this run ---------------------------------------------------------------------
pki=$work/pki
mkdir -p "$pki"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=ecommerce-security-e2e-ca" \
  -keyout "$pki/ca.key" -out "$pki/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" \
  -keyout "$pki/apiserver.key" -out "$pki/apiserver.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' > "$pki/apiserver.ext"
openssl x509 -req -days 1 -in "$pki/apiserver.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
  -extfile "$pki/apiserver.ext" -out "$pki/apiserver.crt" 2>/dev/null
openssl genrsa -out "$pki/service-accounts.key" 2048 2>/dev/null
openssl rsa -in "$pki/service-accounts.key" -pubout -out "$pki/service-accounts.pub" 2>/dev/null
admin_token=$(openssl rand -hex 32)
controller_token=$(openssl rand -hex 32)
# token,user,uid,"group1,group2"
printf '%s,e2e-admin,e2e-admin,"system:masters"\n%s,e2e-controller-manager,e2e-controller-manager,"system:masters"\n' \
  "$admin_token" "$controller_token" > "$pki/tokens.csv"
chmod 600 "$pki"/*

api_url=https://127.0.0.1:$api_port

# write_kubeconfig <file> <user> <token>
write_kubeconfig() {
  cat > "$1" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: e2e
    cluster:
      server: $api_url
      certificate-authority: $pki/ca.crt
users:
  - name: $2
    user:
      token: $3
contexts:
  - name: e2e
    context: { cluster: e2e, user: $2 }
current-context: e2e
EOF
  chmod 600 "$1"
}
write_kubeconfig "$work/kubeconfig" e2e-admin "$admin_token"
write_kubeconfig "$work/controller-manager.kubeconfig" e2e-controller-manager "$controller_token"

# --- servers -------------------------------------------------------------------------------------------------------
start() { # start <name> <args...>: runs bin_dir/<name> in the background, output in work/<name>.log
  local name=$1; shift
  "$bin_dir/$name" "$@" > "$work/$name.log" 2>&1 &
  pids+=($!)
}

# wait_for <what> <seconds> <command...>: polls until the command succeeds; fails if a server died meanwhile.
wait_for() {
  local what=$1 limit=$2; shift 2
  local deadline=$((SECONDS + limit)) pid
  until "$@" >/dev/null 2>&1; do
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || die "a server exited while waiting for $what"; done
    [ "$SECONDS" -lt "$deadline" ] || die "$what not ready after ${limit}s"
    sleep 0.5
  done
}

api_get() { curl -sf --cacert "$pki/ca.crt" -H "Authorization: Bearer $admin_token" "$api_url$1"; }

control_plane_start=$SECONDS
start etcd --name e2e --data-dir "$work/etcd" \
  --listen-client-urls "http://127.0.0.1:$etcd_client_port" --advertise-client-urls "http://127.0.0.1:$etcd_client_port" \
  --listen-peer-urls "http://127.0.0.1:$etcd_peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer_port" \
  --initial-cluster "e2e=http://127.0.0.1:$etcd_peer_port" --log-level warn --unsafe-no-fsync
wait_for etcd 60 curl -sf "http://127.0.0.1:$etcd_client_port/health"

apiserver_args=(
  --etcd-servers "http://127.0.0.1:$etcd_client_port" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --endpoint-reconciler-type none --secure-port "$api_port" \
  --cert-dir "$work/apiserver-certs" \
  --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
  --anonymous-auth=false --token-auth-file "$pki/tokens.csv" \
  --authorization-mode RBAC \
  --enable-admission-plugins PodSecurity \
  --allow-privileged=true \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-account-key-file "$pki/service-accounts.pub" \
  --service-account-signing-key-file "$pki/service-accounts.key" \
  --service-cluster-ip-range 10.96.0.0/24 \
  --profiling=false
)
start kube-apiserver "${apiserver_args[@]}"
# The scenario's API server outage (tools/e2e/lib/apiserver-control.ts) kills this process and starts the same command
# line again: its command line (NUL-separated) and its current process id, which cleanup stops.
printf '%s\0' "$bin_dir/kube-apiserver" "${apiserver_args[@]}" > "$work/kube-apiserver.cmd"
echo "${pids[-1]}" > "$work/kube-apiserver.pid"
wait_for "kube-apiserver /readyz" 180 api_get /readyz

start kube-controller-manager \
  --kubeconfig "$work/controller-manager.kubeconfig" \
  --authentication-kubeconfig "$work/controller-manager.kubeconfig" \
  --authorization-kubeconfig "$work/controller-manager.kubeconfig" \
  --bind-address 127.0.0.1 --secure-port "$kcm_port" --cert-dir "$work/controller-manager-certs" \
  --controllers namespace-controller,serviceaccount-controller,resourcequota-controller,garbage-collector-controller,persistentvolumeclaim-protection-controller,replicaset-controller,endpoints-controller,deployment-controller,statefulset-controller,daemonset-controller \
  --leader-elect=false --profiling=false
wait_for "the default service account" 120 api_get /api/v1/namespaces/default/serviceaccounts/default
log "control plane ready in $((SECONDS - control_plane_start))s: $api_url ($(api_get /version | sed -n 's/.*"gitVersion": *"\([^"]*\)".*/\1/p'))"

# --- the scenario ----------------------------------------------------------------------------------------------------
export PATH="$bin_dir:$PATH"
export KUBECONFIG=$work/kubeconfig
export PULUMI_BACKEND_URL="file://$work/state"
mkdir -p "$work/state"
export PULUMI_HOME=$cache_dir/pulumi-home
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
# Use the provider installed at the SDK's exact version below, not the copy that sits on PATH next to pulumi.
export PULUMI_IGNORE_AMBIENT_PLUGINS=true
export PULUMI_SKIP_CONFIRMATIONS=true
export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true
# The SDK's ts-node transpiles the program without type-checking it again: `npm test` type-checks the same files with the
# same tsconfig.json (tsc --noEmit), and every command that runs the program repeated the check (issue 16). The policy
# pack is still type-checked by the SDK (its run-policy-pack always does); a user's `pulumi up` type-checks both.
export PULUMI_NODEJS_TRANSPILE_ONLY=true
# The passphrase of the passphrase secrets provider the README's `pulumi stack select --create` sets up for the e2e
# stack (in a copy of the project). A test-only secret: the values it protects are throwaway random strings set by the
# scenario, which checks that none of them leaks into the exported state.
export PULUMI_CONFIG_PASSPHRASE=ecommerce-security-e2e
export ES_E2E_WORK=$work ES_E2E_API_URL=$api_url ES_E2E_TOKEN=$admin_token ES_E2E_CA_FILE=$pki/ca.crt
export ES_E2E_APISERVER_CMD_FILE=$work/kube-apiserver.cmd ES_E2E_APISERVER_PID_FILE=$work/kube-apiserver.pid ES_E2E_APISERVER_LOG=$work/kube-apiserver.log

# The provider plugins are installed from the cached build, each at the version its SDK (@pulumi/<name>) asks for:
# the Kubernetes provider, and our TLS and random stand-ins (tools/go/providers).
installed_providers=()
for provider in kubernetes tls random; do
  sdk_version=$(node -p "require('./node_modules/@pulumi/$provider/package.json').version")
  installed=$PULUMI_HOME/plugins/resource-$provider-v$sdk_version/pulumi-resource-$provider
  if ! cmp -s "$bin_dir/pulumi-resource-$provider" "$installed"; then
    pulumi plugin install resource "$provider" "v$sdk_version" --file "$bin_dir/pulumi-resource-$provider" --reinstall >&2
  fi
  installed_providers+=("$provider v$sdk_version")
done
log "pulumi $(pulumi version), providers: $(IFS=,; echo "${installed_providers[*]}" | sed 's/,/, /g')"

if [ -n "${ES_E2E_COMMAND:-}" ]; then
  # Debugging: run a command of your own against the live control plane instead of the scenario.
  scenario=(bash -c "$ES_E2E_COMMAND")
else
  scenario=(node_modules/.bin/tsx tools/e2e/scenario.ts)
fi
# In its own process group, in the background: bash runs a trap only once its foreground command ends, whereas
# `wait` returns at once on a signal, and cleanup can then stop the scenario with every pulumi, provider and node
# process under it.
setsid "${scenario[@]}" &
scenario_pid=$!
wait "$scenario_pid"
