// The part of the WebAssembly JavaScript API prodclass uses: TypeScript declares it only in its DOM and web-worker
// libraries, and @types/node 20 not at all, though Node provides it.

declare namespace WebAssembly {
  interface MemoryDescriptor {
    initial: number;
    maximum?: number;
    shared?: boolean;
  }

  class Memory {
    constructor(descriptor: MemoryDescriptor);
    readonly buffer: ArrayBuffer | SharedArrayBuffer;
    /** Adds `delta` pages of 64 KiB; returns the size in pages before (atomic on a shared memory). */
    grow(delta: number): number;
  }

  class Module {
    constructor(bytes: Uint8Array);
  }

  type Imports = Record<string, Record<string, Memory | ((...args: never[]) => unknown) | number>>;

  class Instance {
    constructor(module: Module, imports?: Imports);
    readonly exports: Record<string, unknown>;
  }
}
