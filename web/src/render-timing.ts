// Render-time marks of the pages (User Timing API): when a page's data arrived, and when what it drew from that data was painted.

import { useEffect } from 'react';

/** Marks `prodclass:<page>:data`: the page has its data (call just before putting it in state). */
export function markData(page: string): void {
  performance.mark(`prodclass:${page}:data`);
}

/**
 * Marks `prodclass:<page>:open` when the page mounts; once `drawn` turns true, marks `prodclass:<page>:rendered`
 * just after the next paint, and measures `prodclass:<page>:render` (data → painted) and `prodclass:<page>:ready`
 * (opened → painted: fetching and parsing the data included). A page's effects run after its children's, so the
 * charts have drawn (ECharts draws in setOption) by then.
 */
export function useRenderTiming(page: string, drawn: boolean): void {
  useEffect(() => {
    performance.mark(`prodclass:${page}:open`);
  }, [page]);
  useEffect(() => {
    if (!drawn) return;
    let timer: number | undefined;
    const frame = requestAnimationFrame(() => {
      // A task queued from a frame callback runs after that frame is painted.
      timer = window.setTimeout(() => {
        performance.mark(`prodclass:${page}:rendered`);
        performance.measure(`prodclass:${page}:render`, `prodclass:${page}:data`, `prodclass:${page}:rendered`);
        performance.measure(`prodclass:${page}:ready`, `prodclass:${page}:open`, `prodclass:${page}:rendered`);
      }, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [page, drawn]);
}
