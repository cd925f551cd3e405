// Shared WebAssembly memories: typed arrays that worker threads read in place (through SharedArrayBuffers) and that
// WebAssembly kernels address directly.

export const PAGE_BYTES = 65_536;
/** wasm32 addresses 4 GiB. */
const MAX_PAGES = 65_536;

/**
 * A shared memory that can grow to 4 GiB: declaring the whole wasm32 space as the maximum lets any thread grow it
 * without knowing how it was made (V8 reserves the address space up front, not the memory). Page 0 stays free for the
 * statics of the kernels that import it.
 */
export function newSharedMemory(): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
}

/** Bytes `memory` can still take. */
export function sharedRoom(memory: WebAssembly.Memory): number {
  return MAX_PAGES * PAGE_BYTES - memory.buffer.byteLength;
}

/**
 * The byte offset of `bytes` fresh, zeroed bytes taken from `memory` (whole pages, so 8-byte aligned). Growing is atomic
 * across threads and returns where the new pages start, so threads take regions without coordinating.
 * @throws RangeError when the memory cannot grow that far.
 */
export function takeShared(memory: WebAssembly.Memory, bytes: number): number {
  return memory.grow(Math.max(1, Math.ceil(bytes / PAGE_BYTES))) * PAGE_BYTES;
}

/** Typed arrays that `sharedArrays` lays out: a constructor and a length. */
export type ArraySpec = readonly [new (buffer: ArrayBufferLike, byteOffset: number, length: number) => ArrayBufferView, number];

/** Bytes `sharedArrays` takes for `specs` (each array starts 8-byte aligned). */
export function sharedArraysBytes(specs: readonly ArraySpec[]): number {
  return specs.reduce((sum, [Ctor, n]) => sum + align8(bytesPer(Ctor) * n), 0);
}

/** New zeroed arrays in one region of `memory`, in the order of `specs`. @throws RangeError when it is full. */
export function sharedArrays(memory: WebAssembly.Memory, specs: readonly ArraySpec[]): ArrayBufferView[] {
  return sharedArraysAt(memory, takeShared(memory, sharedArraysBytes(specs)), specs);
}

/** Views of the arrays `specs` laid out from byte `offset` of `memory` (a region `sharedArrays` or `takeShared` took). */
export function sharedArraysAt(memory: WebAssembly.Memory, offset: number, specs: readonly ArraySpec[]): ArrayBufferView[] {
  let at = offset;
  const buffer = memory.buffer;
  return specs.map(([Ctor, n]) => {
    const view = new Ctor(buffer, at, n);
    at += align8(bytesPer(Ctor) * n);
    return view;
  });
}

function bytesPer(Ctor: ArraySpec[0]): number {
  return (Ctor as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
}

function align8(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}
