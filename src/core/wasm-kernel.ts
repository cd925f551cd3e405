// The WebAssembly kernels `npm run build` compiles from assembly/ into wasm/: compiled once per thread, instantiated per memory.

import { readFileSync } from 'node:fs';
import { ProdclassError } from './errors.js';

const compiled = new Map<string, WebAssembly.Module>();

/**
 * The compiled module of `wasm/<name>.wasm`. @throws ProdclassError INTERNAL when the file is missing (a checkout
 * that was never built), naming the command that builds it.
 */
export function wasmKernel(name: string): WebAssembly.Module {
  let module = compiled.get(name);
  if (!module) {
    const file = new URL(`../../wasm/${name}.wasm`, import.meta.url);
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = new Uint8Array(readFileSync(file));
    } catch (error) {
      throw new ProdclassError('INTERNAL', `${file.pathname} is missing; build it with \`npm run build\``, { cause: error });
    }
    module = new WebAssembly.Module(bytes);
    compiled.set(name, module);
  }
  return module;
}
