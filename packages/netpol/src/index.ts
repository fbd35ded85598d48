// The NetworkPolicy reachability analyzer: what the rest of the project imports.
export { analyze, analyzeTopology } from "./analyze";
export type { AnalysisResult, Connection } from "./analyze";
export { ConnectionSet, protocols } from "./connection-set";
export type { PortsByProtocol, Protocol } from "./connection-set";
export { NetpolInputError } from "./errors";
export { connlistLines, formatConnlist, formatJson, formatResult, outputFormats } from "./format";
export type { JsonConnection, OutputFormat } from "./format";
export type { ExternalPeer, Peer, WorkloadPeer } from "./peers";
export { allowed, connectionsFrom, connectionsTo, findPeer } from "./query";
export { buildTopology } from "./topology";
export type { AnalyzerInput } from "./topology";
export * from "./ipv4";
