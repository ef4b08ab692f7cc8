// rsocket-js uses Node's global Buffer; esbuild injects this module wherever the bundle names it.
export { Buffer } from "buffer";
