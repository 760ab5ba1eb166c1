// The streamed download body (app/features/hsds/export-stream.server.ts streamOf): batches are read only
// when asked for, the next one only once the client has taken the last, and reading stops (and the
// snapshot is released) when the client goes away.
import { describe, expect, it } from "vitest";
import { streamOf } from "../../app/features/hsds/export-stream.server";

function counting(n: number) {
  const state = { produced: 0, finalised: false };
  function* gen() {
    try {
      for (let i = 0; i < n; i++) {
        state.produced++;
        yield i === 1 ? "" : `chunk ${i}\n`;
      }
    } finally {
      state.finalised = true;
    }
  }
  return { state, gen: gen() };
}

const text = async (s: ReadableStream<Uint8Array>) => new Response(s).text();

describe("streamOf", () => {
  it("streams every non-empty chunk and releases at the end", async () => {
    const { state, gen } = counting(4);
    let done = 0;
    expect(await text(streamOf(gen, () => done++))).toBe("chunk 0\nchunk 2\nchunk 3\n");
    expect(state.produced).toBe(4);
    expect(done).toBe(1);
  });

  it("reads the next batch only when the client has room", async () => {
    const { state, gen } = counting(5);
    let room = false;
    const waits: number[] = [];
    const reader = streamOf(gen, () => undefined, {
      drained: async () => {
        waits.push(state.produced);
        while (!room) await new Promise((r) => setTimeout(r, 2));
        return true;
      },
    }).getReader();
    const first = reader.read();
    await new Promise((r) => setTimeout(r, 30));
    expect(state.produced).toBe(0); // nothing read from the database while the client is full
    room = true;
    expect(new TextDecoder().decode((await first).value)).toBe("chunk 0\n");
    await reader.cancel();
    expect(waits[0]).toBe(0);
  });

  it("stops reading and releases the snapshot when the client goes away", async () => {
    const { state, gen } = counting(1000);
    let done = 0;
    let connected = true;
    const reader = streamOf(gen, () => done++, { drained: async () => connected }).getReader();
    await reader.read();
    await reader.read();
    connected = false;
    expect((await reader.read()).done).toBe(true);
    expect(state.produced).toBeLessThan(10);
    expect(state.finalised).toBe(true);
    expect(done).toBe(1);
  });

  it("an aborted request releases at once", async () => {
    const { state, gen } = counting(1000);
    const ac = new AbortController();
    let done = 0;
    const reader = streamOf(gen, () => done++, { signal: ac.signal }).getReader();
    await reader.read();
    ac.abort();
    expect(done).toBe(1);
    expect(state.finalised).toBe(true);
    expect((await reader.read()).done).toBe(true);
  });
});
