/** The parts of mvdan-sh (a GopherJS build of mvdan.cc/sh, no bundled types) the command-line checks use. */
declare module "mvdan-sh" {
  /** A syntax node: its fields are the Go struct's (`Args`, `Param`, `Value`...). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Node = any;
  const sh: {
    syntax: {
      NewParser(): { Parse(src: string, name: string): Node };
      Walk(node: Node, visit: (node: Node) => boolean): void;
      NodeType(node: Node): string;
    };
  };
  export default sh;
}
