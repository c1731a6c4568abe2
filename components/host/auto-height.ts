import type { Host } from './types.ts';

/**
 * Reports `element`'s height to the host whenever it changes (ResizeObserver), at most once per
 * animation frame. Returns a function that stops it.
 *
 * Loop guard: content that sizes itself from its container (e.g. `height: calc(100% + 1rem)`)
 * would grow each time the host grows the frame to the height we reported. That signature is a
 * growth measured right after a window resize that matched our last report; after two in a row
 * growth reports stop (with a console warning) until the content changes on its own.
 */
export function observeHeight(element: HTMLElement, host: Pick<Host, 'notifyIntrinsicHeight'>): () => void {
  let reported = -1;
  let frame = 0;
  let resizedAt = -Infinity;
  let loops = 0;

  const measure = () => {
    frame = 0;
    const height = Math.ceil(element.getBoundingClientRect().height);
    if (height === reported) return;
    const followsOurReport = performance.now() - resizedAt < 100 && Math.abs(innerHeight - reported) <= 1;
    if (height > reported && followsOurReport) {
      if (++loops > 2) {
        if (loops === 3) console.warn('[skylit] auto-height stopped: the content grows with its container.');
        return;
      }
    } else {
      loops = 0;
    }
    reported = height;
    host.notifyIntrinsicHeight(height);
  };
  const schedule = () => {
    frame ||= requestAnimationFrame(measure);
  };
  const onResize = () => {
    resizedAt = performance.now();
  };

  const observer = new ResizeObserver(schedule);
  observer.observe(element);
  addEventListener('resize', onResize);
  schedule();
  return () => {
    observer.disconnect();
    removeEventListener('resize', onResize);
    cancelAnimationFrame(frame);
  };
}
